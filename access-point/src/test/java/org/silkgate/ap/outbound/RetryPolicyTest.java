package org.silkgate.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy =
            new RetryPolicy(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofHours(1));

    @Test
    void theFirstRetryWaitsTheBaseAndEachNextOneTwiceAsLongUpToTheCap() {
        assertEquals(Duration.ofSeconds(5), policy.delayBefore(1));
        assertEquals(Duration.ofSeconds(10), policy.delayBefore(2));
        assertEquals(Duration.ofSeconds(20), policy.delayBefore(3));
        assertEquals(Duration.ofSeconds(40), policy.delayBefore(4));
        assertEquals(Duration.ofSeconds(60), policy.delayBefore(5), "80 s is capped");
        assertEquals(Duration.ofSeconds(60), policy.delayBefore(6));
    }

    @Test
    void aVeryLateRetryStillWaitsTheCapWithoutOverflowing() {
        assertEquals(Duration.ofSeconds(60), policy.delayBefore(31));
        assertEquals(Duration.ofSeconds(60), policy.delayBefore(64));
        assertEquals(Duration.ofSeconds(60), policy.delayBefore(Integer.MAX_VALUE));
    }

    @Test
    void attemptsBelowOneCountAsTheFirstRetry() {
        assertEquals(Duration.ofSeconds(5), policy.delayBefore(0));
        assertEquals(Duration.ofSeconds(5), policy.delayBefore(-3));
    }

    @Test
    void theDefaultPolicyStartsAtFiveSecondsAndStopsAtTenMinutes() {
        assertEquals(Duration.ofSeconds(5), RetryPolicy.DEFAULT.delayBefore(1));
        assertEquals(Duration.ofSeconds(320), RetryPolicy.DEFAULT.delayBefore(7));
        assertEquals(Duration.ofMinutes(10), RetryPolicy.DEFAULT.delayBefore(8));
        assertEquals(Duration.ofHours(24), RetryPolicy.DEFAULT.maxAge());
    }

    @Test
    void aRetryIsAllowedOnlyStrictlyBeforeTheMaxAgeIsReached() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        Instant limit = created.plus(Duration.ofHours(1));

        assertTrue(policy.retriesBefore(created, created));
        assertTrue(policy.retriesBefore(created, limit.minusNanos(1)));
        assertFalse(policy.retriesBefore(created, limit), "at exactly the max age it gives up");
        assertFalse(policy.retriesBefore(created, limit.plusSeconds(1)));
    }

    @Test
    void aZeroMaxAgeAllowsNoRetry() {
        RetryPolicy never = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO);
        Instant created = Instant.parse("2026-01-01T00:00:00Z");

        assertFalse(never.retriesBefore(created, created));
    }

    @Test
    void aCapEqualToTheBaseKeepsEveryDelayAtTheBase() {
        RetryPolicy flat = new RetryPolicy(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofHours(1));

        assertEquals(Duration.ofSeconds(3), flat.delayBefore(1));
        assertEquals(Duration.ofSeconds(3), flat.delayBefore(10));
    }

    @Test
    void aZeroOrNegativeBaseIsRefused() {
        var zero = assertThrows(
                IllegalArgumentException.class,
                () -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(10), Duration.ofHours(1)));
        assertTrue(zero.getMessage().contains("base"), zero.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new RetryPolicy(Duration.ofSeconds(-1), Duration.ofSeconds(10), Duration.ofHours(1)));
    }

    @Test
    void aCapBelowTheBaseIsRefused() {
        var refused = assertThrows(
                IllegalArgumentException.class,
                () -> new RetryPolicy(Duration.ofSeconds(10), Duration.ofSeconds(9), Duration.ofHours(1)));
        assertTrue(refused.getMessage().contains("cap"), refused.getMessage());
    }

    @Test
    void aNegativeMaxAgeIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(-1)));
    }
}
