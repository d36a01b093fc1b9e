package org.silkgate.ap.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.files.Durability;
import org.silkgate.ap.outbound.Submission;
import org.silkgate.ap.outbound.SubmissionRefused;

/**
 * The Camel routes over a real embedded Artemis broker: a refusal of the back office's document is answered on the
 * rejection queue; any other failure rolls the route's transaction back and the broker hands the message over again.
 */
class RoutesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path data;

    private EmbeddedBroker broker;
    private Routes routes;

    /** Handlers whose behaviour each test sets; every call is recorded. */
    private final ScriptedHandlers handlers = new ScriptedHandlers();

    @BeforeEach
    void startBrokerAndRoutes() {
        broker = EmbeddedBroker.start(
                data, Durability.PROCESS_CRASH, new DeliveryBackOff(Duration.ofMillis(100), Duration.ofMillis(200), 5));
        routes = new Routes(broker.connectionFactory(), 2);
    }

    @AfterEach
    void stop() {
        try {
            if (routes != null) routes.close();
        } finally {
            if (broker != null) broker.close();
        }
    }

    @FunctionalInterface
    private interface Step {
        void run(String value, int call);
    }

    private static final class ScriptedHandlers implements Routes.Handlers {
        final List<Submission> submissions = new CopyOnWriteArrayList<>();
        final List<String> sendAttempts = new CopyOnWriteArrayList<>();
        final List<String> deliveries = new CopyOnWriteArrayList<>();
        final List<Integer> deliveryAttempts = new CopyOnWriteArrayList<>();
        volatile Step onSubmit = (body, call) -> {};
        volatile Step onSend = (id, call) -> {};
        volatile Step onDeliver = (id, call) -> {};

        @Override
        public String submit(Submission submission) {
            submissions.add(submission);
            onSubmit.run(new String(submission.body(), StandardCharsets.UTF_8), submissions.size());
            return "submitted-" + submissions.size();
        }

        @Override
        public void attemptSend(String messageId) {
            sendAttempts.add(messageId);
            onSend.run(messageId, sendAttempts.size());
        }

        @Override
        public void deliver(String messageId, int attempt) {
            deliveries.add(messageId);
            deliveryAttempts.add(attempt);
            onDeliver.run(messageId, deliveries.size());
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(giveUp)) throw new AssertionError("waited " + PATIENCE + " for " + what);
            Thread.sleep(20);
        }
    }

    /** What a back office does: a document, as bytes, on the entry queue. */
    private void sendToEntryQueue(String document) throws JMSException {
        ConnectionFactory factory = broker.connectionFactory();
        try (Connection connection = factory.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue(Routes.OUTBOUND));
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(document.getBytes(StandardCharsets.UTF_8));
            producer.send(message);
        }
    }

    private Message takeFrom(String queue) throws JMSException {
        try (Connection connection = broker.connectionFactory().createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            Message message = consumer.receive(PATIENCE.toMillis());
            assertNotNull(message, "nothing on " + queue);
            return message;
        }
    }

    /** Time for a wrongly routed message to arrive, had the route sent it anywhere. */
    private static void settle() throws InterruptedException {
        Thread.sleep(500);
    }

    @Test
    void aRefusedSubmissionGoesToTheRejectionQueueWithTheReason() throws Exception {
        handlers.onSubmit = (body, call) -> {
            throw new SubmissionRefused("receiver: no receiver named in the document");
        };
        routes.consume(handlers, Optional.empty());

        sendToEntryQueue("<Tender/>");

        Message rejected = takeFrom(Routes.REJECTED);
        assertEquals("receiver: no receiver named in the document", rejected.getStringProperty(Routes.ERROR_HEADER));
        assertEquals("<Tender/>", new String(rejected.getBody(byte[].class), StandardCharsets.UTF_8));
        settle();
        assertEquals(1, handlers.submissions.size(), "a refusal is never retried");
        assertEquals(0, broker.queueDepth(EmbeddedBroker.DEAD_LETTERS));
    }

    @Test
    void anAcceptedSubmissionLeavesNothingOnTheRejectionQueue() throws Exception {
        routes.consume(handlers, Optional.empty());

        sendToEntryQueue("<Tender/>");

        await("the submission", () -> handlers.submissions.size() == 1);
        settle();
        assertEquals(1, handlers.submissions.size());
        assertEquals(0, broker.queueDepth(Routes.REJECTED));
        assertEquals(0, broker.queueDepth(Routes.OUTBOUND));
    }

    @Test
    void aSubmitHandlerFailingUnexpectedlyIsRetriedNotRejected() throws Exception {
        handlers.onSubmit = (body, call) -> {
            if (call == 1) throw new IllegalArgumentException("journal hiccup");
        };
        routes.consume(handlers, Optional.empty());

        sendToEntryQueue("<Tender/>");

        await("the redelivered submission", () -> handlers.submissions.size() >= 2);
        settle();
        assertEquals(2, handlers.submissions.size());
        assertEquals(0, broker.queueDepth(Routes.REJECTED));
    }

    @Test
    void aDeliveryThatThrowsIsHandedOverAgainAndNeverRejected() throws Exception {
        handlers.onDeliver = (id, call) -> {
            if (call == 1) throw new IllegalArgumentException("the inbox folder is not writable");
        };
        routes.consume(handlers, Optional.empty());

        routes.queue(Routes.DELIVER).enqueue("received-1@sg-ap-kz-001");

        await("the redelivery", () -> handlers.deliveries.size() >= 2);
        settle();
        assertEquals(List.of("received-1@sg-ap-kz-001", "received-1@sg-ap-kz-001"), handlers.deliveries);
        assertEquals(0, broker.queueDepth(Routes.REJECTED));
        assertEquals(0, broker.queueDepth(Routes.DELIVER));
        assertEquals(0, broker.queueDepth(EmbeddedBroker.DEAD_LETTERS));
    }

    @Test
    void aSendAttemptThatThrowsIsHandedOverAgainAndNeverRejected() throws Exception {
        handlers.onSend = (id, call) -> {
            if (call == 1) throw new IllegalArgumentException("unexpected failure in the send step");
        };
        routes.consume(handlers, Optional.empty());

        routes.queue(Routes.SEND).enqueue("sent-1@sg-ap-kz-001");

        await("the redelivery", () -> handlers.sendAttempts.size() >= 2);
        settle();
        assertEquals(List.of("sent-1@sg-ap-kz-001", "sent-1@sg-ap-kz-001"), handlers.sendAttempts);
        assertEquals(0, broker.queueDepth(Routes.REJECTED));
        assertEquals(0, broker.queueDepth(Routes.SEND));
        assertEquals(0, broker.queueDepth(EmbeddedBroker.DEAD_LETTERS));
    }

    @Test
    void aDeliveryThatKeepsFailingIsParkedOnTheBrokersDeadLettersAfterItsAttempts() throws Exception {
        handlers.onDeliver = (id, call) -> {
            throw new IllegalStateException("the webhook does not answer");
        };
        routes.consume(handlers, Optional.empty());

        routes.queue(Routes.DELIVER).enqueue("received-2@sg-ap-kz-001");

        await("the dead letter", () -> broker.queueDepth(EmbeddedBroker.DEAD_LETTERS) == 1);
        settle();
        assertEquals(5, handlers.deliveries.size(), "one delivery per attempt of the back-off");
        assertEquals(List.of(1, 2, 3, 4, 5), handlers.deliveryAttempts, "each told which attempt it is");
        assertEquals(0, broker.queueDepth(Routes.REJECTED));
        Message parked = takeFrom(EmbeddedBroker.DEAD_LETTERS);
        assertEquals("received-2@sg-ap-kz-001", parked.getBody(String.class));
    }

    @Test
    void aDocumentHandedToTheBackOfficeQueueTwiceIsOnItOnce() throws Exception {
        org.silkgate.ap.inbound.InboundMessage received = new org.silkgate.ap.inbound.InboundMessage(
                "twice@kz",
                new org.silkgate.ap.model.Envelope(
                        "sbdh-twice",
                        org.silkgate.ap.model.ParticipantId.parse("9970:980540001256"),
                        org.silkgate.ap.model.ParticipantId.parse("9972:204493002"),
                        org.silkgate.ap.model.DocumentTypeId.parse(
                                "busdox-docid-qns::urn:oasis:names:specification:ubl:schema:xsd:Tender-2::Tender##urn:fdc:silkgate.carec:2026:tendering:1.0::2.4"),
                        org.silkgate.ap.model.ProcessId.parse(
                                "cenbii-procid-ubl::urn:fdc:silkgate.carec:2026:tendering:01:1.0"),
                        "KZ"),
                "SG-AP-KZ-001",
                "",
                java.time.Instant.now(),
                9,
                "<Tender/>".getBytes(StandardCharsets.UTF_8));

        routes.backOfficeQueue().deliver(received, java.util.Optional.empty());
        routes.backOfficeQueue().deliver(received, java.util.Optional.empty()); // a node died before DELIVERED

        assertEquals("twice@kz", takeFrom(Routes.INBOUND).getStringProperty(Routes.MESSAGE_ID_HEADER));
        try (Connection connection = broker.connectionFactory().createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            assertNull(
                    session.createConsumer(session.createQueue(Routes.INBOUND)).receive(1000),
                    "the second hand-over reached the back office's queue");
        }
    }

    @Test
    void aDelayedEnqueueIsNotTakenBeforeItsDelay() throws Exception {
        routes.consume(handlers, Optional.empty());
        Instant queuedAt = Instant.now();

        routes.queue(Routes.SEND).enqueue("later@sg-ap-kz-001", Duration.ofMillis(1500));

        await("the scheduled send", () -> handlers.sendAttempts.size() == 1);
        assertTrue(
                Duration.between(queuedAt, Instant.now()).compareTo(Duration.ofMillis(1400)) >= 0,
                "taken after " + Duration.between(queuedAt, Instant.now()));
    }
}
