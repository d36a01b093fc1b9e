package org.silkgate.ap.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The journal's record of the nodes sharing it ({@code ap_node}), and the two things that keep their work apart: the
 * claim a node takes on a message before it sends or delivers it, and the adoption of the pending messages of a run
 * that is gone. A run is live while its heartbeat is newer than the liveness bound the caller passes, it has not
 * stopped, and no newer run of the same node replaced it.
 */
public final class NodeRegistry {
    private static final String DUPLICATE_KEY = "23505";
    private static final String LIVE_RUNS = "SELECT run_id FROM ap_node WHERE heartbeat_at >= ? AND stopped_at IS NULL";

    private final DataSource database;
    private final String runId;

    NodeRegistry(DataSource database, String runId) {
        this.database = database;
        this.runId = runId;
    }

    /** This process's run: the journal stamps it on what this process accepts or receives. */
    public String runId() {
        return runId;
    }

    /** A node's row as last written. */
    public record NodeRun(
            String node, String runId, Instant startedAt, Instant heartbeatAt, Optional<Instant> stoppedAt) {
        /** @param liveSince a run whose last heartbeat is older is gone */
        public NodeState state(Instant liveSince) {
            if (stoppedAt.isPresent()) return NodeState.STOPPED;
            return heartbeatAt.isBefore(liveSince) ? NodeState.LOST : NodeState.LIVE;
        }
    }

    /** Live; lost (gone without a clean stop: killed, or its machine lost); stopped cleanly. */
    public enum NodeState {
        LIVE,
        LOST,
        STOPPED
    }

    /** A pending message adopted by this run: queue it again, not before {@code due}. */
    public record Pending(String messageId, MessageState state, Optional<Instant> due) {}

