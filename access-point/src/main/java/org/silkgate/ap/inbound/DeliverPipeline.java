package org.silkgate.ap.inbound;

import java.util.List;
import java.util.Optional;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.journal.NodeRegistry;
import org.silkgate.ap.work.NodeMembership;
import org.silkgate.ap.work.WorkQueue;

/**
 * Delivery of a stored message to the back office (C4): every channel in order (the inbox first, then the broker
 * queue and the webhook when configured), then DELIVERED. A channel that fails makes the whole delivery fail and the
 * broker hand it over again with back-off; channels are idempotent or let the back office recognise the message id.
 */
public final class DeliverPipeline {
    private final Journal journal;
    private final NodeMembership node;
    private final MessageFiles files;
    private final List<BackOfficeChannel> channels;
    private final WorkQueue deliveries;
    private final AfterDelivery afterDelivery;

    /** What follows a delivery, or its last failed attempt: the Message Level Status ({@link MlsResponder}). */
    public interface AfterDelivery {
        AfterDelivery NOTHING = new AfterDelivery() {
            @Override
            public void delivered(MessageRecord message, byte[] document, Optional<byte[]> validationReport) {}

            @Override
            public void undeliverable(MessageRecord message, String reason) {}
        };

        void delivered(MessageRecord message, byte[] document, Optional<byte[]> validationReport);

        /** The last attempt failed: the broker parks the message; an operator or a restart may try again. */
        void undeliverable(MessageRecord message, String reason);
    }

    public DeliverPipeline(
            Journal journal,
            NodeMembership node,
            MessageFiles files,
            List<BackOfficeChannel> channels,
            WorkQueue deliveries,
            AfterDelivery afterDelivery) {
        this.journal = journal;
        this.node = node;
        this.files = files;
        this.channels = List.copyOf(channels);
        this.deliveries = deliveries;
        this.afterDelivery = afterDelivery;
    }

    /** Delivers once (the first attempt, or one whose number is not known). */
    public void deliver(String messageId) {
        deliver(messageId, 1, Integer.MAX_VALUE);
    }

    /**
     * Delivers once: an already DELIVERED message is left alone. When attempt {@code lastAttempt} fails, the failure
     * is final for the broker, and the sender hears of it before the exception goes up.
     *
     * @param attempt which delivery of this message this is, from 1 (the broker's count)
     * @throws RuntimeException when a channel failed; the broker hands the message over again or parks it
     */
    public void deliver(String messageId, int attempt, int lastAttempt) {
        // claimed before the journal is read, so that a delivery finished meanwhile is seen as DELIVERED
        NodeMembership.Claim claim = node.claim(Direction.INBOUND, messageId);
        if (claim == NodeMembership.Claim.BUSY_HERE) return;
        try {
            MessageRecord record = journal.current(Direction.INBOUND, messageId)
                    .orElseThrow(
                            () -> new IllegalStateException("no inbound message " + messageId + " in the journal"));
            if (record.state() != MessageState.RECEIVED) return;
            if (claim == NodeMembership.Claim.HELD_ELSEWHERE) {
                // a peer node delivers it now; if that peer dies, this entry finds the claim free
                deliveries.enqueue(messageId, NodeMembership.LIVENESS);
                return;
            }
            deliverClaimed(record, attempt, lastAttempt);
        } finally {
            if (claim == NodeMembership.Claim.TAKEN) node.release(Direction.INBOUND, messageId);
        }
    }

    private void deliverClaimed(MessageRecord record, int attempt, int lastAttempt) {
        String messageId = record.messageId();
        InboundMessage message = new InboundMessage(
                record.messageId(),
                record.envelope(),
                record.peerAp().orElse(""),
                record.peerCertificate().orElse(""),
                record.createdAt(),
                record.content().sbdhSize(),
                files.payload(Direction.INBOUND, messageId));
        Optional<byte[]> report = files.validationReport(messageId);
        try {
            for (BackOfficeChannel channel : channels) channel.deliver(message, report);
        } catch (RuntimeException failed) {
            if (attempt >= lastAttempt) {
                afterDelivery.undeliverable(
                        record, "delivery failed " + attempt + " times, last: " + failed.getMessage());
            }
            throw failed;
        }
        // of two deliveries racing (a re-queued id beside the original), only the first answers the sender
        if (journal.delivered(messageId)) afterDelivery.delivered(record, message.businessDocument(), report);
    }

    /** Queues stored messages that have not reached the back office yet (adopted from a gone run, or this run's). */
    public void redeliver(List<NodeRegistry.Pending> pending) {
        pending.forEach(message -> deliveries.enqueue(message.messageId()));
    }
}
