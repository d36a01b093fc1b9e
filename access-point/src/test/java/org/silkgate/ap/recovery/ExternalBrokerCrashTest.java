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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.AccessPoint;
import org.silkgate.ap.ApConfig;
import org.silkgate.ap.TestNetwork;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.validation.InvalidDocumentPolicy;

/**
 * kill -9 of an external broker ({@code ap broker}), then its restart on the same port and journal: every accepted
 * document reaches C4 exactly once. The Kazakh AP runs as a process on its broker process; the Georgian AP runs in
 * this JVM on a broker process of its own (two access points never share a broker: their queues have the same names).
 * Both brokers run as in production: TLS, and only the access point's user may connect.
 * Validation is off on both: it is not what is tested here, and its warm-up would double the start-up time.
 */
class ExternalBrokerCrashTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DOCUMENTS = 6;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    static Path folder;

    static Path pki;
    static int kazakhBrokerPort;
    static ApProcess kazakhBroker;
    static int georgianBrokerPort;
    static ApProcess georgianBroker;
    static AccessPoint georgia;
    static ApProcess kazakhstan;
    /** Every document submitted by any test of this class: Georgia's inbox must hold exactly these. */
    static final Set<String> submitted = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startBrokersAndAccessPoints() throws Exception {
        pki = TestNetwork.createPki(folder);
        georgianBrokerPort = ApProcess.freePort();
        georgianBroker = startBroker("ge", georgianBrokerPort);
        georgia = TestNetwork.start(TestNetwork.georgia(pki, folder)
                .withExternalBroker(new ApConfig.ExternalBroker(
                        georgianBroker.baseUrl(),
                        Optional.of(ApProcess.BROKER_USER),
                        Optional.of(ApProcess.brokerPasswordFile(pki))))
                .withInvalidDocuments(InvalidDocumentPolicy.OFF));
        kazakhBrokerPort = ApProcess.freePort();
        kazakhBroker = startBroker("kz", kazakhBrokerPort);
        List<String> options = ApProcess.kazakhOptions(pki, folder.resolve("kz"), georgia.as4Url());
        options.addAll(List.of(
                "--broker",
                kazakhBroker.baseUrl(),
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
        if (kazakhBroker != null) kazakhBroker.kill();
        if (georgianBroker != null) georgianBroker.kill();
    }

    @Test
    void killingTheSendersBrokerWhileDocumentsAreInFlightEndsWithEveryDocumentDeliveredOnce() throws Exception {
        List<String> ids = submitDocuments();

        kazakhBroker.kill();
        kazakhBroker = startBroker("kz", kazakhBrokerPort);

        assertEveryDocumentDeliveredOnce(ids);
    }

    @Test
    void documentsSubmittedWhileTheSendersBrokerIsDownAreAcceptedAndSentOnceItIsBack() throws Exception {
        kazakhBroker.kill();
        List<String> ids = submitDocuments();
        for (String id : ids) {
            assertEquals(
                    "ACCEPTED",
                    message(kazakhstan.api(), id).get("state").asText(),
                    "with its broker down the sending AP journals the document and holds it");
        }

        kazakhBroker = startBroker("kz", kazakhBrokerPort);

        assertEveryDocumentDeliveredOnce(ids);
    }

    @Test
    void documentsArrivingWhileTheReceiversBrokerIsDownAreReceiptedAndDeliveredOnceItIsBack() throws Exception {
        georgianBroker.kill();
        List<String> ids = submitDocuments();
        for (String id : ids) {
            awaitState(kazakhstan.api(), id, "SENT");
            assertEquals(
                    MessageState.RECEIVED,
                    georgia.journal().find(Direction.INBOUND, id).orElseThrow().state(),
                    "with its broker down the receiving AP stores and receipts the document but cannot deliver it yet");
        }

        georgianBroker = startBroker("ge", georgianBrokerPort);

        assertEveryDocumentDeliveredOnce(ids);
    }

    private static ApProcess startBroker(String country, int port) throws Exception {
        return ApProcess.startBroker(
                port, folder.resolve(country + "-broker"), folder.resolve(country + "-broker.log"), pki);
    }

    private static List<String> submitDocuments() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            HttpResponse<String> response =
                    kazakhstan.api().post("/api/v1/outbound", TestNetwork.document("tender.xml"));
            assertEquals(202, response.statusCode(), response.body());
            ids.add(JSON.readTree(response.body()).get("messageId").asText());
        }
        submitted.addAll(ids);
        return ids;
    }

    /** DELIVERED once in Georgia (one delivery in its history, one file each in the inbox), SENT in Kazakhstan. */
    private static void assertEveryDocumentDeliveredOnce(List<String> ids) throws Exception {
        for (String id : ids) {
            MessageRecord received =
                    TestNetwork.awaitJournal(georgia, Direction.INBOUND, id, r -> r.state() == MessageState.DELIVERED);
            assertEquals(
                    1,
                    received.history().stream()
                            .filter(change -> change.state() == MessageState.DELIVERED)
                            .count(),
                    id + " delivered more than once: " + received.history());
            awaitState(kazakhstan.api(), id, "SENT");
        }
        try (Stream<Path> files = Files.list(georgia.inbox().inbox().resolve(TestNetwork.GE_BUYER.value()))) {
            assertEquals(
                    submitted.stream()
                            .map(id -> MessageFiles.fileName(id) + ".xml")
                            .collect(Collectors.toSet()),
                    files.map(f -> f.getFileName().toString())
                            .filter(name -> name.endsWith(".xml"))
                            .collect(Collectors.toSet()),
                    "the inbox holds exactly the documents submitted");
        }
    }

    private static JsonNode message(TestNetwork.Api api, String id) throws Exception {
        HttpResponse<String> response = api.get("/api/v1/messages/" + id);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static void awaitState(TestNetwork.Api api, String id, String state) throws Exception {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (true) {
            JsonNode message = message(api, id);
            if (state.equals(message.get("state").asText())) return;
            if (Instant.now().isAfter(giveUp))
                throw new AssertionError(id + " never became " + state + " within " + PATIENCE + ": " + message);
            Thread.sleep(100);
        }
    }
}
