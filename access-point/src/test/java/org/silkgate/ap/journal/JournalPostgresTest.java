package org.silkgate.ap.journal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.silkgate.ap.files.Durability;
import org.silkgate.testing.TestPostgres;

/** The journal on a real PostgreSQL (CI's server or an embedded one, see {@link TestPostgres}), in a schema of its own. */
class JournalPostgresTest extends JournalContract {
    private static TestPostgres postgres;
    private static Journal journal;

    @BeforeAll
    static void open() throws Exception {
        postgres = TestPostgres.start("ap_journal_");
        journal = Journal.open(postgres.schemaUrlWithCredentials(), Durability.POWER_LOSS, java.time.Clock.systemUTC());
    }

    @AfterAll
    static void close() throws Exception {
        try {
            if (journal != null) journal.close();
        } finally {
            if (postgres != null) postgres.close();
        }
    }

    @Override
    Journal journal() {
        return journal;
    }
}
