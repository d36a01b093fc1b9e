package org.silkgate.ap.outbound;

import java.time.Duration;
import java.time.Instant;

/**
 * Exponential back-off for transient failures: the n-th retry waits {@code base × 2^(n-1)}, at most {@code cap};
 * a message still undelivered {@code maxAge} after it was accepted fails for good.
 */
public record RetryPolicy(Duration base, Duration cap, Duration maxAge) {
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofHours(24));

    public RetryPolicy {
        if (base.isNegative() || base.isZero()) throw new IllegalArgumentException("retry base must be positive");
        if (cap.compareTo(base) < 0) throw new IllegalArgumentException("retry cap must not be below the base");
        if (maxAge.isNegative()) throw new IllegalArgumentException("retry max age must not be negative");
    }

    /** The wait before retry number {@code attempt} (1 = first retry). */
    public Duration delayBefore(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        Duration delay = base.multipliedBy(1L << doublings);
        return delay.compareTo(cap) > 0 ? cap : delay;
    }

    /** Whether a message first accepted at {@code createdAt} may still be tried at {@code nextAttemptAt}. */
    public boolean retriesBefore(Instant createdAt, Instant nextAttemptAt) {
        return nextAttemptAt.isBefore(createdAt.plus(maxAge));
    }
}
