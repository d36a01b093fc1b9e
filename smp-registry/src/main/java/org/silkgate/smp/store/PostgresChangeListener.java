package org.silkgate.smp.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears the writes of every registry node sharing one PostgreSQL database: a thread of its own holds a dedicated
 * connection (not one of the pool's: a LISTEN belongs to its session, and a pooled connection is handed to other
 * work) that LISTENs on {@link Database#CHANGES_CHANNEL} and passes each announced participant to its
 * {@link Invalidations}.
 *
 * <p>Notifications sent while the connection is down are lost (PostgreSQL queues them only for live sessions), so
 * the target is told {@link Invalidations#listenerDown()} as soon as the connection fails, and
 * {@link Invalidations#listenerUp()} only after a new connection's LISTEN has succeeded: from then on every commit is
 * announced, and everything older must be read again. The thread retries with a growing pause (up to
 * {@link #MAX_RETRY_MILLIS}) until {@link #close()}.
 */
public final class PostgresChangeListener implements AutoCloseable {
    /** What the listener's owner does with what it hears. Called on the listener thread, one call at a time. */
    public interface Invalidations {
        /** A committed write changed this participant (its {@code participant_key}). */
        void participantChanged(String participantKey);

        /** A committed write changed many participants at once (a bulk load). */
        void everythingChanged();

        /** The connection is lost: from now on writes of other nodes go unheard, so nothing may be served hot. */
        void listenerDown();

        /** LISTEN is active (again): what was heard before may be stale, and anything hot may be kept from now on. */
        void listenerUp();
    }

    /** The name the listener's session shows in {@code pg_stat_activity.application_name}. */
    public static final String APPLICATION_NAME = "silkgate-smp-listener";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresChangeListener.class);
    /** How long one wait for notifications blocks; bounds how fast {@link #close()} is noticed. */
    private static final int POLL_MILLIS = 500;
    /**
     * A silent network loss is not seen by a blocked read; a query every few seconds notices it (within the socket
     * timeout below) where waiting for a notification never would.
     */
    private static final long PROBE_MILLIS = 5_000;

    private static final int SOCKET_TIMEOUT_SECONDS = 15;
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long MAX_RETRY_MILLIS = 5_000;

    private final String url;
    private final String user;
    private final String password;
    private final Invalidations target;
    private final Thread thread;
    private final CountDownLatch firstListen = new CountDownLatch(1);
    private volatile boolean listening;
    private volatile boolean closed;
    private volatile Connection connection;

    PostgresChangeListener(String url, String user, String password, Invalidations target) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.target = target;
        this.thread = new Thread(this::run, "smp-change-listener");
        this.thread.setDaemon(true);
    }

    /**
     * Starts the thread and waits up to {@code maxWaitMillis} for the first LISTEN; returns whether it is listening.
     * A registry that starts while PostgreSQL is unreachable keeps retrying (and serves nothing hot meanwhile).
     */
    public boolean start(long maxWaitMillis) throws InterruptedException {
        thread.start();
        return firstListen.await(maxWaitMillis, TimeUnit.MILLISECONDS) && listening;
    }

    /** True while the thread runs and its connection LISTENs: what {@code /health} reports. */
    public boolean isListening() {
        return listening && thread.isAlive();
    }

    private void run() {
        long retry = FIRST_RETRY_MILLIS;
        try {
            while (!closed) {
                try (Connection c = connect()) {
                    connection = c;
                    listen(c);
                    retry = FIRST_RETRY_MILLIS;
                    receive(c);
                } catch (SQLException | RuntimeException e) {
                    if (closed) break;
                    if (listening) {
                        LOG.warn(
                                "lost the PostgreSQL change listener ({}): serving from the database until it is back",
                                e.getMessage());
                    } else {
                        LOG.debug("cannot listen for registry changes: {}", e.getMessage());
                    }
                    down();
                    Thread.sleep(retry);
                    retry = Math.min(retry * 2, MAX_RETRY_MILLIS);
                } finally {
                    connection = null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            down();
            firstListen.countDown();
        }
    }

    /** Configured as the pool's connections are ({@link Database#open}): the user and password given win over the URL's. */
    private Connection connect() throws SQLException {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(url);
        if (user != null) source.setUser(user);
        if (password != null) source.setPassword(password);
        source.setApplicationName(APPLICATION_NAME);
        source.setTcpKeepAlive(true);
        source.setSocketTimeout(SOCKET_TIMEOUT_SECONDS);
        return source.getConnection();
    }

    private void listen(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + Database.CHANGES_CHANNEL);
        }
        // Up only now: every commit from here on reaches us, and listenerUp drops whatever was kept before.
        listening = true;
        target.listenerUp();
        firstListen.countDown();
        LOG.info("listening for registry changes on PostgreSQL channel {}", Database.CHANGES_CHANNEL);
    }

    private void receive(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long nextProbe = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS);
        while (!closed) {
            PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
            if (notifications != null) {
                for (PGNotification n : notifications) {
                    if (!Database.CHANGES_CHANNEL.equals(n.getName())) continue;
                    if (Database.EVERYTHING.equals(n.getParameter())) target.everythingChanged();
                    else target.participantChanged(n.getParameter());
                }
            }
            if (System.nanoTime() - nextProbe > 0) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                nextProbe = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS);
            }
        }
    }

    private void down() {
        listening = false;
        // Also when a first connection never came up: the owner must not serve hot copies it cannot keep fresh.
        target.listenerDown();
    }

    /** Stops the thread and closes its connection (which also ends the session's LISTEN). */
    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.close(); // unblocks a wait on the socket at once
            } catch (SQLException e) {
                LOG.debug("closing the change listener's connection: {}", e.getMessage());
            }
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(SOCKET_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
