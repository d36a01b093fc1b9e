package org.silkgate.smp;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.testing.TestPostgres;

/**
 * The registry contract on a real PostgreSQL server (CI's server or an embedded one, see {@link TestPostgres}), in a
 * schema of its own that is dropped afterwards.
 */
class SmpRegistryPostgresTest extends SmpRegistryContract {
    @TempDir
    static Path data;

    private static TestPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = TestPostgres.start("smp_test_");
        startRegistry(baseConfig(data).withDatabase(postgres.schemaUrl(), postgres.user(), postgres.password()));
    }

    @AfterAll
    static void dropSchema() throws Exception {
        try {
            stopRegistry();
        } finally {
            if (postgres != null) postgres.close();
        }
    }
}
