package org.silkgate.ap.inbound;

/** Takes a received message over; returns only after a decision that is safe to acknowledge. */
@FunctionalInterface
public interface InboundSink {
    InboundDecision accept(InboundMessage message);
}