    /**
     * Registers this run as {@code node}: a previous run of the same node (this process before a crash) is gone from
     * now on, so its claims and pending messages are free at once.
     */
    public void register(String node, Instant now) {
        try (Connection connection = database.getConnection()) {
            if (updateRun(connection, node, now) == 1) return;
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO ap_node (node, run_id, started_at, heartbeat_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, node);
                insert.setString(2, runId);
                insert.setObject(3, utc(now));
                insert.setObject(4, utc(now));
                insert.executeUpdate();
            } catch (SQLException e) {
                // two runs of one node starting at once: the later update wins, as after a restart
                if (!DUPLICATE_KEY.equals(e.getSQLState()) || updateRun(connection, node, now) != 1) throw e;
            }
        } catch (SQLException e) {
            throw new Journal.JournalException("cannot register node " + node + " in the journal", e);
        }
    }

    private int updateRun(Connection connection, String node, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE ap_node SET run_id = ?, started_at = ?,"
                + " heartbeat_at = ?, stopped_at = NULL WHERE node = ?")) {
            update.setString(1, runId);
            update.setObject(2, utc(now));
            update.setObject(3, utc(now));
            update.setString(4, node);
            return update.executeUpdate();
        }
    }

    /** @return false when another run has taken this node's name (a second process started with the same name) */
    public boolean heartbeat(String node, Instant now) {
        return update(
                        "UPDATE ap_node SET heartbeat_at = ? WHERE node = ? AND run_id = ? AND stopped_at IS NULL",
                        utc(now),
                        node,
                        runId)
                == 1;
    }

    /** A clean stop: the run is gone at once, and the node is not reported lost. */
    public void stopped(String node, Instant now) {
        update("UPDATE ap_node SET stopped_at = ? WHERE node = ? AND run_id = ?", utc(now), node, runId);
    }

    /**
     * Forgets a node that will not come back (its machine retired), so that {@code /health} stops reporting it lost.
     *
     * @return false when there is no such node, or it is live (heartbeat at or after {@code liveSince}, not stopped)
     */
    public boolean forget(String node, Instant liveSince) {
        return update(
                        "DELETE FROM ap_node WHERE node = ? AND (stopped_at IS NOT NULL OR heartbeat_at < ?)",
                        node,
                        utc(liveSince))
                == 1;
    }

    public List<NodeRun> runs() {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT node, run_id, started_at, heartbeat_at, stopped_at FROM ap_node ORDER BY node");
                ResultSet rows = select.executeQuery()) {
            List<NodeRun> runs = new ArrayList<>();
            while (rows.next()) {
                runs.add(new NodeRun(
                        rows.getString(1),
                        rows.getString(2),
                        rows.getObject(3, OffsetDateTime.class).toInstant(),
                        rows.getObject(4, OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rows.getObject(5, OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant)));
            }
            return runs;
        } catch (SQLException e) {
            throw new Journal.JournalException("cannot read the nodes of the journal", e);
        }
    }

    /**
     * Takes the message for this run, unless it is final or a live run (this one included) holds it: one node at a
     * time sends or delivers a message. Claiming also makes this run its owner, so that if this run dies while
     * working on it, a live one adopts it.
     *
     * @param liveSince a run whose last heartbeat is older is gone
     */
    public boolean claim(Direction direction, String messageId, Instant liveSince) {
        return update(
                        "UPDATE message SET claimed_by = ?, owner_run = ? WHERE direction = ? AND message_id = ?"
                                + " AND state IN ('ACCEPTED', 'RETRYING', 'RECEIVED')"
                                + " AND (claimed_by IS NULL OR claimed_by NOT IN (" + LIVE_RUNS + "))",
                        runId,
                        runId,
                        direction.name(),
                        messageId,
                        utc(liveSince))
                == 1;
    }

    /** Lets go of a claim this run still holds (a state change lets go by itself). */
    public void release(Direction direction, String messageId) {
        update(
                "UPDATE message SET claimed_by = NULL WHERE direction = ? AND message_id = ? AND claimed_by = ?",
                direction.name(),
                messageId,
                runId);
    }

    /**
     * Makes this run the owner of the pending messages (ACCEPTED and RETRYING outbound, RECEIVED inbound) whose owner
     * is gone, and, with {@code includeOwn}, returns those it owns already too; oldest first. A message a live peer
     * owns is never taken: the peer queued it and works on it.
     */
    public List<Pending> adopt(Direction direction, boolean includeOwn, Instant liveSince) {
        String states = direction == Direction.OUTBOUND ? "'ACCEPTED', 'RETRYING'" : "'RECEIVED'";
        String sql = "SELECT message_id, state, next_attempt_at, owner_run FROM message WHERE direction = ?"
                + " AND state IN (" + states + ") AND (owner_run IS NULL OR owner_run NOT IN (" + LIVE_RUNS + ")"
                + (includeOwn ? " OR owner_run = ?" : "") + ") ORDER BY created_at";
        try (Connection connection = database.getConnection()) {
            List<Pending> found = new ArrayList<>();
            List<Optional<String>> previousOwners = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, direction.name());
                select.setObject(2, utc(liveSince));
                if (includeOwn) select.setString(3, runId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(new Pending(
                                rows.getString(1),
                                MessageState.valueOf(rows.getString(2)),
                                Optional.ofNullable(rows.getObject(3, OffsetDateTime.class))
                                        .map(OffsetDateTime::toInstant)));
                        previousOwners.add(Optional.ofNullable(rows.getString(4)));
                    }
                }
            }
            return takeOver(connection, direction, found, previousOwners);
        } catch (SQLException e) {
            throw new Journal.JournalException("cannot adopt the pending messages of gone nodes", e);
        }
    }

    /** Each owner changes only if nobody changed it since it was read: of two nodes adopting at once, one wins. */
    private List<Pending> takeOver(
            Connection connection, Direction direction, List<Pending> found, List<Optional<String>> previousOwners)
            throws SQLException {
        if (found.isEmpty()) return found;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement update = connection.prepareStatement("UPDATE message SET owner_run = ? WHERE direction"
                + " = ? AND message_id = ? AND COALESCE(owner_run, '') = ?")) {
            for (int i = 0; i < found.size(); i++) {
                update.setString(1, runId);
                update.setString(2, direction.name());
                update.setString(3, found.get(i).messageId());
                update.setString(4, previousOwners.get(i).orElse(""));
                update.addBatch();
            }
            int[] counts = update.executeBatch();
            connection.commit();
            List<Pending> taken = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
                // a driver may report SUCCESS_NO_INFO (-2) for a batched row: only 0 is certainly lost to another
                if (counts[i] != 0) taken.add(found.get(i));
            }
            return taken;
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private int update(String sql, Object... parameters) {
        try (Connection connection = database.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) update.setObject(i + 1, parameters[i]);
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new Journal.JournalException("cannot update the journal's nodes and claims", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
