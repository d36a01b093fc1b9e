package org.silkgate.ap.journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the H2 journal file from growing without bound, and forces it to disk when asked: the one class that reaches
 * into H2's store. The journal runs H2 with {@code WRITE_DELAY=0} so that every commit is written to the file before
 * it is acknowledged (H2 does not sync it); H2 then starts no background writer, and that writer is what rewrites
 * sparse chunks. Without it each commit's chunk stays pinned by the one or two of its pages still live, and the file
 * grows with every message. This thread does that rewrite once a second: {@link MVStore#compact} marks the live
 * pages of sparse chunks, and the store commit writes them out densely (what the background writer would do); H2
 * frees the emptied chunks once its retention time has passed. The commit writes only what is already committed or
 * covered by H2's undo log, so durability is unchanged.
 */
final class H2Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);
    /** Chunks whose live share is below this are rewritten. */
    private static final int TARGET_FILL_RATE = 80;
    /** Bytes rewritten per round at most, so one round never holds the store for long. */
    private static final int REWRITE_BYTES_PER_ROUND = 16 << 20;

    private final MVStore store;
    private final ScheduledExecutorService timer;

    private H2Housekeeping(MVStore store) {
        this.store = store;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "silkgate-journal-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::compact, 1, 1, TimeUnit.SECONDS);
    }

    /** Starts housekeeping for the H2 database behind {@code database}. */
    static H2Housekeeping start(DataSource database) throws SQLException {
        try (Connection connection = database.getConnection()) {
            SessionLocal session =
                    (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            return new H2Housekeeping(session.getDatabase().getStore().getMvStore());
        }
    }

    private void compact() {
        if (store.isClosed()) return;
        try {
            store.compact(TARGET_FILL_RATE, REWRITE_BYTES_PER_ROUND);
            store.commit();
        } catch (RuntimeException e) {
            // The next round tries again; a store closed under us is not an error.
            if (!store.isClosed()) LOG.warn("journal housekeeping failed: {}", e.toString());
        }
    }

    /** Forces what the store has written to disk: H2 writes a commit without syncing it. */
    void syncToDisk() {
        store.sync();
    }

    /** Live share of the chunks in the file, in percent: what compaction keeps up. */
    int chunksFillRate() {
        return store.getFileStore().getChunksFillRate();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
