package org.silkgate.ap.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.AccessPoint;
import org.silkgate.ap.TestNetwork;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.validation.InvalidDocumentPolicy;

/**
 * The Kazakh access point (a process) on a replicating broker pair ({@code ap broker --ha}, two processes, TLS):
 * the active broker is killed with SIGKILL while documents flow, the backup takes over, the killed broker comes back
 * as the backup of the one that took over, and then that one is killed too. Every document ends SENT in Kazakhstan
 * and delivered exactly once in Georgia (in this JVM, on its embedded broker).
 */
class BrokerPairFailoverTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String ACTIVE = "SilkGate broker state: active";
    private static final String IN_SYNC = "SilkGate broker state: backup in sync";

    @TempDir
    static Path folder;

    static Path pki;
    static int primaryPort;
    static int backupPort;
    static ApProcess primary;
    static ApProcess backup;
    static AccessPoint georgia;
    static ApProcess kazakhstan;

    @BeforeAll
    static void startThePairAndTheAccessPoints() throws Exception {
        pki = TestNetwork.createPki(folder);
        primaryPort = ApProcess.freePort();
        backupPort = ApProcess.freePort();
        primary = startBroker("PRIMARY", "a", primaryPort, backupPort);
        primary.awaitLine(ACTIVE, PATIENCE);
        backup = startBroker("BACKUP", "b", backupPort, primaryPort);
        backup.awaitLine(IN_SYNC, PATIENCE);
        georgia = TestNetwork.start(TestNetwork.georgia(pki, folder).withInvalidDocuments(InvalidDocumentPolicy.OFF));
        List<String> options = ApProcess.kazakhOptions(pki, folder.resolve("kz"), georgia.as4Url());
        options.addAll(List.of(
                "--broker",
                ApProcess.pairUrl(pki, primaryPort, backupPort),
                "--broker-user",
                ApProcess.BROKER_USER,
                "--broker-password-file",
                ApProcess.brokerPasswordFile(pki).toString(),
                "--invalid-documents",
                "OFF"));
        kazakhstan = ApProcess.start(ApProcess.freePort(), options, folder.resolve("kz.log"));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (kazakhstan != null) kazakhstan.kill();
        if (georgia != null) georgia.close();
        if (primary != null) primary.kill();
        if (backup != null) backup.kill();
    }

    @Test
    void killingTheActiveBrokerLosesAndDoublesNothingAndThePairHeals() throws Exception {
        assertEquals("UP", health().get("broker").asText());
        List<String> ids = new ArrayList<>(submitDocuments(100));

        // SIGKILL of the active broker with documents still queued and in flight; submissions go on meanwhile
        backup.markLog();
        primary.kill();
        ids.addAll(submitDocuments(100));
        backup.awaitLine(ACTIVE, PATIENCE);
        ids.addAll(submitDocuments(50));

        // the killed broker comes back with its --ha PRIMARY options, finds the backup active and replicates it
        primary = startBroker("PRIMARY", "a", primaryPort, backupPort);
        primary.awaitLine(IN_SYNC, PATIENCE);
        ids.addAll(submitDocuments(50));

        // the healed pair fails over again: the first backup, active now, is killed, and the first primary takes over
        primary.markLog();
        backup.kill();
        ids.addAll(submitDocuments(50));
        primary.awaitLine(ACTIVE, PATIENCE);
        ids.addAll(submitDocuments(50));

        assertEveryDocumentDeliveredOnce(ids);
        assertEquals("UP", health().get("broker").asText(), "connected to the pair's active broker");

        // with both brokers away the access point runs on, degraded: 200, WARN, the broker unreachable
        primary.kill();
        Instant giveUp = Instant.now().plus(PATIENCE);
        JsonNode health = health();
        while (!health.get("broker").asText().equals("UNREACHABLE")) {
            if (Instant.now().isAfter(giveUp))
                throw new AssertionError("/health never told the broker away: " + health);
            Thread.sleep(100);
            health = health();
        }
        assertEquals("WARN", health.get("status").asText(), health.toString());
        assertEquals(
                202,
                kazakhstan
                        .api()
                        .post("/api/v1/outbound", TestNetwork.document("tender.xml"))
                        .statusCode());
    }

    /** Kazakhstan's /health, answered 200 (UP or WARN: the access point is serving). */
    private static JsonNode health() throws Exception {
        HttpResponse<String> response = TestNetwork.https(pki)
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(kazakhstan.baseUrl() + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static ApProcess startBroker(String role, String name, int port, int peerPort) throws Exception {
        return ApProcess.startPairBroker(
                role, port, peerPort, folder.resolve(name + "-broker"), folder.resolve(name + "-broker.log"), pki);
    }

    /** Submits documents to Kazakhstan's API; each is accepted (202) whatever the broker pair is doing. */
    private static List<String> submitDocuments(int count) throws Exception {
        List<String> ids = new ArrayList<>();
        byte[] document = TestNetwork.document("tender.xml");
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = kazakhstan.api().post("/api/v1/outbound", document);
            assertEquals(202, response.statusCode(), response.body());
            ids.add(JSON.readTree(response.body()).get("messageId").asText());
        }
        return ids;
    }

    /** DELIVERED once in Georgia (one delivery in its history, one file each in the inbox), SENT in Kazakhstan. */
    private static void assertEveryDocumentDeliveredOnce(List<String> ids) throws Exception {
        assertEquals(ids.size(), Set.copyOf(ids).size(), "every submission has an id of its own");
        for (String id : ids) {
            MessageRecord received =
                    TestNetwork.awaitJournal(georgia, Direction.INBOUND, id, r -> r.state() == MessageState.DELIVERED);
            assertEquals(
                    1,
                    received.history().stream()
                            .filter(change -> change.state() == MessageState.DELIVERED)
                            .count(),
                    id + " delivered more than once: " + received.history());
            awaitState(id, "SENT");
        }
        try (Stream<Path> files = Files.list(georgia.inbox().inbox().resolve(TestNetwork.GE_BUYER.value()))) {
            assertEquals(
                    ids.stream().map(id -> MessageFiles.fileName(id) + ".xml").collect(Collectors.toSet()),
                    files.map(f -> f.getFileName().toString())
                            .filter(name -> name.endsWith(".xml"))
                            .collect(Collectors.toSet()),
                    "the inbox holds exactly the documents submitted");
        }
        assertEquals(
                ids.size(),
                georgia.journal()
                        .idsInState(Direction.INBOUND, MessageState.DELIVERED, Integer.MAX_VALUE)
                        .size(),
                "Georgia's journal holds one delivered row per document");
    }

    private static void awaitState(String id, String state) throws Exception {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (true) {
            HttpResponse<String> response = kazakhstan.api().get("/api/v1/messages/" + id);
            assertEquals(200, response.statusCode(), response.body());
            JsonNode message = JSON.readTree(response.body());
            if (state.equals(message.get("state").asText())) return;
            if (Instant.now().isAfter(giveUp))
                throw new AssertionError(id + " never became " + state + " within " + PATIENCE + ": " + message);
            Thread.sleep(100);
        }
    }
}
