package org.silkgate.ap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves forward: stopped at a start instant ({@link #stoppedAt}), so that times are exact, or running
 * with the system clock ({@link #running}), so that a whole access point can run on it while the test jumps ahead (a
 * session's idle timeout, a node's silence) without waiting.
 */
public final class TestClock extends Clock {
    private final Instant start;
    private final boolean running;
    private final long startNanos = System.nanoTime();
    private volatile Duration ahead = Duration.ZERO;

    private TestClock(Instant start, boolean running) {
        this.start = start;
        this.running = running;
    }

    public static TestClock stoppedAt(Instant start) {
        return new TestClock(start, false);
    }

    public static TestClock running() {
        return new TestClock(Instant.now(), true);
    }

    public void advance(Duration by) {
        ahead = ahead.plus(by);
    }

    /** Back to where the clock would be had it never been moved. */
    public void reset() {
        ahead = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        Instant now = running ? start.plusNanos(System.nanoTime() - startNanos) : start;
        return now.plus(ahead);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this; // the access point reads instants only
    }
}
