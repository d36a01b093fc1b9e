package org.silkgate.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.TestClock;
import org.silkgate.ap.TestNetwork;
import org.silkgate.ap.files.Durability;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.work.NodeMembership;
import org.silkgate.ap.work.WorkQueue;

/** Send attempts of a journaled outbound message, with a real journal and files and a scripted sender. */
class SendAttemptsTest {
    private static final RetryPolicy RETRY =
            new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(16), Duration.ofHours(1));
    private static final byte[] RECEIPT =
            "<eb:SignalMessage>receipt</eb:SignalMessage>".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path data;

    private final TestClock clock = TestClock.stoppedAt(Instant.parse("2026-03-01T08:00:00Z"));
    private Journal journal;
    private MessageFiles files;
    private final List<Queued> sendQueue = new ArrayList<>();
    private final List<String> deadLetters = new ArrayList<>();
    private final List<SendResult> script = new ArrayList<>();
    private final AtomicInteger sends = new AtomicInteger();

    private record Queued(String id, Duration delay) {}

    private NodeMembership node;

    @BeforeEach
    void openJournal() {
        journal = Journal.open(Journal.defaultJdbcUrl(data), Durability.PROCESS_CRASH, clock);
        node = NodeMembership.join("test-node", journal, clock);
        files = new MessageFiles(data, Durability.PROCESS_CRASH);
    }

    @AfterEach
    void closeJournal() {
        node.close();
        journal.close();
    }

    /** The sender answers the scripted results in order, the last one again when the script is used up. */
    private final MessageSender sender = message -> {
        int call = sends.getAndIncrement();
        return script.get(Math.min(call, script.size() - 1));
    };

    private SendAttempts attempts(WorkQueue deadLetterQueue) {
        WorkQueue sendWork = (id, delay) -> sendQueue.add(new Queued(id, delay));
        return new SendAttempts(
                sender,
                journal,
                node,
                files,
                RETRY,
                data.resolve("failures"),
                sendWork,
                deadLetterQueue,
                Function.identity(),
                clock);
    }

    private SendAttempts attempts() {
        return attempts((id, delay) -> deadLetters.add(id));
    }

    /** A tender to the Georgian buyer, stored and journaled ACCEPTED as the submit pipeline leaves it. */
    private String accepted() {
        byte[] tender = TestNetwork.document("tender.xml");
        OutboundMessage message = new OutboundPreparation(TestNetwork.KZ_AP, "KZ", clock)
                .prepare(tender, TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER);
        files.storePayload(Direction.OUTBOUND, message.as4MessageId(), message.sbdh());
        assertTrue(journal.insert(MessageRecord.accepted(
                message.as4MessageId(),
                message.envelope(),
                new MessageRecord.Content(tender.length, message.sbdh().length, MessageFiles.sha256(tender)),
                clock.instant())));
        clock.advance(Duration.ofSeconds(1));
        return message.as4MessageId();
    }

    private MessageRecord record(String id) {
        return journal.find(Direction.OUTBOUND, id).orElseThrow();
    }

    private static List<MessageState> states(MessageRecord record) {
        return record.history().stream().map(MessageRecord.StateChange::state).toList();
    }

    private static SendResult receipt() {
        return new SendResult.Delivered(TestNetwork.GE_AP, "http://127.0.0.1:9444/as4", RECEIPT);
    }

    private static SendResult transientFailure() {
        return new SendResult.Failed(true, "connection refused");
    }

    private static SendResult permanentFailure() {
        return new SendResult.Failed(false, "PEPPOL:NOT_SERVICED the receiver is not served");
    }

    @Test
    void aReceiptMakesTheMessageSentWithTheReceiptKept() {
        SendAttempts attempts = attempts();
        String id = accepted();
        script.add(receipt());

        attempts.attempt(id);

        MessageRecord record = record(id);
        assertEquals(MessageState.SENT, record.state());
        assertEquals(Optional.of(TestNetwork.GE_AP), record.peerAp());
        assertEquals(1, record.attempts());
        assertArrayEquals(RECEIPT, files.receipt(id).orElseThrow());
        assertEquals(List.of(MessageState.ACCEPTED, MessageState.SENT), states(record));
        assertEquals(List.of(), sendQueue);
        assertEquals(List.of(), deadLetters);
    }

    @Test
    void theSenderGetsTheStoredPayloadAndTheJournaledEnvelope() {
        String id = accepted();
        List<OutboundMessage> seen = new ArrayList<>();
        new SendAttempts(
                        message -> {
                            seen.add(message);
                            return receipt();
                        },
                        journal,
                        node,
                        files,
                        RETRY,
                        data.resolve("failures"),
                        (m, d) -> {},
                        (m, d) -> {},
                        Function.identity(),
                        clock)
                .attempt(id);

        assertEquals(1, seen.size());
        assertEquals(id, seen.get(0).as4MessageId());
        assertArrayEquals(files.payload(Direction.OUTBOUND, id), seen.get(0).sbdh());
        assertEquals(record(id).envelope(), seen.get(0).envelope());
    }

    @Test
    void aTransientFailureMakesItRetryingWithTheNextAttemptDueAfterThePolicysDelay() {
        SendAttempts attempts = attempts();
        String id = accepted();
        script.add(transientFailure());
        Instant failedAt = clock.instant();

        attempts.attempt(id);

        MessageRecord record = record(id);
        assertEquals(MessageState.RETRYING, record.state());
        assertEquals(Optional.of("connection refused"), record.reason());
        assertEquals(1, record.attempts());
        assertEquals(Optional.of(failedAt.plus(RETRY.delayBefore(1))), record.nextAttemptAt());
        assertEquals(List.of(new Queued(id, Duration.ofSeconds(2))), sendQueue);
        assertEquals(List.of(), deadLetters);
    }

    @Test
    void eachFurtherTransientFailureWaitsTwiceAsLong() {
        SendAttempts attempts = attempts();
        String id = accepted();
        script.add(transientFailure());

        attempts.attempt(id);
        clock.advance(Duration.ofSeconds(2));
        attempts.attempt(id);
        clock.advance(Duration.ofSeconds(4));
        attempts.attempt(id);

        assertEquals(
                List.of(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8)),
                sendQueue.stream().map(Queued::delay).toList());
        assertEquals(3, record(id).attempts());
        assertEquals(
                List.of(MessageState.ACCEPTED, MessageState.RETRYING, MessageState.RETRYING, MessageState.RETRYING),
                states(record(id)));
    }

    @Test
    void aSenderThatThrowsIsTreatedAsATransientFailure() {
        String id = accepted();
        SendAttempts attempts = new SendAttempts(
                message -> {
                    throw new IllegalStateException("bug in the sender");
                },
                journal,
                node,
                files,
                RETRY,
                data.resolve("failures"),
                (m, delay) -> sendQueue.add(new Queued(m, delay)),
                (m, delay) -> deadLetters.add(m),
                Function.identity(),
                clock);

        attempts.attempt(id);

        assertEquals(MessageState.RETRYING, record(id).state());
        assertTrue(
                record(id).reason().orElseThrow().contains("bug in the sender"),
                record(id).reason().toString());
        assertEquals(1, sendQueue.size());
    }

    @Test
    void aPermanentFailureMakesItFailedWithANoticeAndTheIdOnTheDeadLetterQueue() throws Exception {
        SendAttempts attempts = attempts();
        String id = accepted();
        script.add(permanentFailure());

        attempts.attempt(id);

        MessageRecord record = record(id);
        assertEquals(MessageState.FAILED, record.state());
        assertEquals(Optional.of("PEPPOL:NOT_SERVICED the receiver is not served"), record.reason());
        Path notice = data.resolve("failures").resolve(MessageFiles.fileName(id) + ".json");
        String json = Files.readString(notice);
        assertTrue(json.contains("\"state\" : \"FAILED\""), json);
        assertTrue(json.contains("PEPPOL:NOT_SERVICED"), json);
        assertTrue(json.contains(TestNetwork.GE_BUYER.uri()), json);
        assertEquals(List.of(id), deadLetters);
        assertEquals(List.of(), sendQueue);
    }

    @Test
    void aTransientFailureWhoseNextAttemptWouldFallPastTheMaxAgeFailsForGood() {
        SendAttempts attempts = attempts();
        String id = accepted();
        script.add(transientFailure());
        clock.advance(RETRY.maxAge().minusSeconds(2)); // the next attempt, 2 s on, would be due at or after the max age

        attempts.attempt(id);

        MessageRecord record = record(id);
        assertEquals(MessageState.FAILED, record.state());
        assertTrue(
                record.reason().orElseThrow().startsWith("gave up after 1 attempts"),
                record.reason().toString());
        assertEquals(List.of(id), deadLetters);
        assertEquals(List.of(), sendQueue);
    }

    @Test
    void failedIsFinalEvenWhenTheDeadLetterQueueThrows() {
        SendAttempts attempts = attempts((id, delay) -> {
            throw new RuntimeException("broker down");
        });
        String id = accepted();
        script.add(transientFailure());
        script.add(permanentFailure());
        attempts.attempt(id);
        clock.advance(Duration.ofSeconds(2));

        attempts.attempt(id); // fails for good; the dead-letter enqueue throws
        clock.advance(Duration.ofSeconds(1));
        attempts.attempt(id); // a repeat from the queue must not send again

        MessageRecord record = record(id);
        assertEquals(MessageState.FAILED, record.state());
        assertEquals(List.of(MessageState.ACCEPTED, MessageState.RETRYING, MessageState.FAILED), states(record));
        assertEquals(2, sends.get(), "the sender was called again after FAILED");
        assertEquals(1, sendQueue.size(), "re-queued after FAILED");
        assertTrue(Files.exists(data.resolve("failures").resolve(MessageFiles.fileName(id) + ".json")));
    }

    @Test
    void aSentMessageIsNotSentAgain() {
        SendAttempts attempts = attempts();
        String id = accepted();
        script.add(receipt());
        attempts.attempt(id);

        attempts.attempt(id);

        assertEquals(1, sends.get());
        assertEquals(List.of(MessageState.ACCEPTED, MessageState.SENT), states(record(id)));
    }

    @Test
    void anAttemptForAMessageNotInTheJournalIsAnError() {
        assertThrows(IllegalStateException.class, () -> attempts().attempt("nobody@sg-ap-kz-001"));
        assertEquals(0, sends.get());
    }

    @Test
    void resendReopensAFailedMessageAndQueuesIt() {
        SendAttempts attempts = attempts();
        String id = accepted();
        script.add(permanentFailure());
        attempts.attempt(id);
        clock.advance(Duration.ofMinutes(5));

        attempts.resend(id, "api:operator");

        MessageRecord record = record(id);
        assertEquals(MessageState.ACCEPTED, record.state());
        assertEquals(Optional.of("resend requested by api:operator"), record.reason());
        assertEquals(List.of(MessageState.ACCEPTED, MessageState.FAILED, MessageState.ACCEPTED), states(record));
        assertEquals(List.of(new Queued(id, Duration.ZERO)), sendQueue);

        script.add(receipt());
        clock.advance(Duration.ofSeconds(1));
        attempts.attempt(id);
        assertEquals(MessageState.SENT, record(id).state());
        assertEquals(2, sends.get());
    }

    @Test
    void resendOfAnUnknownMessageIsRefusedAsUnknown() {
        SendAttempts.UnknownMessage unknown = assertThrows(
                SendAttempts.UnknownMessage.class, () -> attempts().resend("nobody@sg-ap-kz-001", "api:operator"));
        assertTrue(unknown.getMessage().contains("nobody@sg-ap-kz-001"), unknown.getMessage());
        assertEquals(List.of(), sendQueue);
    }

    @Test
    void resendOfASentMessageIsRefused() {
        SendAttempts attempts = attempts();
        String id = accepted();
        script.add(receipt());
        attempts.attempt(id);

        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> attempts.resend(id, "api:operator"));

        assertTrue(refused.getMessage().contains("SENT"), refused.getMessage());
        assertEquals(MessageState.SENT, record(id).state());
        assertEquals(List.of(), sendQueue);
    }

    @Test
    void resendOfARetryingMessageIsRefused() {
        SendAttempts attempts = attempts();
        String id = accepted();
        script.add(transientFailure());
        attempts.attempt(id);

        assertThrows(IllegalStateException.class, () -> attempts.resend(id, "api:operator"));
        assertEquals(MessageState.RETRYING, record(id).state());
    }

    @Test
    void requeuesAcceptedNowAndRetryingWhenDue() {
        SendAttempts attempts = attempts();
        String waiting = accepted();
        String retrying = accepted();
        script.add(transientFailure());
        attempts.attempt(retrying); // due 2 s from now
        sendQueue.clear();
        clock.advance(Duration.ofMillis(500));

        attempts.requeue(node.adoptPending(Direction.OUTBOUND, true));

        assertEquals(
                List.of(new Queued(waiting, Duration.ZERO), new Queued(retrying, Duration.ofMillis(1500))), sendQueue);
    }
}
