package org.silkgate.ap.journal;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class JournalH2Test extends JournalContract {
    @TempDir
    static Path data;
    static Journal journal;

    @BeforeAll
    static void open() {
        journal = Journal.open(Journal.defaultJdbcUrl(data));
    }

    @AfterAll
    static void close() {
        journal.close();
    }

    @Override
    Journal journal() { return journal; }
}
