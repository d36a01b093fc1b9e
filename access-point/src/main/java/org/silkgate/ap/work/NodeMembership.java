package org.silkgate.ap.work;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.NodeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process as one node of an access point whose journal several nodes may share: it heartbeats, claims a message
 * before sending or delivering it, and adopts what gone nodes left pending.
 * <p>
 * Claims are taken in two places. In memory first, always: the same id may be on a queue twice (a re-queue after an
 * outage beside the original), and two consumers of one process must not work on it together. In the journal
 * second, when the journal is shared: the row names the run working on it, and a peer takes it only once that run is
 * gone (heartbeat older than the liveness window, a clean stop, or a restart of its node). An H2 journal belongs to
 * one process, so the in-memory claim is the whole story there and the send path pays no extra commit.
 */
public final class NodeMembership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeMembership.class);
    /** How often a node says it is alive. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** A run silent for this long is gone: long enough for a GC pause or a slow database, short for a failover. */
    public static final Duration LIVENESS = Duration.ofSeconds(10);

    private final String node;
    private final NodeRegistry registry;
    private final boolean sharedJournal;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean nameTaken = new AtomicBoolean();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "silkgate-node-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    private NodeMembership(String node, Journal journal, Clock clock) {
        this.node = node;
        this.registry = journal.nodes();
        this.sharedJournal = journal.shared();
        this.clock = clock;
    }

    /** Registers the node in the journal (a previous run of it is gone from now on) and starts its heartbeat. */
    public static NodeMembership join(String node, Journal journal, Clock clock) {
        NodeMembership membership = new NodeMembership(node, journal, clock);
        membership.registry.register(node, clock.instant());
        membership.heartbeats.scheduleWithFixedDelay(
                membership::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        return membership;
    }

    private void beat() {
        try {
            if (!registry.heartbeat(node, clock.instant()) && nameTaken.compareAndSet(false, true)) {
                LOG.error(
                        "another process runs as node '{}' on this journal: give each node its own --node name", node);
            }
        } catch (RuntimeException e) {
            // the journal is down: /health says so; the next beat tries again
            LOG.warn("node {} could not write its heartbeat: {}", node, e.getMessage());
        }
    }

    public String node() {
        return node;
    }

    /** True when a second process runs under this node's name: the two would take each other's work for a gone run's. */
    public boolean nameTaken() {
        return nameTaken.get();
    }

    /** What a claim attempt found. */
    public enum Claim {
        /** This node works on the message now; {@link #release} when done. */
        TAKEN,
        /** This process works on it already: the other attempt goes on. */
        BUSY_HERE,
        /** A live peer works on it, or it is no longer pending: look again once a gone peer would be known gone. */
        HELD_ELSEWHERE
    }

    public Claim claim(Direction direction, String messageId) {
        String key = direction + " " + messageId;
        if (!inFlight.add(key)) return Claim.BUSY_HERE;
        try {
            if (!sharedJournal || registry.claim(direction, messageId, liveSince())) return Claim.TAKEN;
        } catch (RuntimeException e) {
            inFlight.remove(key);
            throw e;
        }
        inFlight.remove(key);
        return Claim.HELD_ELSEWHERE;
    }

    /** Ends a {@link Claim#TAKEN} claim, whatever the attempt's outcome. */
    public void release(Direction direction, String messageId) {
        try {
            if (sharedJournal) registry.release(direction, messageId);
        } finally {
            inFlight.remove(direction + " " + messageId);
        }
    }

    /**
     * The pending messages this run should queue: those of gone runs, adopted now, and with {@code includeOwn} its
     * own (after a broker outage, when its own enqueues may have failed).
     */
    public List<NodeRegistry.Pending> adoptPending(Direction direction, boolean includeOwn) {
        return registry.adopt(direction, includeOwn, liveSince());
    }

    /** The nodes of this access point: live, lost (gone without a clean stop) or stopped. */
    public List<NodeStatus> nodes() {
        Instant liveSince = liveSince();
        return registry.runs().stream()
                .map(run -> new NodeStatus(
                        run.node(),
                        run.state(liveSince),
                        run.heartbeatAt(),
                        run.node().equals(node)))
                .toList();
    }

    /** @param self whether this is the node answering */
    public record NodeStatus(String node, NodeRegistry.NodeState state, Instant lastHeartbeat, boolean self) {}

    /** Runs with a heartbeat at or after this instant are live. */
    public Instant liveSince() {
        return liveSince(clock);
    }

    /** The same, for a tool that is no node itself (the offline commands). */
    public static Instant liveSince(Clock clock) {
        return clock.instant().minus(LIVENESS);
    }

    /**
     * Whether this node does the access point's once-per-group chores (the monthly reports): the live node running
     * longest, so the role moves only when that node goes. Two nodes may both believe it for one heartbeat while a
     * view changes; the chores it guards record what they did in the journal and look there first.
     */
    public boolean leads() {
        if (!sharedJournal) return true;
        Instant liveSince = liveSince();
        return registry.runs().stream()
                .filter(run -> run.state(liveSince) == NodeRegistry.NodeState.LIVE)
                .min(java.util.Comparator.comparing(NodeRegistry.NodeRun::startedAt)
                        .thenComparing(NodeRegistry.NodeRun::node))
                .map(run -> run.runId().equals(registry.runId()))
                .orElse(true);
    }

    /** A clean stop: peers adopt this node's pending work at once instead of after the liveness window. */
    @Override
    public void close() {
        heartbeats.shutdownNow();
        try {
            registry.stopped(node, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("node {} could not record its stop; peers take over after {}", node, LIVENESS);
        }
    }
}
