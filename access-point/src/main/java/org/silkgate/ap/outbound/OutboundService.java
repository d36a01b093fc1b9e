package org.silkgate.ap.outbound;

import org.silkgate.ap.model.EndpointIds;
import org.silkgate.ap.model.SbdhEnvelope;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.silkgate.ap.as4.As4Sender;
import org.silkgate.ap.outbound.OutboundMessage;
import org.silkgate.ap.outbound.SendResult;
import org.silkgate.ap.files.AtomicFiles;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.work.WorkQueue;
import org.silkgate.ap.validation.DocumentCheck;
import org.silkgate.validation.ValidationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side: a submitted document is prepared, its SBDH stored and the message journaled as ACCEPTED before
 * {@link #submit} returns, so nothing accepted is lost; then its id goes onto the broker's send queue. Each
 * {@link #attemptSend} is one AS4 send; a transient failure is re-queued with exponential back-off (a scheduled
 * delivery on the broker, the due time also journaled); a permanent one ends in FAILED with the reason, the id on
 * the dead-letter queue and a failure notice in {@code <data>/failures/} for the back office.
 */
public final class OutboundService {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutboundPreparation preparation;
    private final boolean validate;
    private final As4Sender sender;
    private final Journal journal;
    private final MessageFiles files;
    private final RetryPolicy retry;
    private final Path failureNotices;
    private final WorkQueue sendQueue;
    private final WorkQueue deadLetters;
    private final Timer sendLatency;

    /** @param validate refuse a submitted document that fails validation; false sends documents unchecked */
    public OutboundService(OutboundPreparation preparation, boolean validate, As4Sender sender, Journal journal, MessageFiles files,
                           RetryPolicy retry, Path failureNotices, WorkQueue sendQueue, WorkQueue deadLetters,
                           Timer sendLatency) {
        this.preparation = preparation;
        this.validate = validate;
        this.sender = sender;
        this.journal = journal;
        this.files = files;
        this.retry = retry;
        this.failureNotices = failureNotices;
        this.sendQueue = sendQueue;
        this.deadLetters = deadLetters;
        this.sendLatency = sendLatency;
    }

    /**
     * Accepts a back-office document: UBL, or UBL wrapped in a Peppol SBDH (re-wrapped with the identifiers derived
     * from the document, keeping the SBDH's instance identifier so that the back office can correlate). Sender and
     * receiver default to the SBDH's, else to the document's endpoint IDs.
     *
     * @throws IllegalArgumentException naming what is missing or wrong; nothing is stored
     */
    public String submit(byte[] body, Optional<String> senderId, Optional<String> receiverId) {
        byte[] document = body;
        Optional<String> sender = senderId;
        Optional<String> receiver = receiverId;
        Optional<String> instanceIdentifier = Optional.empty();
        if (SbdhEnvelope.isSbdh(body)) {
            SbdhEnvelope.Unwrapped unwrapped = SbdhEnvelope.unwrap(body);
            document = unwrapped.document();
            instanceIdentifier = Optional.of(unwrapped.instanceIdentifier());
            sender = sender.or(() -> Optional.of(unwrapped.sender()));
            receiver = receiver.or(() -> Optional.of(unwrapped.receiver()));
        }
        if (sender.isEmpty() || receiver.isEmpty()) {
            EndpointIds.Parties parties = EndpointIds.of(document);
            sender = sender.or(parties::sender);
            receiver = receiver.or(parties::receiver);
        }
        return submit(document,
                sender.orElseThrow(() -> new IllegalArgumentException("no sender: the document names no sender endpoint ID; give one")),
                receiver.orElseThrow(() -> new IllegalArgumentException("no receiver: the document names no receiver endpoint ID; give one")),
                instanceIdentifier);
    }

    /**
     * Accepts a UBL document for sending.
     *
     * @return the AS4 MessageId under which the message is tracked
     * @throws DocumentCheck.InvalidDocumentException when the document does not pass validation (nothing is stored)
     * @throws IllegalArgumentException when the document's identifiers cannot be derived (nothing is stored)
     */
    public String submit(byte[] ublDocument, String senderId, String receiverId) {
        return submit(ublDocument, senderId, receiverId, Optional.empty());
    }

    private String submit(byte[] ublDocument, String senderId, String receiverId, Optional<String> instanceIdentifier) {
        if (validate) {
            ValidationReport report = DocumentCheck.validate(ublDocument, "outbound document");
            if (!report.valid()) throw new DocumentCheck.InvalidDocumentException(report);
        }
        OutboundMessage message = preparation.prepare(ublDocument, senderId, receiverId, instanceIdentifier);
        files.storePayload(Direction.OUTBOUND, message.as4MessageId(), message.sbdh());
        journal.insert(MessageRecord.first(Direction.OUTBOUND, message.as4MessageId(), message.sbdhInstanceId(),
                message.sender(), message.receiver(), message.documentType(), message.process(), message.countryC1(),
                Optional.empty(), ublDocument.length, message.sbdh().length, MessageFiles.sha256(ublDocument),
                MessageState.ACCEPTED, Instant.now()));
        sendQueue.enqueue(message.as4MessageId());
        return message.as4MessageId();
    }

    /** Puts a FAILED message back in the queue. */
    public void resend(String messageId) {
        MessageRecord record = journal.find(Direction.OUTBOUND, messageId)
                .orElseThrow(() -> new IllegalArgumentException("no outbound message " + messageId));
        if (record.state() != MessageState.FAILED) {
            throw new IllegalStateException("message " + messageId + " is " + record.state() + "; only FAILED messages are resent");
        }
        journal.transition(Direction.OUTBOUND, messageId, MessageState.ACCEPTED, Optional.of("resend requested"),
                Optional.empty(), Optional.empty(), false);
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
        for (String id : journal.idsInState(Direction.OUTBOUND, MessageState.RETRYING, Integer.MAX_VALUE)) {
            Instant due = journal.current(Direction.OUTBOUND, id).flatMap(MessageRecord::nextAttemptAt).orElse(Instant.now());
            Duration wait = Duration.between(Instant.now(), due);
            sendQueue.enqueue(id, wait.isNegative() ? Duration.ZERO : wait);
        }
    }

    /** One send attempt for a journaled message; does nothing if the message is already SENT or FAILED. */
    public void attemptSend(String messageId) {
        try {
            MessageRecord record = journal.current(Direction.OUTBOUND, messageId).orElseThrow();
            if (record.state().isFinal()) return;
            OutboundMessage message = new OutboundMessage(record.messageId(), record.sbdhInstanceId(), record.sender(),
                    record.receiver(), record.documentType(), record.process(), record.countryC1(),
                    files.payload(Direction.OUTBOUND, messageId));
            SendResult result = sendLatency.record(() -> sender.send(message));
            if (result instanceof SendResult.Delivered delivered) {
                files.storeReceipt(messageId, delivered.receipt());
                journal.transition(Direction.OUTBOUND, messageId, MessageState.SENT,
                        Optional.of("receipt from " + delivered.receiverAp()), Optional.of(delivered.receiverAp()),
                        Optional.empty(), true);
            } else if (result instanceof SendResult.Failed failed) {
                onFailure(record, failed);
            }
        } catch (RuntimeException e) {
            LOG.error("sending {} failed unexpectedly; it is retried", messageId, e);
            onFailure(journal.current(Direction.OUTBOUND, messageId).orElseThrow(),
                    new SendResult.Failed(true, "internal error: " + e.getMessage()));
        }
    }

    private void onFailure(MessageRecord record, SendResult.Failed failed) {
        String id = record.messageId();
        int attempts = record.attempts() + 1;
        Instant giveUpAt = record.createdAt().plus(retry.maxAge());
        Duration delay = retry.delayBefore(attempts);
        if (failed.transientFailure() && Instant.now().plus(delay).isBefore(giveUpAt)) {
            Instant due = Instant.now().plus(delay);
            journal.transition(Direction.OUTBOUND, id, MessageState.RETRYING, Optional.of(failed.reason()), Optional.empty(),
                    Optional.of(due), true);
            sendQueue.enqueue(id, delay);
            return;
        }
        String reason = failed.transientFailure()
                ? "gave up after " + attempts + " attempts over " + retry.maxAge() + ": " + failed.reason()
                : failed.reason();
        writeFailureNotice(record, reason); // first, so that a FAILED message always has its notice
        journal.transition(Direction.OUTBOUND, id, MessageState.FAILED, Optional.of(reason), Optional.empty(),
                Optional.empty(), true);
        deadLetters.enqueue(id);
    }

    private void writeFailureNotice(MessageRecord record, String reason) {
        ObjectNode notice = JSON.createObjectNode();
        notice.put("messageId", record.messageId());
        notice.put("sender", record.sender());
        notice.put("receiver", record.receiver());
        notice.put("documentType", record.documentType());
        notice.put("state", MessageState.FAILED.name());
        notice.put("reason", reason);
        notice.put("failedAt", Instant.now().toString());
        try {
            AtomicFiles.write(failureNotices.resolve(MessageFiles.fileName(record.messageId()) + ".json"),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(notice));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the failure notice of " + record.messageId(), e);
        }
    }
}
