package org.silkgate.ap.broker;

import java.time.Duration;

/**
 * How the broker hands over again a delivery to the back office that failed (a webhook that does not answer, an
 * inbox that cannot be written): after {@code first}, doubling up to {@code cap}; after {@code attempts} deliveries
 * the id is parked on {@value EmbeddedBroker#DEAD_LETTERS} and the message stays RECEIVED in the journal, so a
 * restart queues it again.
 */
public record DeliveryBackOff(Duration first, Duration cap, int attempts) {
    public static final DeliveryBackOff DEFAULT =
            new DeliveryBackOff(Duration.ofSeconds(1), Duration.ofMinutes(5), 100);

    public DeliveryBackOff {
        if (first.isNegative() || first.isZero())
            throw new IllegalArgumentException("delivery retry first delay must be positive");
        if (cap.compareTo(first) < 0)
            throw new IllegalArgumentException("delivery retry cap must not be below the first delay");
        if (attempts < 1) throw new IllegalArgumentException("delivery attempts must be at least 1, got " + attempts);
    }
}
