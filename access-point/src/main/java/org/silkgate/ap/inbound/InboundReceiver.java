package org.silkgate.ap.inbound;

import org.silkgate.ap.discovery.ServedParticipants;
import java.util.List;
import java.util.Optional;
import org.silkgate.ap.ApConfig;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageState;
import java.nio.charset.StandardCharsets;
import org.silkgate.ap.work.WorkQueue;
import org.silkgate.ap.validation.DocumentCheck;
import org.silkgate.validation.Language;
import org.silkgate.validation.ValidationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side's decision, made before the receipt goes back: refuses a receiver this AP does not serve,
 * recognises a message seen before (acknowledged again, never delivered twice), refuses a document that fails
 * validation (or, if so configured, delivers it flagged with its report), and otherwise stores the document
 * and journals it durably. Delivery to the back office follows through the broker's delivery queue; until it
 * succeeds the message stays RECEIVED, and {@link #redeliverPending()} re-queues such messages at start.
 */
public final class InboundReceiver implements InboundSink {
    private static final Logger LOG = LoggerFactory.getLogger(InboundReceiver.class);

    private final String apId;
    private final ServedParticipants served;
    private final Journal journal;
    private final MessageFiles files;
    private final List<BackOfficeChannel> channels;
    private final WorkQueue deliveries;
    private final ApConfig.InvalidDocumentPolicy validation;

    /**
     * @param channels where received documents go, in this order (the inbox first)
     * @param validation whether documents are validated, and whether one that fails is refused or delivered flagged
     */
    public InboundReceiver(String apId, ServedParticipants served, Journal journal, MessageFiles files,
                           List<BackOfficeChannel> channels, WorkQueue deliveries, ApConfig.InvalidDocumentPolicy validation) {
        this.apId = apId;
        this.served = served;
        this.journal = journal;
        this.files = files;
        this.channels = List.copyOf(channels);
        this.deliveries = deliveries;
        this.validation = validation;
    }

    @Override
    public InboundDecision accept(InboundMessage message) {
        if (!served.serves(message.receiver(), message.documentType(), message.process())) {
            return new InboundDecision.Refused(InboundDecision.Reason.RECEIVER_NOT_SERVED,
                    "PEPPOL:NOT_SERVICED participant " + message.receiver() + " is not served by access point " + apId);
        }
        if (journal.contains(Direction.INBOUND, message.as4MessageId())) return new InboundDecision.Duplicate();
        Optional<ValidationReport> failed = Optional.empty();
        if (validation.validates()) {
            ValidationReport report = DocumentCheck.validate(message.businessDocument(), message.as4MessageId());
            if (!report.valid()) failed = Optional.of(report);
        }
        if (failed.isPresent() && validation == ApConfig.InvalidDocumentPolicy.REJECT) {
            ValidationReport report = failed.get();
            return new InboundDecision.Refused(InboundDecision.Reason.INVALID_DOCUMENT,
                    "PEPPOL:BUSINESS:INVALID " + DocumentCheck.summary(report));
        }
        try {
            if (failed.isPresent()) {
                files.storeValidationReport(message.as4MessageId(), failed.get().toJson(Language.EN).getBytes(StandardCharsets.UTF_8));
            }
            files.storePayload(Direction.INBOUND, message.as4MessageId(), message.businessDocument());
            boolean first = journal.insert(MessageRecord.first(Direction.INBOUND, message.as4MessageId(),
                    message.sbdhInstanceId(), message.sender(), message.receiver(), message.documentType(),
                    message.process(), message.countryC1(), Optional.of(message.senderAp()),
                    message.businessDocument().length, message.sbdhSize(), MessageFiles.sha256(message.businessDocument()),
                    MessageState.RECEIVED, message.receivedAt()));
            if (!first) return new InboundDecision.Duplicate();
        } catch (RuntimeException e) {
            LOG.error("cannot store inbound message {}", message.as4MessageId(), e);
            return new InboundDecision.Refused(InboundDecision.Reason.NOT_STORED,
                    "access point " + apId + " could not store the message; send it again later");
        }
        deliveries.enqueue(message.as4MessageId());
        return new InboundDecision.Accepted();
    }

    /** Re-queues every stored message that has not reached the back office yet. */
    public void redeliverPending() {
        journal.idsInState(Direction.INBOUND, MessageState.RECEIVED, Integer.MAX_VALUE).forEach(deliveries::enqueue);
    }

    /**
     * Delivers a stored message to the back office, once: an already DELIVERED message is left alone, and the
     * inbox never takes the same message twice.
     *
     * @throws RuntimeException when delivery failed; the broker hands the message over again
     */
    public void deliver(String messageId) {
        MessageRecord record = journal.current(Direction.INBOUND, messageId)
                .orElseThrow(() -> new IllegalStateException("no inbound message " + messageId + " in the journal"));
        if (record.state() == MessageState.DELIVERED) return;
        InboundMessage message = new InboundMessage(record.messageId(), record.sbdhInstanceId(),
                record.peerAp().orElse(""), record.sender(), record.receiver(), record.documentType(),
                record.process(), record.countryC1(), record.createdAt(), record.sbdhSize(),
                files.payload(Direction.INBOUND, messageId));
        Optional<byte[]> report = files.validationReport(messageId);
        for (BackOfficeChannel channel : channels) channel.deliver(message, report);
        journal.transition(Direction.INBOUND, messageId, MessageState.DELIVERED, Optional.empty(), Optional.empty(),
                Optional.empty(), false);
    }
}
