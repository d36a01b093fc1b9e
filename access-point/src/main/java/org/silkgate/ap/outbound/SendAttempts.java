package org.silkgate.ap.outbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.silkgate.ap.files.AtomicFiles;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageState;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MessageSender sender;
    private final Journal journal;
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
            MessageFiles files,
            RetryPolicy retry,
            Path failureNotices,
            WorkQueue sendQueue,
            WorkQueue deadLetters,
            Function<MessageSender, MessageSender> timing,
            Clock clock) {
        this.sender = sender;
        this.journal = journal;
        this.files = files;
        this.retry = retry;
        this.failureNotices = failureNotices;
        this.sendQueue = sendQueue;
        this.deadLetters = deadLetters;
        this.timing = timing;
        this.clock = clock;
    }

    /** One send attempt; does nothing if the message is already SENT or FAILED. */
    public void attempt(String messageId) {
        MessageRecord record = journal.current(Direction.OUTBOUND, messageId)
                .orElseThrow(() -> new IllegalStateException("no outbound message " + messageId + " in the journal"));
        if (record.state().isFinal()) return;
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
     * Re-queues what a previous run may have left unqueued (a crash between journal and queue). A message that is
     * also still on the queue is then attempted twice at worst: the journal state stops the second attempt after a
     * success, and the receiver's duplicate check stops a second delivery.
     */
    public void resumePending() {
        for (String id : journal.idsInState(Direction.OUTBOUND, MessageState.ACCEPTED, Integer.MAX_VALUE)) {
            sendQueue.enqueue(id);
        }
        Instant now = clock.instant();
        for (String id : journal.idsInState(Direction.OUTBOUND, MessageState.RETRYING, Integer.MAX_VALUE)) {
            Instant due = journal.current(Direction.OUTBOUND, id)
                    .flatMap(MessageRecord::nextAttemptAt)
                    .orElse(now);
            Duration wait = Duration.between(now, due);
            sendQueue.enqueue(id, wait.isNegative() ? Duration.ZERO : wait);
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
