package org.silkgate.ap.inbound;

import java.util.List;
import java.util.Optional;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.work.WorkQueue;

/**
 * Delivery of a stored message to the back office (C4): every channel in order (the inbox first, then the broker
 * queue and the webhook when configured), then DELIVERED. A channel that fails makes the whole delivery fail and the
 * broker hand it over again with back-off; channels are idempotent or let the back office recognise the message id.
 */
public final class DeliverPipeline {
    private final Journal journal;
    private final MessageFiles files;
    private final List<BackOfficeChannel> channels;
    private final WorkQueue deliveries;
    private final AfterDelivery afterDelivery;

    /** What follows a delivery: the Message Level Status ({@link MlsResponder}). */
    @FunctionalInterface
    public interface AfterDelivery {
        AfterDelivery NOTHING = (message, document) -> {};

        void delivered(MessageRecord message, byte[] document);
    }

    public DeliverPipeline(
            Journal journal, MessageFiles files, List<BackOfficeChannel> channels, WorkQueue deliveries) {
        this(journal, files, channels, deliveries, AfterDelivery.NOTHING);
    }

    public DeliverPipeline(
            Journal journal,
            MessageFiles files,
            List<BackOfficeChannel> channels,
            WorkQueue deliveries,
            AfterDelivery afterDelivery) {
        this.journal = journal;
        this.files = files;
        this.channels = List.copyOf(channels);
        this.deliveries = deliveries;
        this.afterDelivery = afterDelivery;
    }

    /**
     * Delivers once: an already DELIVERED message is left alone.
     *
     * @throws RuntimeException when a channel failed; the broker hands the message over again
     */
    public void deliver(String messageId) {
        MessageRecord record = journal.current(Direction.INBOUND, messageId)
                .orElseThrow(() -> new IllegalStateException("no inbound message " + messageId + " in the journal"));
        if (record.state() == MessageState.DELIVERED) return;
        InboundMessage message = new InboundMessage(
                record.messageId(),
                record.envelope(),
                record.peerAp().orElse(""),
                record.peerCertificate().orElse(""),
                record.createdAt(),
                record.content().sbdhSize(),
                files.payload(Direction.INBOUND, messageId));
        Optional<byte[]> report = files.validationReport(messageId);
        for (BackOfficeChannel channel : channels) channel.deliver(message, report);
        journal.delivered(messageId);
        afterDelivery.delivered(record, message.businessDocument());
    }

    /** Re-queues every stored message that has not reached the back office yet. */
    public void redeliverPending() {
        journal.idsInState(Direction.INBOUND, MessageState.RECEIVED, Integer.MAX_VALUE)
                .forEach(deliveries::enqueue);
    }
}
