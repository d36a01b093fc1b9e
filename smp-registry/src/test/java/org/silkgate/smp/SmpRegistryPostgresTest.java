package org.silkgate.smp;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry contract on a real PostgreSQL server: the one named by {@code SILKGATE_TEST_PG_URL} (with
 * {@code SILKGATE_TEST_PG_USER} / {@code SILKGATE_TEST_PG_PASSWORD}), as CI provides it, else an embedded
 * PostgreSQL 16 started from the binaries in the Maven jar. Each run gets its own schema, dropped afterwards.
 */
class SmpRegistryPostgresTest extends SmpRegistryContract {
    @TempDir
    static Path data;

    private static EmbeddedPostgres embedded;
    private static String adminUrl;
    private static String user;
    private static String password;
    private static String schema;

    @BeforeAll
    static void start() throws Exception {
        String url = System.getenv("SILKGATE_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            adminUrl = url;
            user = System.getenv("SILKGATE_TEST_PG_USER");
            password = System.getenv("SILKGATE_TEST_PG_PASSWORD");
        } else {
            embedded = EmbeddedPostgres.builder().start();
            adminUrl = embedded.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = null;
        }
        schema = "smp_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String separator = adminUrl.contains("?") ? "&" : "?";
        startRegistry(baseConfig(data).withDatabase(adminUrl + separator + "currentSchema=" + schema, user, password));
    }

    @AfterAll
    static void dropSchema() throws Exception {
        stopRegistry();
        try {
            if (schema != null) {
                try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        } finally {
            if (embedded != null) embedded.close();
        }
    }
}
