package org.silkgate.ap.inbound;

import java.util.Optional;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side's decision, made before the receipt goes back: refuses a receiver this AP does not serve,
 * recognises a message seen before (acknowledged again, never delivered twice), and otherwise stores the document
 * and journals it durably. Delivery to the back office follows; if it fails, the message stays RECEIVED and
 * {@link #redeliverPending()} finishes it (at the next start at the latest).
 */
public final class InboundReceiver implements InboundSink {
    private static final Logger LOG = LoggerFactory.getLogger(InboundReceiver.class);

    private final String apId;
    private final ServedParticipants served;
    private final Journal journal;
    private final MessageFiles files;
    private final InboxDelivery inbox;

    public InboundReceiver(String apId, ServedParticipants served, Journal journal, MessageFiles files, InboxDelivery inbox) {
        this.apId = apId;
        this.served = served;
        this.journal = journal;
        this.files = files;
        this.inbox = inbox;
    }

    @Override
    public InboundDecision accept(InboundMessage message) {
        if (!served.serves(message.receiver())) {
            return new InboundDecision.Refused(InboundDecision.Reason.RECEIVER_NOT_SERVED,
                    "PEPPOL:NOT_SERVICED participant " + message.receiver() + " is not served by access point " + apId);
        }
        if (journal.find(Direction.INBOUND, message.as4MessageId()).isPresent()) return new InboundDecision.Duplicate();
        try {
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
        deliver(message);
        return new InboundDecision.Accepted();
    }

    /** Delivers every stored message that has not reached the back office yet. */
    public int redeliverPending() {
        int delivered = 0;
        for (String id : journal.idsInState(Direction.INBOUND, MessageState.RECEIVED, Integer.MAX_VALUE)) {
            MessageRecord record = journal.find(Direction.INBOUND, id).orElseThrow();
            InboundMessage message = new InboundMessage(record.messageId(), record.sbdhInstanceId(),
                    record.peerAp().orElse(""), record.sender(), record.receiver(), record.documentType(),
                    record.process(), record.countryC1(), record.createdAt(), record.sbdhSize(),
                    files.payload(Direction.INBOUND, id));
            if (deliver(message)) delivered++;
        }
        return delivered;
    }

    private boolean deliver(InboundMessage message) {
        try {
            inbox.deliver(message);
            journal.transition(Direction.INBOUND, message.as4MessageId(), MessageState.DELIVERED,
                    Optional.of("inbox " + inbox.inbox()), Optional.empty(), Optional.empty(), false);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("delivery of {} failed, it stays RECEIVED and is retried: {}", message.as4MessageId(), e.getMessage());
            return false;
        }
    }
}
