package org.silkgate.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in operators, in memory: a restart signs everyone out, which is what an operator expects of a server that
 * restarted. A session ends after {@link #idleTimeout()} without a request, or at sign-out. Each carries its own CSRF
 * token, which every form posts back.
 */
public final class ConsoleSessions {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration idleTimeout;
    private final Clock clock;

    /** @param csrfToken what every form of this session must post back */
    public record Session(String id, String operator, String csrfToken, Instant lastSeen) {
        public boolean csrfMatches(String posted) {
            return tokensEqual(csrfToken, posted);
        }
    }

    public ConsoleSessions(Duration idleTimeout, Clock clock) {
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Session open(String operator) {
        dropExpired();
        Session session = new Session(randomToken(), operator, randomToken(), clock.instant());
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session under this id, its idle time restarted; empty when unknown or idle too long. */
    public Optional<Session> touch(String id) {
        if (id == null) return Optional.empty();
        Instant now = clock.instant();
        Session found = sessions.get(id);
        if (found == null) return Optional.empty();
        if (expired(found, now)) {
            sessions.remove(id, found);
            return Optional.empty();
        }
        Session touched = new Session(found.id(), found.operator(), found.csrfToken(), now);
        sessions.put(id, touched);
        return Optional.of(touched);
    }

    public void close(String id) {
        if (id != null) sessions.remove(id);
    }

    private boolean expired(Session session, Instant now) {
        return !session.lastSeen().plus(idleTimeout).isAfter(now);
    }

    private void dropExpired() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> expired(s, now));
    }

    /** 32 random bytes, URL-safe: session ids and CSRF tokens. */
    public static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Compares in constant time, so that the time taken reveals nothing of the expected token. */
    public static boolean tokensEqual(String expected, String posted) {
        if (expected == null || posted == null) return false;
        return MessageDigest.isEqual(
                expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                posted.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
