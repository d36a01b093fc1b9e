package org.silkgate.ap.outbound;

/** One send attempt to the receiving access point (AS4 in production). Never throws for a failed delivery. */
@FunctionalInterface
public interface MessageSender {
    SendResult send(OutboundMessage message);
}
