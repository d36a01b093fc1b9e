package org.silkgate.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.AccessPoint;
import org.silkgate.ap.ApConfig;
import org.silkgate.ap.TestNetwork;
import org.silkgate.ap.broker.Routes;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.model.SbdhEnvelope;
import org.silkgate.security.KeystoreException;
import org.silkgate.security.tls.TlsContexts;

/** Documents submitted to the Kazakh AP travel through its journal, retries and the Georgian journal to the inbox. */
class OutboundJourneyTest {
    private static final ParticipantId LATE_PARTICIPANT = ParticipantId.parse("9972:405123456");
    private static final ParticipantId UNROUTED_PARTICIPANT = ParticipantId.parse("9972:204375445");

    @TempDir
    static Path folder;

    static Path pki;
    static AccessPoint georgia;
    static AccessPoint kazakhstan;
    static int latePort;
    static HttpsServer backOffice;
    static final List<String> webhookCalls = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startAccessPoints() throws IOException {
        pki = TestNetwork.createPki(folder);
        // the back office's webhook over TLS, with the dev PKI's certificate for localhost and 127.0.0.1
        backOffice = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        try {
            backOffice.setHttpsConfigurator(
                    new HttpsConfigurator(TlsContexts.server(pki.resolve("tls-GE.p12"), Optional.empty())));
        } catch (KeystoreException e) {
            throw new IllegalStateException(e);
        }
        backOffice.createContext("/documents", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes());
            webhookCalls.add(exchange.getRequestHeaders().getFirst("X-SilkGate-Message-Id") + " "
                    + body.contains("TND-ASW-2026-0311"));
            // the first delivery of every message fails, so that each one is retried
            boolean first = webhookCalls.stream()
                            .filter(c ->
                                    c.startsWith(exchange.getRequestHeaders().getFirst("X-SilkGate-Message-Id")))
                            .count()
                    == 1;
            exchange.sendResponseHeaders(first ? 503 : 204, -1);
            exchange.close();
        });
        backOffice.start();
        georgia = TestNetwork.start(TestNetwork.georgia(pki, folder)
                .withBackOfficeDelivery(
                        true,
                        Optional.of(
                                "https://127.0.0.1:" + backOffice.getAddress().getPort() + "/documents")));
        try (ServerSocket reserved = new ServerSocket(0)) {
            latePort = reserved.getLocalPort();
        }
        ApConfig.StaticRoute toGeorgia = new ApConfig.StaticRoute(georgia.as4Url(), pki.resolve("ap-GE.pem"));
        ApConfig.StaticRoute toLateAp =
                new ApConfig.StaticRoute("https://127.0.0.1:" + latePort + "/as4", pki.resolve("ap-GE.pem"));
        kazakhstan = TestNetwork.start(ApConfig.of(
                        TestNetwork.KZ_AP,
                        "KZ",
                        pki.resolve("ap-KZ.p12"),
                        pki.resolve("truststore.p12"),
                        folder.resolve("kz"))
                .withTls(TestNetwork.tls(pki, "KZ"))
                .withServedParticipants(Set.of(TestNetwork.KZ_SUPPLIER))
                .withStaticRoutes(Map.of(TestNetwork.GE_BUYER, toGeorgia, LATE_PARTICIPANT, toLateAp))
                .withRetry(new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMinutes(5))));
    }

    @AfterAll
    static void stopAccessPoints() {
        if (kazakhstan != null) kazakhstan.close();
        if (georgia != null) georgia.close();
        if (backOffice != null) backOffice.stop(0);
    }

    @Test
    void aSubmittedTenderIsJournaledAsSentWithItsReceiptAndAsDeliveredAtTheReceiver() throws Exception {
        byte[] tender = TestNetwork.document("tender.xml");

        String id = submit(tender, TestNetwork.GE_BUYER);

        MessageRecord sent =
                awaitState(kazakhstan, Direction.OUTBOUND, id, r -> r.state().isFinal());
        assertEquals(MessageState.SENT, sent.state(), sent.reason().orElse(""));
        assertEquals(
                List.of(MessageState.ACCEPTED, MessageState.SENT),
                sent.history().stream().map(MessageRecord.StateChange::state).toList());
        assertEquals(TestNetwork.GE_AP, sent.peerAp().orElseThrow());
        assertEquals(MessageFiles.sha256(tender), sent.content().sha256());
        assertEquals(
                "busdox-docid-qns::urn:oasis:names:specification:ubl:schema:xsd:Tender-2::Tender"
                        + "##urn:fdc:silkgate.carec:2026:tendering:1.0::2.4",
                sent.envelope().documentType().uri());
        assertTrue(new String(kazakhstan.files().receipt(id).orElseThrow()).contains(id));

        MessageRecord received = awaitState(georgia, Direction.INBOUND, id, r -> r.state() == MessageState.DELIVERED);
        assertEquals(sent.envelope().instanceIdentifier(), received.envelope().instanceIdentifier());
        assertEquals(
                List.of(id + " true", id + " true"),
                webhookCalls.stream().filter(c -> c.startsWith(id)).toList(),
                "the webhook refused the first delivery, the broker retried it");
        assertTrue(
                georgia.broker().orElseThrow().queueDepth(Routes.INBOUND) >= 1,
                "the document is on silkgate.inbound too");
        assertEquals(TestNetwork.KZ_SUPPLIER, received.envelope().sender());
        assertEquals(TestNetwork.KZ_AP, received.peerAp().orElseThrow());
        assertTrue(Files.exists(georgia.inbox().documentPath(received.envelope().receiver(), id)));
    }

    @Test
    void whenTheReceivingAccessPointIsDownTheMessageIsRetriedAndArrivesOnceItIsBack() throws Exception {
        String id = submit(TestNetwork.document("tender.xml"), LATE_PARTICIPANT);
        MessageRecord retrying = awaitState(kazakhstan, Direction.OUTBOUND, id, r -> r.attempts() >= 2);
        assertEquals(MessageState.RETRYING, retrying.state());
        assertTrue(
                retrying.reason().orElseThrow().contains("cannot reach"),
                retrying.reason().orElseThrow());

        ApConfig late = TestNetwork.georgia(pki, folder.resolve("late"))
                .withPort(latePort)
                .withServedParticipants(Set.of(LATE_PARTICIPANT));
        try (AccessPoint lateGeorgia = TestNetwork.start(late)) {
            MessageRecord sent = awaitState(
                    kazakhstan, Direction.OUTBOUND, id, r -> r.state().isFinal());
            assertEquals(MessageState.SENT, sent.state(), sent.reason().orElse(""));
            MessageRecord delivered =
                    awaitState(lateGeorgia, Direction.INBOUND, id, r -> r.state() == MessageState.DELIVERED);
            assertTrue(Files.exists(
                    lateGeorgia.inbox().documentPath(delivered.envelope().receiver(), id)));
        }
    }

    @Test
    void aMessageToAParticipantNobodyRoutesFailsWithAClearReasonAndAFailureNotice() throws Exception {
        String id = submit(TestNetwork.document("tender.xml"), UNROUTED_PARTICIPANT);

        MessageRecord failed =
                awaitState(kazakhstan, Direction.OUTBOUND, id, r -> r.state().isFinal());

        assertEquals(MessageState.FAILED, failed.state());
        assertTrue(
                failed.reason().orElseThrow().contains("iso6523-actorid-upis::9972:204375445"),
                failed.reason().orElseThrow());
        Path notice = folder.resolve("kz").resolve("failures").resolve(MessageFiles.fileName(id) + ".json");
        assertTrue(Files.readString(notice).contains("\"state\" : \"FAILED\""));

        kazakhstan.sending().resend(id, "operator");
        MessageRecord again =
                awaitState(kazakhstan, Direction.OUTBOUND, id, r -> r.history().size() >= 4);
        assertEquals(MessageState.FAILED, again.state());
        assertEquals(
                List.of(MessageState.ACCEPTED, MessageState.FAILED, MessageState.ACCEPTED, MessageState.FAILED),
                again.history().stream().map(MessageRecord.StateChange::state).toList());
    }

    @Test
    void anInvalidTenderIsRefusedAtSubmissionWithItsValidationReportAndNothingIsJournaled() {
        int journaled = kazakhstan
                .journal()
                .list(Optional.empty(), Optional.empty(), Optional.empty(), 1000)
                .size();

        InvalidDocument refused = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidDocument.class,
                () -> submit(TestNetwork.document("tender-invalid-R009.xml"), TestNetwork.GE_BUYER));

        assertTrue(
                refused.report().errors().stream().anyMatch(f -> f.ruleId().equals("CAREC-TND-R009")),
                refused.getMessage());
        assertEquals(
                journaled,
                kazakhstan
                        .journal()
                        .list(Optional.empty(), Optional.empty(), Optional.empty(), 1000)
                        .size());
    }

    @Test
    void aDocumentWithoutCustomizationIdCannotBePreparedAndTheErrorNamesTheMissingElement() {
        byte[] broken = new String(TestNetwork.document("tender.xml"))
                .replaceAll("<cbc:CustomizationID>[^<]*</cbc:CustomizationID>", "")
                .getBytes();

        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> kazakhstan.preparation().prepare(broken, TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER));
        SubmissionRefused atSubmit = org.junit.jupiter.api.Assertions.assertThrows(
                SubmissionRefused.class, () -> submit(broken, TestNetwork.GE_BUYER));

        assertTrue(refused.getMessage().contains("CustomizationID"), refused.getMessage());
        assertTrue(atSubmit.getMessage().contains("CustomizationID"), atSubmit.getMessage());
    }

    @Test
    void aBackOfficeCanSubmitThroughTheBrokerQueueAndAnInvalidDocumentIsParkedWithItsReason() throws Exception {
        Instant start = Instant.now();
        long rejectedBefore = kazakhstan.broker().orElseThrow().queueDepth(Routes.REJECTED);
        submitViaQueue(
                TestNetwork.document("tender.xml"),
                Map.of(
                        Routes.SENDER_HEADER,
                        TestNetwork.KZ_SUPPLIER.uri(),
                        Routes.RECEIVER_HEADER,
                        TestNetwork.GE_BUYER.uri()));
        submitViaQueue(
                "<not-ubl/>".getBytes(),
                Map.of(
                        Routes.SENDER_HEADER,
                        TestNetwork.KZ_SUPPLIER.uri(),
                        Routes.RECEIVER_HEADER,
                        TestNetwork.GE_BUYER.uri()));

        Instant giveUp = Instant.now().plus(Duration.ofSeconds(90));
        while (kazakhstan
                        .journal()
                        .list(Optional.of(MessageState.SENT), Optional.of(TestNetwork.GE_BUYER), Optional.of(start), 10)
                        .isEmpty()
                || kazakhstan.broker().orElseThrow().queueDepth(Routes.REJECTED) == rejectedBefore) {
            if (Instant.now().isAfter(giveUp)) throw new AssertionError("the queued documents were not processed");
            Thread.sleep(50);
        }
        assertEquals(rejectedBefore + 1, kazakhstan.broker().orElseThrow().queueDepth(Routes.REJECTED));
    }

    @Test
    void anSbdhOnTheBrokerQueueIsUnwrappedLikeOneFromTheApiAndKeepsItsInstanceIdentifier() throws Exception {
        Instant start = Instant.now();
        OutboundMessage wrapped = kazakhstan
                .preparation()
                .prepare(TestNetwork.document("tender.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER);

        submitViaQueue(wrapped.sbdh(), Map.of());

        Instant giveUp = Instant.now().plus(Duration.ofSeconds(90));
        List<MessageRecord> sent;
        while ((sent = kazakhstan
                        .journal()
                        .list(
                                Optional.of(MessageState.SENT),
                                Optional.of(TestNetwork.GE_BUYER),
                                Optional.of(start),
                                100)
                        .stream()
                        .filter(r -> r.envelope()
                                .instanceIdentifier()
                                .equals(wrapped.envelope().instanceIdentifier()))
                        .toList())
                .isEmpty()) {
            if (Instant.now().isAfter(giveUp)) throw new AssertionError("the SBDH on the entry queue was not sent");
            Thread.sleep(50);
        }
        assertEquals(TestNetwork.KZ_SUPPLIER, sent.get(0).envelope().sender());
        byte[] inside = ((SbdhEnvelope.Read) SbdhEnvelope.read(wrapped.sbdh())).businessDocument();
        assertEquals(
                MessageFiles.sha256(inside),
                sent.get(0).content().sha256(),
                "the business document inside was sent, not the back office's SBDH");
    }

    @Test
    void aBackOfficeCanDropDocumentsIntoThePickupFolderAndARefusedOneIsSetAsideWithItsReason() throws Exception {
        Instant start = Instant.now();
        Path outbox = folder.resolve("kz").resolve("outbox");
        Files.createDirectories(outbox);
        Files.write(outbox.resolve("tender.tmp"), TestNetwork.document("tender.xml"));
        Files.move(outbox.resolve("tender.tmp"), outbox.resolve("tender.xml"));
        Files.write(outbox.resolve("broken.tmp"), TestNetwork.document("tender-invalid-R009.xml"));
        Files.move(outbox.resolve("broken.tmp"), outbox.resolve("broken.xml"));

        Instant giveUp = Instant.now().plus(Duration.ofSeconds(90));
        while (!Files.exists(outbox.resolve(".done").resolve("tender.xml"))
                || !Files.exists(outbox.resolve(".failed").resolve("broken.xml"))
                || kazakhstan
                        .journal()
                        .list(Optional.of(MessageState.SENT), Optional.of(TestNetwork.GE_BUYER), Optional.of(start), 10)
                        .isEmpty()) {
            if (Instant.now().isAfter(giveUp)) {
                try (var files = Files.walk(outbox)) {
                    throw new AssertionError("the pickup folder was not processed: " + files.toList());
                }
            }
            Thread.sleep(50);
        }
        assertTrue(Files.readString(outbox.resolve(".failed").resolve("broken.xml.error.txt"))
                .contains("CAREC-TND-R009"));
    }

    private static String submit(byte[] document, ParticipantId receiver) {
        return kazakhstan
                .submissions()
                .submit(new Submission(document, Optional.of(TestNetwork.KZ_SUPPLIER), Optional.of(receiver), "test"));
    }

    /** What a back office on the broker does: a JMS message on the entry queue, with or without the party headers. */
    private static void submitViaQueue(byte[] document, Map<String, String> headers) throws JMSException {
        try (Connection connection =
                        kazakhstan.broker().orElseThrow().connectionFactory().createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(document);
            for (Map.Entry<String, String> header : headers.entrySet())
                message.setStringProperty(header.getKey(), header.getValue());
            session.createProducer(session.createQueue(Routes.OUTBOUND)).send(message);
        }
    }

    static MessageRecord awaitState(AccessPoint ap, Direction direction, String id, Predicate<MessageRecord> condition)
            throws InterruptedException {
        return TestNetwork.awaitJournal(ap, direction, id, condition);
    }
}
