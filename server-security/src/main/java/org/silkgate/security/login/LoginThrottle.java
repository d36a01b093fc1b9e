package org.silkgate.security.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Failed logins per claimed user name and per client address, in a sliding window: after the configured number of
 * failures within the window, further attempts are refused until the oldest of them leaves the window. Guessing one
 * operator's password from many addresses, or many names from one address, is held to a handful of tries per
 * window. A successful login forgets only the failures for that user from that same address, so an operator logging
 * in does not wipe the count an attacker has built up elsewhere. Kept in memory, per server process. Both servers'
 * sign-ins use it: the SMP's write API and console, the access point's console.
 */
public final class LoginThrottle {
    /** Beyond this many tracked names or addresses, entries whose failures all left the window are dropped. */
    private static final int TIDY_ABOVE = 10_000;

    private record Failure(Instant at, String address) {}

    /** How many failures within {@code window} make the next attempt wait, per claimed user and per address. */
    public record Limits(int failuresPerUser, int failuresPerAddress, Duration window) {
        public static final Limits DEFAULT = new Limits(5, 20, Duration.ofMinutes(15));

        public Limits {
            if (failuresPerUser < 1 || failuresPerAddress < 1)
                throw new IllegalArgumentException("login throttling: at least one failure must be allowed");
            if (window == null || window.isNegative() || window.isZero())
                throw new IllegalArgumentException("login throttling: the window must be positive");
        }
    }

    private final Limits limits;
    private final Clock clock;
    private final Map<String, Deque<Failure>> byUser = new HashMap<>();
    private final Map<String, Deque<Failure>> byAddress = new HashMap<>();

    public LoginThrottle(Limits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = clock;
    }

    /** A refusal for the caller if it has to wait: what is throttled and how many seconds are left; null if it may try. */
    public synchronized Wait check(String user, String address) {
        Instant now = clock.instant();
        long userWait = wait(byUser.get(user), limits.failuresPerUser(), now);
        long addressWait = wait(byAddress.get(address), limits.failuresPerAddress(), now);
        if (userWait == 0 && addressWait == 0) return null;
        return userWait >= addressWait
                ? new Wait("too many failed logins for user '" + user + "'", userWait)
                : new Wait("too many failed logins from " + address, addressWait);
    }

    public record Wait(String why, long seconds) {}

    /** Records a failure; true if it is the one that makes the next attempt wait. */
    public synchronized boolean failed(String user, String address) {
        Instant now = clock.instant();
        if (byUser.size() > TIDY_ABOVE) tidy(byUser, now);
        if (byAddress.size() > TIDY_ABOVE) tidy(byAddress, now);
        Deque<Failure> forUser = byUser.computeIfAbsent(user, k -> new ArrayDeque<>());
        Deque<Failure> fromAddress = byAddress.computeIfAbsent(address, k -> new ArrayDeque<>());
        forUser.addLast(new Failure(now, address));
        fromAddress.addLast(new Failure(now, address));
        return wait(forUser, limits.failuresPerUser(), now) > 0
                || wait(fromAddress, limits.failuresPerAddress(), now) > 0;
    }

    /** Forgets this user's failures from this address only. */
    public synchronized void succeeded(String user, String address) {
        Deque<Failure> forUser = byUser.get(user);
        if (forUser == null) return;
        forUser.removeIf(f -> f.address().equals(address));
        if (forUser.isEmpty()) byUser.remove(user);
    }

    /** Seconds until fewer than {@code max} failures remain in the window (at least 1 when blocked), else 0. */
    private long wait(Deque<Failure> failures, int max, Instant now) {
        if (failures == null) return 0;
        Instant windowStart = now.minus(limits.window());
        while (!failures.isEmpty() && !failures.peekFirst().at().isAfter(windowStart)) failures.removeFirst();
        if (failures.size() < max) return 0;
        // The attempt after the limit is allowed once the failure that would leave 'max - 1' in the window expires.
        Iterator<Failure> it = failures.iterator();
        Failure unblocking = it.next();
        for (int i = 0; i < failures.size() - max; i++) unblocking = it.next();
        Duration left = Duration.between(now, unblocking.at().plus(limits.window()));
        return Math.max(1, (left.toMillis() + 999) / 1000);
    }

    private void tidy(Map<String, Deque<Failure>> failures, Instant now) {
        Instant windowStart = now.minus(limits.window());
        failures.values().removeIf(d -> d.isEmpty() || !d.peekLast().at().isAfter(windowStart));
    }
}
