package org.silkgate.smp.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.silkgate.smp.store.Database;

/**
 * The users who may write to the registry (national operators). Passwords are stored as slow PBKDF2 hashes;
 * a successful check is remembered for a short while, keyed by a SHA-256 of name and password, so repeated
 * requests do not pay the ~100 ms hash each time. Nothing of the password itself is kept.
 */
public final class SmpUsers {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    private static final Duration REMEMBER = Duration.ofMinutes(5);
    private static final int MAX_REMEMBERED = 10_000;

    private final Database db;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(String name, Instant until) { }

    public SmpUsers(Database db) {
        this.db = db;
    }

    /** Adds a user; refuses a malformed name, an empty password or a name that exists. */
    public void add(String name, char[] password) throws SQLException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name must be 1-100 of A-Z a-z 0-9 . _ @ - starting with a letter or digit");
        }
        if (password == null || password.length < 8) throw new IllegalArgumentException("the password must have at least 8 characters");
        String hash = PasswordHash.hash(password);
        db.inTransaction(c -> {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM smp_user WHERE name = ?")) {
                exists.setString(1, name);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) throw new IllegalArgumentException("user '" + name + "' exists already");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO smp_user (name, password_hash, created_at) VALUES (?, ?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, hash);
                ps.setTimestamp(3, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The user's name if the password is right. */
    public Optional<String> authenticate(String name, char[] password) throws SQLException {
        String key = fingerprint(name, password);
        Verified hit = verified.get(key);
        Instant now = Instant.now();
        if (hit != null && hit.until().isAfter(now)) return Optional.of(hit.name());
        String stored = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM smp_user WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        if (stored == null || !PasswordHash.matches(password, stored)) return Optional.empty();
        if (verified.size() >= MAX_REMEMBERED) verified.clear();
        verified.put(key, new Verified(name, now.plus(REMEMBER)));
        return Optional.of(name);
    }

    private static String fingerprint(String name, char[] password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password)));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
