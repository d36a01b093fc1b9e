package org.silkgate.ap.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the journal's writes on one thread and commits the writes that arrived together in one transaction: the
 * commit is the dear part of a write (H2 stores its changed pages, PostgreSQL flushes its log), and under load
 * several messages' writes share one. A write returns only after its transaction committed, so "journaled before
 * acknowledged" holds for each of them.
 * <p>
 * A batch that fails as a whole (a duplicate key, a message that is not there) is rolled back and its writes run
 * again one transaction each, so one bad write never takes the others with it.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int MAX_BATCH = 64;

    /** One write: statements on the writer's connection, inside its transaction. */
    @FunctionalInterface
    interface Write<T> {
        T apply(Statements statements) throws SQLException;
    }

    /** The writer's prepared statements, each prepared once per connection, and the connection itself. */
    interface Statements {
        PreparedStatement prepare(String sql) throws SQLException;

        /** The connection, inside the writer's transaction, for a library that writes on it (the audit log). */
        Connection connection() throws SQLException;
    }

    /** Opens the writer's connection (again, after a failure). */
    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private record Pending<T>(Write<T> write, CompletableFuture<T> done) {
        Object run(Statements statements) throws SQLException {
            return write.apply(statements);
        }

        @SuppressWarnings("unchecked")
        void complete(Object result) {
            done.complete((T) result);
        }
    }

    private final ConnectionSource connections;
    private final Runnable afterCommit;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    private final Statements statements = new Statements() {
        @Override
        public PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement statement = prepared.get(sql);
            if (statement == null) {
                statement = connection().prepareStatement(sql);
                prepared.put(sql, statement);
            }
            return statement;
        }

        @Override
        public Connection connection() throws SQLException {
            return GroupCommitWriter.this.connection();
        }
    };

    /** @param afterCommit runs after each commit, before the writes it committed return */
    GroupCommitWriter(String name, ConnectionSource connections, Runnable afterCommit) {
        this.connections = connections;
        this.afterCommit = afterCommit;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs a write in a committed transaction and returns its result once the transaction committed. */
    <T> T write(Write<T> write) throws SQLException {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (!running) throw new SQLException("the journal is closed");
        queue.add(new Pending<>(write, done));
        try {
            while (true) {
                try {
                    return done.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    // a write queued while the journal closed would otherwise wait for ever
                    if (!thread.isAlive() && !done.isDone()) throw new SQLException("the journal is closed");
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) throw sql;
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw new SQLException("journal write failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the journal", e);
        }
    }

    private void loop() {
        List<Pending<?>> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                runBatch(batch);
            } catch (InterruptedException e) {
                running = false;
            } catch (RuntimeException e) {
                LOG.error("the journal writer failed", e);
                batch.forEach(pending -> pending.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        queue.forEach(pending -> pending.done().completeExceptionally(new SQLException("the journal is closed")));
        closeConnection();
    }

    private void runBatch(List<Pending<?>> batch) {
        if (batch.size() == 1) {
            runAlone(batch.get(0));
            return;
        }
        List<Object> results = new ArrayList<>(batch.size());
        try {
            for (Pending<?> pending : batch) results.add(pending.run(statements));
            connection().commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            for (Pending<?> pending : batch) runAlone(pending);
            return;
        }
        completeCommitted(batch, results);
    }

    private void runAlone(Pending<?> pending) {
        Object result;
        try {
            result = pending.run(statements);
            connection().commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            pending.done().completeExceptionally(e);
            return;
        }
        completeCommitted(List.of(pending), Collections.singletonList(result));
    }

    /** Committed writes return once {@code afterCommit} is done; if it fails they fail, and are never run again. */
    private void completeCommitted(List<Pending<?>> committed, List<Object> results) {
        try {
            afterCommit.run();
        } catch (RuntimeException e) {
            SQLException failure =
                    new SQLException("the journal committed but could not force the commit to disk: " + e, e);
            committed.forEach(pending -> pending.done().completeExceptionally(failure));
            return;
        }
        for (int i = 0; i < committed.size(); i++) committed.get(i).complete(results.get(i));
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = connections.open();
            connection.setAutoCommit(false);
        }
        return connection;
    }

    /** Rolls back; a connection that cannot even do that is dropped and reopened for the next write. */
    private void rollbackQuietly() {
        if (connection == null) return;
        try {
            connection.rollback();
        } catch (SQLException e) {
            closeConnection();
        }
    }

    private void closeConnection() {
        if (connection == null) return;
        prepared.clear(); // closed with their connection
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the journal writer's connection failed", e);
        }
        connection = null;
    }

    /** Finishes the writes already queued, then stops. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
