package org.silkgate.smp.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
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
import org.silkgate.security.audit.AuditEvent;
import org.silkgate.smp.store.Database;

/**
 * The users who may write to the registry (national operators), each with the ICDs it may register participants
 * under. Passwords are stored as slow PBKDF2 hashes; a successful check is remembered for a short while, keyed by
 * a SHA-256 of name and password, so repeated requests do not pay the ~100 ms hash each time. Nothing of the
 * password itself is kept. Every change is appended to the audit log in the same transaction.
 */
public final class SmpUsers {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    private static final Duration REMEMBER = Duration.ofMinutes(5);
    private static final int MAX_REMEMBERED = 10_000;

    private final Database db;
    private final String actor;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(String name, Instant until) {}

    /** User changes are audited as made by the local account running this process: they are made on the console. */
    public SmpUsers(Database db) {
        this(db, "local:" + System.getProperty("user.name", "unknown"));
    }

    SmpUsers(Database db, String actor) {
        this.db = db;
        this.actor = actor;
    }

    /**
     * Adds a user who may write under every ICD. Kept for embedded registries (demo network, tests) that run one
     * operator for the whole network; the {@code smp user add} command always asks for the ICDs.
     */
    public void add(String name, char[] password) throws SQLException {
        add(name, password, IcdScope.ALL);
    }

    /** Adds a user; refuses a malformed name, a short password, a name that exists, or no ICDs. */
    public void add(String name, char[] password, IcdScope icds) throws SQLException {
        checkName(name);
        checkPassword(password);
        if (icds == null || icds.isEmpty())
            throw new IllegalArgumentException("a new user needs at least one ICD (or * for every ICD)");
        String hash = PasswordHash.hash(password);
        db.inTransaction(c -> {
            if (lock(c, name)) throw new IllegalArgumentException("user '" + name + "' exists already");
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO smp_user (name, password_hash, created_at, icds) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, hash);
                ps.setTimestamp(3, Timestamp.from(Instant.now()));
                ps.setString(4, icds.stored());
                ps.executeUpdate();
            }
            db.audit().append(c, AuditEvent.of(actor, "user.add", name).withDetail("ICDs " + icds));
            return null;
        });
    }

    /** Removes a user who owns no participants (their registrations would be left without anyone to maintain them). */
    public void remove(String name) throws SQLException {
        db.inTransaction(c -> {
            requireExisting(c, name);
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM participant WHERE owner_name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long owned = rs.getLong(1);
                    if (owned > 0) {
                        throw new IllegalArgumentException("user '" + name + "' still owns " + owned
                                + " participant(s): delete them first (DELETE /{participantId} as that user)");
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM smp_user WHERE name = ?")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
            db.audit().append(c, AuditEvent.of(actor, "user.remove", name));
            return null;
        });
        verified.clear();
    }

    public void changePassword(String name, char[] password) throws SQLException {
        checkPassword(password);
        String hash = PasswordHash.hash(password);
        db.inTransaction(c -> {
            requireExisting(c, name);
            try (PreparedStatement ps = c.prepareStatement("UPDATE smp_user SET password_hash = ? WHERE name = ?")) {
                ps.setString(1, hash);
                ps.setString(2, name);
                ps.executeUpdate();
            }
            db.audit().append(c, AuditEvent.of(actor, "user.password", name));
            return null;
        });
        verified.clear();
    }

    /** Replaces the ICDs a user may write under (this is how users from before scopes get theirs). */
    public void setIcds(String name, IcdScope icds) throws SQLException {
        if (icds == null || icds.isEmpty())
            throw new IllegalArgumentException("give at least one ICD (or * for every ICD)");
        db.inTransaction(c -> {
            requireExisting(c, name);
            IcdScope before = scopeIn(c, name).orElse(IcdScope.NONE);
            try (PreparedStatement ps = c.prepareStatement("UPDATE smp_user SET icds = ? WHERE name = ?")) {
                ps.setString(1, icds.stored());
                ps.setString(2, name);
                ps.executeUpdate();
            }
            db.audit().append(c, AuditEvent.of(actor, "user.icds", name).withDetail("ICDs " + before + " -> " + icds));
            return null;
        });
    }

    /** The ICDs a user may write under; empty if there is no such user (any more). */
    public Optional<IcdScope> icds(String name) throws SQLException {
        return db.read(c -> scopeIn(c, name));
    }

    /**
     * The user's name if the password is right. An unknown name costs the same PBKDF2 derivation as a wrong
     * password, so the time of the answer does not tell which names exist.
     */
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
        if (stored == null) {
            PasswordHash.dummyCheck(password);
            return Optional.empty();
        }
        if (!PasswordHash.matches(password, stored)) return Optional.empty();
        if (verified.size() >= MAX_REMEMBERED) verified.clear();
        verified.put(key, new Verified(name, now.plus(REMEMBER)));
        return Optional.of(name);
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "user name must be 1-100 of A-Z a-z 0-9 . _ @ - starting with a letter or digit");
        }
    }

    private static void checkPassword(char[] password) {
        if (password == null || password.length < 8)
            throw new IllegalArgumentException("the password must have at least 8 characters");
    }

    /** Locks the user's row if it exists, so that concurrent changes to one user apply one after the other. */
    private static boolean lock(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM smp_user WHERE name = ? FOR UPDATE")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void requireExisting(Connection c, String name) throws SQLException {
        if (!lock(c, name)) throw new IllegalArgumentException("there is no user '" + name + "'");
    }

    private static Optional<IcdScope> scopeIn(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT icds FROM smp_user WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(IcdScope.fromStored(rs.getString(1))) : Optional.empty();
            }
        }
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
