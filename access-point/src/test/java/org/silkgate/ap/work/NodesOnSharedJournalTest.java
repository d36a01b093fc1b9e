package org.silkgate.ap.work;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.TestClock;
import org.silkgate.ap.files.Durability;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.NodeRegistry;
import org.silkgate.ap.model.DocumentTypeId;
import org.silkgate.ap.model.Envelope;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.model.ProcessId;
import org.silkgate.testing.TestPostgres;

/**
 * Nodes of one access point on one PostgreSQL journal, each node a {@link Journal} of its own as a process would open
 * it: claims keep two nodes off one message, a gone node's claims and pending messages pass to a live one, and a live
 * node's never do. A node is "killed" by closing its journal without a clean stop, and the shared clock then moves
 * past the liveness window.
 */
class NodesOnSharedJournalTest {
    private static TestPostgres postgres;

    @TempDir
    Path data;

    private final TestClock clock = TestClock.stoppedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private final List<Journal> opened = new ArrayList<>();

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = TestPostgres.start("ap_nodes_");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) postgres.close();
    }

    @BeforeEach
    void emptyTheJournal() throws Exception {
        try (Journal journal = open();
                var connection = journal.database().getConnection();
                var statement = connection.createStatement()) {
            statement.execute("DELETE FROM message_content");
            statement.execute("DELETE FROM message_state_change");
            statement.execute("DELETE FROM message");
            statement.execute("DELETE FROM ap_node");
        }
        opened.clear();
    }

    @AfterEach
    void closeJournals() {
        opened.forEach(journal -> {
            try {
                journal.close();
            } catch (RuntimeException alreadyClosed) {
                // a killed node's journal
            }
        });
    }

    @Test
    void aLivePeersClaimKeepsTheOtherNodeOffTheMessageUntilThePeerIsGone() {
        Node a = node("a");
        Node b = node("b");
        String id = accepted(a.journal);

        assertEquals(NodeMembership.Claim.TAKEN, a.membership.claim(Direction.OUTBOUND, id));
        assertEquals(NodeMembership.Claim.BUSY_HERE, a.membership.claim(Direction.OUTBOUND, id));
        assertEquals(NodeMembership.Claim.HELD_ELSEWHERE, b.membership.claim(Direction.OUTBOUND, id));

        a.kill();
        assertEquals(
                NodeMembership.Claim.HELD_ELSEWHERE,
                b.membership.claim(Direction.OUTBOUND, id),
                "within the liveness window a silent node may only be slow");
        clock.advance(NodeMembership.LIVENESS.plusSeconds(1));
        assertEquals(NodeMembership.Claim.TAKEN, b.membership.claim(Direction.OUTBOUND, id));
    }

    @Test
    void aReleasedOrSettledClaimLetsThePeerTakeTheMessageAndAFinalMessageIsClaimedByNobody() {
        Node a = node("a");
        Node b = node("b");
        String id = accepted(a.journal);

        assertEquals(NodeMembership.Claim.TAKEN, a.membership.claim(Direction.OUTBOUND, id));
        a.membership.release(Direction.OUTBOUND, id);
        assertEquals(NodeMembership.Claim.TAKEN, b.membership.claim(Direction.OUTBOUND, id));
        b.journal.retrying(id, "connection refused", clock.instant().plusSeconds(5)); // a state change lets go
        b.membership.release(Direction.OUTBOUND, id);
        assertEquals(NodeMembership.Claim.TAKEN, a.membership.claim(Direction.OUTBOUND, id));
        a.journal.sent(id, "SG-AP-GE-001");
        a.membership.release(Direction.OUTBOUND, id);

        assertEquals(NodeMembership.Claim.HELD_ELSEWHERE, b.membership.claim(Direction.OUTBOUND, id));
    }

    @Test
    void aRestartedNodeFreesItsPreviousRunsClaimsAtOnce() {
        Node a = node("a");
        Node b = node("b");
        String id = accepted(a.journal);
        assertEquals(NodeMembership.Claim.TAKEN, a.membership.claim(Direction.OUTBOUND, id));
        a.kill();

        Node restarted = node("a");

        assertEquals(NodeMembership.Claim.TAKEN, b.membership.claim(Direction.OUTBOUND, id));
        assertEquals(NodeMembership.Claim.HELD_ELSEWHERE, restarted.membership.claim(Direction.OUTBOUND, id));
    }

    @Test
    void aNodeAdoptsTheGoneNodesPendingMessagesButNeverALivePeers() {
        Node a = node("a");
        Node b = node("b");
        List<String> accepted = List.of(accepted(a.journal), accepted(a.journal), accepted(a.journal));
        String received = received(a.journal);

        assertEquals(List.of(), b.membership.adoptPending(Direction.OUTBOUND, false));
        assertEquals(List.of(), b.membership.adoptPending(Direction.INBOUND, false));
        assertEquals(
                Set.copyOf(accepted),
                Set.copyOf(ids(a.membership.adoptPending(Direction.OUTBOUND, true))),
                "a's own, after an outage");

        a.kill();
        clock.advance(NodeMembership.LIVENESS.plusSeconds(1));
        b.beat(); // b stays live while the clock moves

        assertEquals(Set.copyOf(accepted), Set.copyOf(ids(b.membership.adoptPending(Direction.OUTBOUND, false))));
        assertEquals(List.of(received), ids(b.membership.adoptPending(Direction.INBOUND, false)));
        Node c = node("c");
        assertEquals(List.of(), c.membership.adoptPending(Direction.OUTBOUND, false), "b is live and owns them now");
    }

    @Test
    void twoNodesAdoptingAtOnceTakeEachMessageOnce() throws Exception {
        Node a = node("a");
        Set<String> accepted = new HashSet<>();
        for (int i = 0; i < 300; i++) accepted.add(accepted(a.journal));
        a.kill();
        clock.advance(NodeMembership.LIVENESS.plusSeconds(1));
        Node b = node("b");
        Node c = node("c");

        CompletableFuture<List<NodeRegistry.Pending>> byB =
                CompletableFuture.supplyAsync(() -> b.membership.adoptPending(Direction.OUTBOUND, false));
        CompletableFuture<List<NodeRegistry.Pending>> byC =
                CompletableFuture.supplyAsync(() -> c.membership.adoptPending(Direction.OUTBOUND, false));
        Set<String> takenByB = Set.copyOf(ids(byB.get()));
        Set<String> takenByC = Set.copyOf(ids(byC.get()));

        assertTrue(takenByB.stream().noneMatch(takenByC::contains), "a message adopted by both");
        Set<String> all = new HashSet<>(takenByB);
        all.addAll(takenByC);
        assertEquals(accepted, all);
    }

    @Test
    void theLongestRunningLiveNodeLeadsAndTheNextTakesOverWhenItGoes() {
        Node a = node("a");
        clock.advance(Duration.ofSeconds(1));
        Node b = node("b");

        assertTrue(a.membership.leads());
        assertFalse(b.membership.leads());

        a.kill();
        clock.advance(NodeMembership.LIVENESS.plusSeconds(1));
        b.beat();
        assertTrue(b.membership.leads());
    }

    @Test
    void healthSeesALostNodeAsLostAndACleanlyStoppedOneAsStopped() {
        Node a = node("a");
        Node b = node("b");
        Node c = node("c");
        c.membership.close();
        a.kill();
        clock.advance(NodeMembership.LIVENESS.plusSeconds(1));
        b.beat();

        Map<String, NodeRegistry.NodeState> states = b.membership.nodes().stream()
                .collect(Collectors.toMap(NodeMembership.NodeStatus::node, NodeMembership.NodeStatus::state));

        assertEquals(
                Map.of(
                        "a", NodeRegistry.NodeState.LOST,
                        "b", NodeRegistry.NodeState.LIVE,
                        "c", NodeRegistry.NodeState.STOPPED),
                states);
    }

    @Test
    void aLostNodeCanBeForgottenAndALiveOneCannot() {
        Node a = node("a");
        Node b = node("b");
        a.kill();

        assertFalse(b.journal.nodes().forget("a", b.membership.liveSince()), "within the window a may be slow only");
        assertFalse(b.journal.nodes().forget("b", b.membership.liveSince()), "b is live");
        clock.advance(NodeMembership.LIVENESS.plusSeconds(1));
        b.beat();
        assertTrue(b.journal.nodes().forget("a", b.membership.liveSince()));

        assertEquals(
                List.of("b"),
                b.membership.nodes().stream()
                        .map(NodeMembership.NodeStatus::node)
                        .toList());
    }

    @Test
    void everyNodeReadsThePayloadAndReceiptAnotherNodeStoredInTheDatabase() {
        Node a = node("a");
        Node b = node("b");
        MessageFiles filesOfA = MessageFiles.inDatabase(a.journal, data.resolve("a"), Durability.POWER_LOSS);
        MessageFiles filesOfB = MessageFiles.inDatabase(b.journal, data.resolve("b"), Durability.POWER_LOSS);
        byte[] payload = "<sbdh>tender</sbdh>".getBytes(StandardCharsets.UTF_8);

        assertTrue(filesOfA.storePayloadOnce(Direction.INBOUND, "m-1", payload));
        assertFalse(
                filesOfB.storePayloadOnce(Direction.INBOUND, "m-1", "<other/>".getBytes(StandardCharsets.UTF_8)),
                "the same message received by two nodes keeps the first payload");
        filesOfA.storeReceipt("m-1", "<receipt/>".getBytes(StandardCharsets.UTF_8));

        assertArrayEquals(payload, filesOfB.payload(Direction.INBOUND, "m-1"));
        assertTrue(filesOfB.hasPayload(Direction.INBOUND, "m-1"));
        assertFalse(filesOfB.hasPayload(Direction.OUTBOUND, "m-1"));
        assertEquals("<receipt/>", new String(filesOfB.receipt("m-1").orElseThrow(), StandardCharsets.UTF_8));
    }

    private static List<String> ids(List<NodeRegistry.Pending> pending) {
        return pending.stream().map(NodeRegistry.Pending::messageId).toList();
    }

    /** One node: its own journal (pool, run) on the shared database, and its membership. */
    private final class Node {
        final Journal journal;
        final NodeMembership membership;

        Node(Journal journal, NodeMembership membership) {
            this.journal = journal;
            this.membership = membership;
        }

        /** SIGKILL as far as the database can tell: no clean stop, no more heartbeats. */
        void kill() {
            journal.close();
        }

        /** A heartbeat now, at the test clock's time. */
        void beat() {
            journal.nodes().heartbeat(membership.node(), clock.instant());
        }
    }

    private Node node(String name) {
        Journal journal = open();
        return new Node(journal, NodeMembership.join(name, journal, clock));
    }

    private Journal open() {
        Journal journal = Journal.open(postgres.schemaUrlWithCredentials(), Durability.POWER_LOSS, clock);
        opened.add(journal);
        return journal;
    }

    private String accepted(Journal journal) {
        String id = UUID.randomUUID() + "@kz";
        assertTrue(journal.insert(MessageRecord.accepted(id, envelope(), content(), clock.instant())));
        return id;
    }

    private String received(Journal journal) {
        String id = UUID.randomUUID() + "@kz";
        assertTrue(journal.insert(
                MessageRecord.received(id, envelope(), "SG-AP-KZ-001", "cd".repeat(32), content(), clock.instant())));
        return id;
    }

    private static Envelope envelope() {
        return new Envelope(
                "sbdh-" + UUID.randomUUID(),
                ParticipantId.parse("9970:980540001256"),
                ParticipantId.parse("9972:204493002"),
                DocumentTypeId.parse(
                        "busdox-docid-qns::urn:oasis:names:specification:ubl:schema:xsd:Tender-2::Tender##urn:fdc:silkgate.carec:2026:tendering:1.0::2.4"),
                ProcessId.parse("cenbii-procid-ubl::urn:fdc:silkgate.carec:2026:tendering:01:1.0"),
                "KZ");
    }

    private static MessageRecord.Content content() {
        return new MessageRecord.Content(1234, 2345, "ab".repeat(32));
    }
}
