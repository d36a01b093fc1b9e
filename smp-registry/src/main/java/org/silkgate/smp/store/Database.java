package org.silkgate.smp.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.ConnectionPoolDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGConnectionPoolDataSource;
import org.silkgate.security.audit.AuditLog;

/**
 * The registry database: H2 in file mode under the data directory, or PostgreSQL for a {@code jdbc:postgresql:}
 * URL. The schema is migrated by Flyway on open, the registry's tables first, then the audit log's. Connections are
 * pooled by H2's small pool for both engines.
 */
public final class Database implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 16;

    private final JdbcConnectionPool pool;
    private final String url;
    private final AuditLog audit;

    private Database(JdbcConnectionPool pool, String url, AuditLog audit) {
        this.pool = pool;
        this.url = url;
        this.audit = audit;
    }

    /** The default embedded store: an H2 database file {@code smp.mv.db} in {@code dataDir}. */
    public static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("smp") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    public static Database open(String jdbcUrl, String user, String password) {
        ConnectionPoolDataSource source;
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
            pg.setURL(jdbcUrl);
            if (user != null) pg.setUser(user);
            if (password != null) pg.setPassword(password);
            source = pg;
        } else if (jdbcUrl.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(jdbcUrl);
            h2.setUser(user == null ? "" : user);
            h2.setPassword(password == null ? "" : password);
            source = h2;
        } else {
            throw new IllegalArgumentException(
                    "unsupported database URL '" + jdbcUrl + "': use jdbc:h2:... or jdbc:postgresql:...");
        }
        JdbcConnectionPool pool = JdbcConnectionPool.create(source);
        pool.setMaxConnections(MAX_CONNECTIONS);
        AuditLog audit;
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/smp")
                    .table("smp_schema_history")
                    .load()
                    .migrate();
            audit = AuditLog.open(pool);
        } catch (RuntimeException e) {
            pool.dispose();
            throw new IllegalStateException("cannot open the registry database " + jdbcUrl + ": " + e.getMessage(), e);
        }
        return new Database(pool, jdbcUrl, audit);
    }

    public DataSource dataSource() {
        return pool;
    }

    public String url() {
        return url;
    }

    /** The registry's audit log, in this database: writes append to it inside their own transaction. */
    public AuditLog audit() {
        return audit;
    }

    /** Work that runs inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction, committed on return and rolled back on any exception. */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Runs a read on an auto-commit connection. */
    public <T> T read(Work<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(true);
            return work.run(c);
        }
    }

    /** Closes the pool; an H2 file database closes with its last connection, so the directory can be reopened. */
    @Override
    public void close() {
        pool.dispose();
    }
}
