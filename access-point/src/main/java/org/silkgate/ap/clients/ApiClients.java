package org.silkgate.ap.clients;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.security.audit.AuditEvent;
import org.silkgate.security.audit.AuditLog;

/**
 * The API clients, in the journal's database. A token is 32 random bytes, shown once when the client is created and
 * kept only as its SHA-256: with that much entropy a slow hash buys nothing, and a look-up by digest takes the same
 * time whichever token is tried. Every change is audited.
 */
public final class ApiClients {
    /** Tokens start with this, so that one pasted into a log or a ticket is recognised. */
    public static final String TOKEN_PREFIX = "sgt_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource database;
    private final AuditLog audit;
    private final Clock clock;

    public ApiClients(DataSource database, AuditLog audit, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Creates a client.
     *
     * @return its token, which is not kept and cannot be shown again
     * @throws IllegalArgumentException when the name is taken or malformed
     */
    public String add(ApiClient client, String byWhom) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO api_client (name, token_sha256, participants, operator, created_at) VALUES (?, ?, ?, ?, ?)")) {
                if (find(connection, client.name()).isPresent()) {
                    throw new IllegalArgumentException("a client named " + client.name() + " exists already");
                }
                insert.setString(1, client.name());
                insert.setString(2, digest(token));
                insert.setString(
                        3,
                        client.participants().stream()
                                .map(ParticipantId::uri)
                                .sorted()
                                .collect(Collectors.joining(",")));
                insert.setBoolean(4, client.operator());
                insert.setObject(5, clock.instant().atOffset(ZoneOffset.UTC));
                insert.executeUpdate();
                audit.append(
                        connection,
                        AuditEvent.of(byWhom, "api-client.added", client.name())
                                .withDetail((client.operator() ? "operator; " : "") + client.participants()));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store API client " + client.name() + ": " + e.getMessage(), e);
        }
        return token;
    }

    /** @return false when there is no such client */
    public boolean remove(String name, String byWhom) {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM api_client WHERE name = ?")) {
                delete.setString(1, name);
                boolean removed = delete.executeUpdate() == 1;
                if (removed) audit.append(connection, AuditEvent.of(byWhom, "api-client.removed", name));
                connection.commit();
                return removed;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remove API client " + name + ": " + e.getMessage(), e);
        }
    }

    public List<ApiClient> list() {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT name, participants, operator FROM api_client ORDER BY name");
                ResultSet rows = select.executeQuery()) {
            List<ApiClient> clients = new ArrayList<>();
            while (rows.next()) clients.add(client(rows));
            return clients;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list API clients: " + e.getMessage(), e);
        }
    }

    /** The client a token belongs to, if any. */
    public Optional<ApiClient> authenticate(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) return Optional.empty();
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT name, participants, operator FROM api_client WHERE token_sha256 = ?")) {
            select.setString(1, digest(token));
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(client(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read API clients: " + e.getMessage(), e);
        }
    }

    /** Records a request that came without a valid token. */
    public void refused(String clientAddress, String why) {
        try {
            audit.append(AuditEvent.of("anonymous", "api.login-refused", "api")
                    .withDetail(why)
                    .from(clientAddress));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot audit a refused API login: " + e.getMessage(), e);
        }
    }

    private static Optional<ApiClient> find(Connection connection, String name) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT name, participants, operator FROM api_client WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(client(rows)) : Optional.empty();
            }
        }
    }

    private static ApiClient client(ResultSet row) throws SQLException {
        Set<ParticipantId> participants = new LinkedHashSet<>();
        Arrays.stream(row.getString(2).split(","))
                .filter(p -> !p.isBlank())
                .map(ParticipantId::parse)
                .forEach(participants::add);
        return new ApiClient(row.getString(1), participants, row.getBoolean(3));
    }

    private static String digest(String token) {
        return MessageFiles.sha256(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
