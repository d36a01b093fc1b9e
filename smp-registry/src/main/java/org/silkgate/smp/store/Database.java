package org.silkgate.smp.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
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

    /**
     * The PostgreSQL channel on which every registry write announces the participant it changed (see
     * {@link PostgresChangeListener}). Channels are per database, not per schema.
     */
    public static final String CHANGES_CHANNEL = "silkgate_smp";

    /** The payload that means "anything may have changed" (a bulk load, or a key too long for a payload). */
    public static final String EVERYTHING = "*";

    /** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
    private static final int MAX_PAYLOAD_BYTES = 7999;

    private final JdbcConnectionPool pool;
    private final String url;
    private final String user;
    private final String password;
    private final AuditLog audit;

    private Database(JdbcConnectionPool pool, String url, String user, String password, AuditLog audit) {
        this.pool = pool;
        this.url = url;
        this.user = user;
        this.password = password;
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
        return new Database(pool, jdbcUrl, user, password, audit);
    }

    public DataSource dataSource() {
        return pool;
    }

    public String url() {
        return url;
    }

    /** True for PostgreSQL: several registry nodes may share it, so writes are announced (see {@link #announce}). */
    public boolean isShared() {
        return url.startsWith("jdbc:postgresql:");
    }

    /**
     * A listener for the writes of every node on this database (not started), or null for H2: an H2 file is opened
     * by one process only, whose writes drop its own hot documents directly.
     */
    public PostgresChangeListener changeListener(PostgresChangeListener.Invalidations target) {
        return isShared() ? new PostgresChangeListener(url, user, password, target) : null;
    }

    /**
     * Inside a write's transaction: tells every node listening on this database that {@code participantKey} changed
     * ({@link #EVERYTHING} for many participants). PostgreSQL delivers it only if and when the transaction commits,
     * so no node drops its copy before the new state is readable, and a rolled-back write announces nothing. No-op on
     * H2.
     */
    public void announce(Connection c, String participantKey) throws SQLException {
        if (!isShared()) return;
        String payload = participantKey.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES
                ? EVERYTHING
                : participantKey;
        // pg_notify rather than NOTIFY: it takes the payload as a bound parameter, never spliced into SQL
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, CHANGES_CHANNEL);
            ps.setString(2, payload);
            ps.execute();
        }
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
