package org.silkgate.ap.journal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The journal on a real PostgreSQL: the server named by {@code SILKGATE_TEST_PG_URL} (with {@code SILKGATE_TEST_PG_USER}
 * / {@code SILKGATE_TEST_PG_PASSWORD}), else an embedded PostgreSQL 16 from the Maven binaries. A schema per run.
 */
class JournalPostgresTest extends JournalContract {
    private static EmbeddedPostgres embedded;
    private static String adminUrl;
    private static String user;
    private static String password;
    private static String schema;
    private static Journal journal;

    @BeforeAll
    static void open() throws Exception {
        String url = System.getenv("SILKGATE_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            adminUrl = url;
            user = System.getenv("SILKGATE_TEST_PG_USER");
            password = System.getenv("SILKGATE_TEST_PG_PASSWORD");
        } else {
            embedded = EmbeddedPostgres.builder().start();
            adminUrl = embedded.getJdbcUrl("postgres", "postgres");
            user = "postgres";
        }
        schema = "ap_journal_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        StringBuilder journalUrl = new StringBuilder(adminUrl).append(adminUrl.contains("?") ? "&" : "?")
                .append("currentSchema=").append(schema);
        if (user != null && !adminUrl.contains("user=")) journalUrl.append("&user=").append(URLEncoder.encode(user, StandardCharsets.UTF_8));
        if (password != null) journalUrl.append("&password=").append(URLEncoder.encode(password, StandardCharsets.UTF_8));
        journal = Journal.open(journalUrl.toString());
    }

    @AfterAll
    static void close() throws Exception {
        try {
            if (journal != null) journal.close();
            try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        } finally {
            if (embedded != null) embedded.close();
        }
    }

    @Override
    Journal journal() { return journal; }
}
