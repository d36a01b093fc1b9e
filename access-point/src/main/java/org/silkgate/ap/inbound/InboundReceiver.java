package org.silkgate.ap.inbound;

/**
 * The receiving side's decision: refuses a receiver this AP does not serve, recognises a message delivered before,
 * and delivers the rest into the inbox before the receipt goes back.
 */
public final class InboundReceiver implements InboundSink {
    private final String apId;
    private final ServedParticipants served;
    private final InboxDelivery inbox;

    public InboundReceiver(String apId, ServedParticipants served, InboxDelivery inbox) {
        this.apId = apId;
        this.served = served;
        this.inbox = inbox;
    }

    @Override
    public InboundDecision accept(InboundMessage message) {
        if (!served.serves(message.receiver())) {
            return new InboundDecision.Refused(InboundDecision.Reason.RECEIVER_NOT_SERVED,
                    "PEPPOL:NOT_SERVICED participant " + message.receiver() + " is not served by access point " + apId);
        }
        return inbox.deliver(message) ? new InboundDecision.Accepted() : new InboundDecision.Duplicate();
    }
}
