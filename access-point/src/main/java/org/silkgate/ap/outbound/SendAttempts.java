package org.silkgate.ap.outbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.silkgate.ap.files.AtomicFiles;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.journal.NodeRegistry;
import org.silkgate.ap.work.NodeMembership;
import org.silkgate.ap.work.WorkQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side after submit: each {@link #attempt} is one send of a journaled message. A receipt makes it SENT
 * (the receipt kept as evidence); a transient failure makes it RETRYING with exponential back-off (a scheduled
 * delivery on the broker, the due time also journaled); a permanent one, or one past the retry age, makes it FAILED
 * with the reason, a failure notice in {@code <data>/failures/} for the back office and its id on the dead-letter
 * queue. FAILED is final: only an operator's {@link #resend} reopens it.
 */
public final class SendAttempts {
    private static final Logger LOG = LoggerFactory.getLogger(SendAttempts.class);
    /** The broker's scheduled delivery may come a little before the journaled due time; that is the attempt due. */
    private static final Duration EARLY_ENOUGH = Duration.ofMillis(500);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MessageSender sender;
    private final Journal journal;
    private final NodeMembership node;
    private final MessageFiles files;
    private final RetryPolicy retry;
    private final Path failureNotices;
    private final WorkQueue sendQueue;
    private final WorkQueue deadLetters;
    private final Function<MessageSender, MessageSender> timing;
    private final Clock clock;

    /** @param timing wraps each send, e.g. to record its latency */
    public SendAttempts(
            MessageSender sender,
            Journal journal,
            NodeMembership node,
            MessageFiles files,
            RetryPolicy retry,
            Path failureNotices,
            WorkQueue sendQueue,
            WorkQueue deadLetters,
            Function<MessageSender, MessageSender> timing,
            Clock clock) {
        this.sender = sender;
        this.journal = journal;
        this.node = node;
        this.files = files;
        this.retry = retry;
        this.failureNotices = failureNotices;
        this.sendQueue = sendQueue;
        this.deadLetters = deadLetters;
        this.timing = timing;
        this.clock = clock;
    }

    /**
     * One send attempt; does nothing if the message is already SENT or FAILED, or another attempt at it runs on this
     * node. While a peer node holds it, it is looked at again once that peer would be known gone.
     */
    public void attempt(String messageId) {
        // claimed before the journal is read, so that the state read is the one this attempt acts on
        NodeMembership.Claim claim = node.claim(Direction.OUTBOUND, messageId);
        if (claim == NodeMembership.Claim.BUSY_HERE) return;
        try {
            MessageRecord record = journal.current(Direction.OUTBOUND, messageId)
                    .orElseThrow(
                            () -> new IllegalStateException("no outbound message " + messageId + " in the journal"));
            if (record.state().isFinal()) return;
            if (claim == NodeMembership.Claim.HELD_ELSEWHERE) {
                sendQueue.enqueue(messageId, NodeMembership.LIVENESS);
                return;
            }
            Instant now = clock.instant();
            Optional<Instant> due = record.nextAttemptAt().filter(at -> at.isAfter(now.plus(EARLY_ENOUGH)));
            if (record.state() == MessageState.RETRYING && due.isPresent()) {
                // a second queue entry of a message waiting for its back-off: it joins the scheduled attempt
                sendQueue.enqueue(messageId, Duration.between(now, due.get()));
                return;
            }
            send(record);
        } finally {
            if (claim == NodeMembership.Claim.TAKEN) node.release(Direction.OUTBOUND, messageId);
        }
    }

    private void send(MessageRecord record) {
        String messageId = record.messageId();
        OutboundMessage message =
                new OutboundMessage(messageId, record.envelope(), files.payload(Direction.OUTBOUND, messageId));
        SendResult result;
        try {
            result = timing.apply(sender).send(message);
        } catch (RuntimeException e) {
            LOG.error("sending {} failed unexpectedly; it is retried", messageId, e);
            result = new SendResult.Failed(true, "internal error: " + e.getMessage());
        }
        if (result instanceof SendResult.Delivered delivered) {
            files.storeReceipt(messageId, delivered.receipt());
            journal.sent(messageId, delivered.receiverAp());
        } else {
            onFailure(record, (SendResult.Failed) result);
        }
    }

    private void onFailure(MessageRecord record, SendResult.Failed failed) {
        String id = record.messageId();
        int attempts = record.attempts() + 1;
        Instant now = clock.instant();
        Duration delay = retry.delayBefore(attempts);
        if (failed.transientFailure() && retry.retriesBefore(record.createdAt(), now.plus(delay))) {
            journal.retrying(id, failed.reason(), now.plus(delay));
            sendQueue.enqueue(id, delay);
            return;
        }
        String reason = failed.transientFailure()
                ? "gave up after " + attempts + " attempts over " + retry.maxAge() + ": " + failed.reason()
                : failed.reason();
        writeFailureNotice(record, reason, now); // first, so that a FAILED message always has its notice
        journal.failed(id, reason);
        try {
            deadLetters.enqueue(id);
        } catch (RuntimeException e) {
            // the journal says FAILED already and the notice is written: the queue only tells back offices sooner
            LOG.warn("failed message {} did not reach the dead-letter queue: {}", id, e.getMessage());
        }
    }

    /**
     * Puts a FAILED message back in the queue.
     *
     * @throws UnknownMessage when there is no such outbound message
     * @throws IllegalStateException when the message is not FAILED
     */
    public void resend(String messageId, String operator) {
        MessageRecord record = journal.find(Direction.OUTBOUND, messageId)
                .orElseThrow(() -> new UnknownMessage("no outbound message " + messageId));
        if (record.state() != MessageState.FAILED) {
            throw new IllegalStateException(
                    "message " + messageId + " is " + record.state() + "; only FAILED messages are resent");
        }
        journal.reopened(messageId, "resend requested by " + operator, operator);
        sendQueue.enqueue(messageId);
    }

    /**
     * Queues pending messages (adopted from a gone run, or this run's own after a broker outage): ACCEPTED now,
     * RETRYING when due. One that is also still on the queue is attempted once: the claim and the journal state stop
     * the second entry.
     */
    public void requeue(List<NodeRegistry.Pending> pending) {
        Instant now = clock.instant();
        for (NodeRegistry.Pending message : pending) {
            Duration wait = message.due()
                    .filter(due -> message.state() == MessageState.RETRYING)
                    .map(due -> Duration.between(now, due))
                    .filter(d -> !d.isNegative())
                    .orElse(Duration.ZERO);
            sendQueue.enqueue(message.messageId(), wait);
        }
    }

    private void writeFailureNotice(MessageRecord record, String reason, Instant at) {
        ObjectNode notice = JSON.createObjectNode();
        notice.put("messageId", record.messageId());
        notice.put("sender", record.envelope().sender().uri());
        notice.put("receiver", record.envelope().receiver().uri());
        notice.put("documentType", record.envelope().documentType().uri());
        notice.put("state", MessageState.FAILED.name());
        notice.put("reason", reason);
        notice.put("failedAt", at.toString());
        try {
            AtomicFiles.write(
                    failureNotices.resolve(MessageFiles.fileName(record.messageId()) + ".json"),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(notice));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the failure notice of " + record.messageId(), e);
        }
    }

    /** A resend for a message this access point never sent. */
    public static final class UnknownMessage extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnknownMessage(String message) {
            super(message);
        }
    }
}
