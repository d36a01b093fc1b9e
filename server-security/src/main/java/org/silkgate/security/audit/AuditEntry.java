package org.silkgate.security.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One stored entry of the {@link AuditLog}: its place in the chain ({@code seq}, from 1), when it was appended, the
 * event, the hash of the entry before it and its own hash.
 */
public record AuditEntry(
        long seq,
        Instant time,
        String actor,
        String action,
        String subject,
        String detail,
        String clientAddress,
        String previousHash,
        String hash) {

    /** The previous hash of entry 1. */
    public static final String GENESIS = "0".repeat(64);

    static AuditEntry chain(long seq, Instant time, AuditEvent event, String previousHash) {
        return new AuditEntry(
                seq,
                time,
                event.actor(),
                event.action(),
                event.subject(),
                event.detail(),
                event.clientAddress(),
                previousHash,
                hashOf(
                        seq,
                        time,
                        event.actor(),
                        event.action(),
                        event.subject(),
                        event.detail(),
                        event.clientAddress(),
                        previousHash));
    }

    /** Whether the stored hash is still the hash of the stored content and previous hash. */
    boolean contentMatchesHash() {
        return hash.equals(hashOf(seq, time, actor, action, subject, detail, clientAddress, previousHash));
    }

    /**
     * SHA-256 (hex) of the previous hash and the canonical content. Every field is written with its length, and
     * null differently from empty, so no two different entries share a canonical form; the sequence number is in
     * it so that entries cannot be reordered or renumbered unnoticed.
     */
    static String hashOf(
            long seq,
            Instant time,
            String actor,
            String action,
            String subject,
            String detail,
            String clientAddress,
            String previousHash) {
        StringBuilder canonical = new StringBuilder(256).append("silkgate-audit-1\n");
        canonical.append("prev ").append(previousHash).append('\n');
        canonical.append("seq ").append(seq).append('\n');
        canonical.append("time ").append(time).append('\n');
        field(canonical, "actor", actor);
        field(canonical, "action", action);
        field(canonical, "subject", subject);
        field(canonical, "detail", detail);
        field(canonical, "client", clientAddress);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append(name).append(' ');
        if (value == null) b.append('-');
        else b.append(value.length()).append(':').append(value);
        b.append('\n');
    }
}
