package org.silkgate.ap.clients;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.silkgate.security.audit.AuditEvent;
import org.silkgate.security.audit.AuditLog;
import org.silkgate.security.login.LoginThrottle;

/**
 * The operators who sign in to the console, in the journal's database with a salted password hash. Created offline
 * ({@code ./silkgate ap operator add}); every sign-in, refused or not, is audited.
 */
public final class Operators {
    /** Shorter passwords are refused: the console is reachable from a network. */
    public static final int MIN_PASSWORD_LENGTH = 12;

    /** Compared against when the name is unknown, so that a wrong name takes as long as a wrong password. */
    private static final String UNKNOWN_OPERATOR_HASH = PasswordHash.hash("no such operator".toCharArray());

    private final DataSource database;
    private final AuditLog audit;
    private final Clock clock;
    private final LoginThrottle throttle;

    public Operators(DataSource database, AuditLog audit, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
        this.throttle = new LoginThrottle(LoginThrottle.Limits.DEFAULT, clock);
    }

    /**
     * Creates an operator.
     *
     * @throws IllegalArgumentException when the name is malformed or taken, or the password too short
     */
    public void add(String name, char[] password, String byWhom) {
        checkName(name);
        if (password.length < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException(
                    "the password of operator " + name + " must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        String hash = PasswordHash.hash(password);
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO console_operator (name, password_hash, created_at) VALUES (?, ?, ?)")) {
                if (exists(connection, name)) {
                    throw new IllegalArgumentException("an operator named " + name + " exists already");
                }
                insert.setString(1, name);
                insert.setString(2, hash);
                insert.setObject(3, clock.instant().atOffset(ZoneOffset.UTC));
                insert.executeUpdate();
                audit.append(connection, AuditEvent.of(byWhom, "console-operator.added", name));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store operator " + name + ": " + e.getMessage(), e);
        }
    }

    public List<String> names() {
        try (Connection connection = database.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT name FROM console_operator ORDER BY name");
                ResultSet rows = select.executeQuery()) {
            List<String> names = new ArrayList<>();
            while (rows.next()) names.add(rows.getString(1));
            return names;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list operators: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a sign-in; a refused one is in the audit log with the address it came from.
     *
     * @return the operator's name when the password is theirs
     */
    public Optional<String> signIn(String name, char[] password, String clientAddress) {
        String claimed = name == null ? "" : name;
        // checked before hashing: a throttled guess costs neither a PBKDF2 round nor a database read
        LoginThrottle.Wait wait = throttle.check(claimed, clientAddress);
        if (wait != null) {
            appendAudit(AuditEvent.of("anonymous", "console.sign-in-throttled", "console")
                    .withDetail(wait.why())
                    .from(clientAddress));
            throw new Throttled(wait.why(), wait.seconds());
        }
        Optional<String> stored = name == null ? Optional.empty() : storedHash(name);
        boolean matches = PasswordHash.matches(password, stored.orElse(UNKNOWN_OPERATOR_HASH)) && stored.isPresent();
        if (matches) throttle.succeeded(claimed, clientAddress);
        else throttle.failed(claimed, clientAddress);
        appendAudit(AuditEvent.of(
                        matches ? actor(name) : "anonymous",
                        matches ? "console.signed-in" : "console.sign-in-refused",
                        "console")
                .withDetail(matches ? null : (stored.isEmpty() ? "unknown operator " : "wrong password for ") + name)
                .from(clientAddress));
        return matches ? Optional.of(name) : Optional.empty();
    }

    /** Too many failed sign-ins for a name or from an address: the caller waits {@code seconds}. */
    public static final class Throttled extends RuntimeException {
        private final long seconds;

        Throttled(String why, long seconds) {
            super(why + "; retry in " + seconds + " s");
            this.seconds = seconds;
        }

        public long seconds() {
            return seconds;
        }
    }

    private void appendAudit(AuditEvent event) {
        try {
            audit.append(event);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot audit a console sign-in: " + e.getMessage(), e);
        }
    }

    /** How the audit log names an operator acting through the console. */
    public static String actor(String name) {
        return "console:" + name;
    }

    private Optional<String> storedHash(String name) {
        try (Connection connection = database.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT password_hash FROM console_operator WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read operators: " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM console_operator WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException(
                    "operator name '" + name + "' must be 1 to 100 letters, digits, '.', '_' or '-'");
        }
    }
}
