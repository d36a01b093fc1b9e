package org.silkgate.security.audit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * The audit log on a real PostgreSQL: the server named by {@code SILKGATE_TEST_PG_URL} (with
 * {@code SILKGATE_TEST_PG_USER} / {@code SILKGATE_TEST_PG_PASSWORD}), as CI provides it, else an embedded
 * PostgreSQL 16 (the pattern of the schemas test-jar's TestPostgres, kept here so that this small module does not
 * depend on the schemas module). Every test gets a schema of its own; all are dropped afterwards.
 */
class AuditLogPostgresTest extends AuditLogContract {
    private static EmbeddedPostgres embedded;
    private static String adminUrl;
    private static String user;
    private static String password;
    private static final List<String> schemas = new ArrayList<>();

    private final List<JdbcConnectionPool> pools = new ArrayList<>();
    private final Map<DataSource, String> urls = new IdentityHashMap<>();

    @BeforeAll
    static void startPostgres() throws Exception {
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
    }

    @AfterAll
    static void dropSchemasAndStop() throws Exception {
        try {
            for (String schema : schemas) admin("DROP SCHEMA " + schema + " CASCADE");
        } finally {
            if (embedded != null) embedded.close();
        }
    }

    @Override
    DataSource freshDatabase() throws SQLException {
        String schema = "audit_test_" + UUID.randomUUID().toString().replace("-", "");
        admin("CREATE SCHEMA " + schema);
        schemas.add(schema);
        return pool(adminUrl + (adminUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    @Override
    DataSource secondPool(DataSource database) {
        return pool(urls.get(database));
    }

    private JdbcConnectionPool pool(String url) {
        PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
        pg.setURL(url);
        if (user != null) pg.setUser(user);
        if (password != null) pg.setPassword(password);
        JdbcConnectionPool pool = JdbcConnectionPool.create(pg);
        pool.setMaxConnections(16);
        pools.add(pool);
        urls.put(pool, url);
        return pool;
    }

    @AfterEach
    void closePools() {
        pools.forEach(JdbcConnectionPool::dispose);
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
