package org.silkgate.ap.inbound;

import java.util.Optional;

/**
 * One way of handing a received document to the back office (C4). Delivery is at least once: a channel may be
 * called again for the same message after a failure or a crash, so it must be idempotent or let the back office
 * recognise the message id.
 */
@FunctionalInterface
public interface BackOfficeChannel {
    /**
     * @param validationReport the report of a document delivered although it failed validation
     * @throws RuntimeException when the delivery failed and must be tried again
     */
    void deliver(InboundMessage message, Optional<byte[]> validationReport);
}
