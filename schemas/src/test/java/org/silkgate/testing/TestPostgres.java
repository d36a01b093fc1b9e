package org.silkgate.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A real PostgreSQL for the tests of every module that stores data: the server named by {@code SILKGATE_TEST_PG_URL}
 * (with {@code SILKGATE_TEST_PG_USER} / {@code SILKGATE_TEST_PG_PASSWORD}), as CI provides it, else an embedded
 * PostgreSQL 16 started from the binaries in the Maven jar. Each instance owns a fresh schema, dropped on close.
 * Shared through the schemas test-jar, the one test-support jar of the project.
 */
public final class TestPostgres implements AutoCloseable {
    private final EmbeddedPostgres embedded;
    private final String adminUrl;
    private final String user;
    private final String password;
    private final String schema;

    private TestPostgres(EmbeddedPostgres embedded, String adminUrl, String user, String password, String schema) {
        this.embedded = embedded;
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.schema = schema;
    }

    /** Connects (or starts the embedded server) and creates a schema named {@code prefix} plus a random suffix. */
    public static TestPostgres start(String schemaPrefix) throws IOException, SQLException {
        String url = System.getenv("SILKGATE_TEST_PG_URL");
        EmbeddedPostgres embedded = null;
        String adminUrl;
        String user;
        String password;
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
        String schema = schemaPrefix + UUID.randomUUID().toString().replace("-", "");
        TestPostgres postgres = new TestPostgres(embedded, adminUrl, user, password, schema);
        postgres.execute("CREATE SCHEMA " + schema);
        return postgres;
    }

    /** The JDBC URL of this instance's schema, without credentials. */
    public String schemaUrl() {
        return adminUrl + (adminUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** {@link #schemaUrl()} with the credentials as URL parameters, for code that takes a URL only. */
    public String schemaUrlWithCredentials() {
        StringBuilder url = new StringBuilder(schemaUrl());
        if (user != null && !adminUrl.contains("user="))
            url.append("&user=").append(URLEncoder.encode(user, StandardCharsets.UTF_8));
        if (password != null) url.append("&password=").append(URLEncoder.encode(password, StandardCharsets.UTF_8));
        return url.toString();
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() throws Exception {
        try {
            execute("DROP SCHEMA " + schema + " CASCADE");
        } finally {
            if (embedded != null) embedded.close();
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
