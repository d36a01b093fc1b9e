package org.silkgate.ap.journal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.ConnectionPoolDataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGConnectionPoolDataSource;
import org.silkgate.ap.files.Durability;
import org.silkgate.ap.model.DocumentTypeId;
import org.silkgate.ap.model.Envelope;
import org.silkgate.ap.model.Mls;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.model.ProcessId;
import org.silkgate.security.audit.AuditEvent;
import org.silkgate.security.audit.AuditLog;

/**
 * The message journal: every message in both directions with its identifiers, sizes, digest and state history, in
 * an H2 file (default) or PostgreSQL. The schema is created and upgraded by Flyway. Thread-safe. Every SQL statement
 * against the journal's tables lives in this class, so that a schema change has one place to look; that is why it
 * is longer than most.
 */
public final class Journal implements AutoCloseable {
    private static final String DUPLICATE_KEY = "23505";
    private static final int POOL_SIZE = 16;
    private static final String COLUMNS = "direction, message_id, sbdh_instance_id, sender, receiver, document_type, "
            + "process, country_c1, peer_ap, document_size, sbdh_size, sha256, state, reason, attempts, next_attempt_at, "
            + "created_at, updated_at, peer_certificate, country_c4, transport_protocol, access_point";
    private static final String INSERT_MESSAGE = "INSERT INTO message (" + COLUMNS
            + ", owner_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_HISTORY =
            "INSERT INTO message_state_change (direction, message_id, state, reason, changed_at) "
                    + "VALUES (?, ?, ?, ?, ?)";
    private static final String UPDATE_STATE =
            "UPDATE message SET state = ?, reason = ?, peer_ap = COALESCE(?, peer_ap), claimed_by = NULL, "
                    + "next_attempt_at = ?, attempts = attempts + ?, updated_at = ? WHERE direction = ? AND message_id = ?";

    private static final String SET_MLS_REQUEST =
            "UPDATE message SET mls_to = ?, mls_type = ? WHERE direction = ? AND message_id = ?";
    private static final String SET_MLS_STATUS =
            "UPDATE message SET mls_status = ?, mls_message_id = ? WHERE direction = ? AND message_id = ?";
    private static final String SET_MLS_STATUS_BY_INSTANCE = "UPDATE message SET mls_status = ?, mls_message_id = ?,"
            + " mls_detail = ? WHERE direction = ? AND sbdh_instance_id = ?";

    private final JdbcConnectionPool pool;
    private final GroupCommitWriter writer;
    private final Optional<H2Housekeeping> housekeeping;
    private final Clock clock;
    private final AuditLog audit;
    private final NodeRegistry nodes;

    private Journal(
            JdbcConnectionPool pool,
            Optional<H2Housekeeping> housekeeping,
            Durability durability,
            Clock clock,
            AuditLog audit) {
        this.pool = pool;
        this.clock = clock;
        this.audit = audit;
        // PostgreSQL syncs its own commits; H2 never does, so for POWER_LOSS the writer forces its file after each one
        Runnable afterCommit = housekeeping
                .filter(h2 -> durability.syncsToDisk())
                .<Runnable>map(h2 -> h2::syncToDisk)
                .orElse(() -> {});
        this.writer = new GroupCommitWriter("silkgate-journal-writer", pool::getConnection, afterCommit);
        this.housekeeping = housekeeping;
        this.nodes = new NodeRegistry(pool, java.util.UUID.randomUUID().toString());
    }

    /** The nodes sharing this journal, and this process's run among them. */
    public NodeRegistry nodes() {
        return nodes;
    }

    /**
     * Whether other processes may open this journal at the same time: PostgreSQL, yes; an H2 file is locked by the
     * one process that opened it.
     */
    public boolean shared() {
        return housekeeping.isEmpty();
    }

    /** The default journal: an H2 database file under {@code dataDir/journal}, written (not synced) on every commit. */
    public static String defaultJdbcUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("journal").resolve("journal") + ";WRITE_DELAY=0";
    }

    /**
     * Opens the journal; its commits are forced to disk when {@code durability} asks for it, and state changes are
     * stamped with {@code clock}'s time.
     */
    public static Journal open(String jdbcUrl, Durability durability, Clock clock) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(dataSource(jdbcUrl));
        pool.setMaxConnections(POOL_SIZE);
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/journal")
                    .load()
                    .migrate();
            AuditLog audit = AuditLog.open(pool);
            return new Journal(
                    pool,
                    jdbcUrl.startsWith("jdbc:h2:") ? Optional.of(H2Housekeeping.start(pool)) : Optional.empty(),
                    durability,
                    clock,
                    audit);
        } catch (RuntimeException | SQLException e) {
            pool.dispose();
            throw new IllegalStateException(
                    "cannot prepare the journal database " + redact(jdbcUrl) + ": " + e.getMessage(), e);
        }
    }

    private static ConnectionPoolDataSource dataSource(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(jdbcUrl);
            return h2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            PGConnectionPoolDataSource postgres = new PGConnectionPoolDataSource();
            postgres.setURL(jdbcUrl);
            return postgres;
        }
        throw new IllegalArgumentException(
                "unsupported journal database " + redact(jdbcUrl) + ": use jdbc:h2:… or jdbc:postgresql:…");
    }

    private static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** The journal's database, for the parts that keep their own tables in it (the API clients). */
    public javax.sql.DataSource database() {
        return pool;
    }

    /** The tamper-evident audit log kept in the journal's database: every state change, and what operators do. */
    public AuditLog audit() {
        return audit;
    }

    /**
     * Records a new message with its first state, audited as the access point's own doing.
     *
     * @return false when a message with this direction and id is already journaled (nothing is changed)
     */
    public boolean insert(MessageRecord record) {
        return insert(record, SYSTEM);
    }

    /**
     * Records a new message with its first state; the audit log names {@code actor} (who submitted it).
     *
     * @return false when a message with this direction and id is already journaled (nothing is changed)
     */
    public boolean insert(MessageRecord record, String actor) {
        return insert(record, actor, Optional.empty());
    }

    /**
     * Records a received message with the Message Level Status its sender asks for, in one transaction: the status
     * is due once the message is delivered, and a crash in between must not forget it.
     *
     * @return false when a message with this direction and id is already journaled (nothing is changed)
     */
    public boolean insert(MessageRecord record, Optional<Mls.Request> mls) {
        return insert(record, SYSTEM, mls);
    }

    private boolean insert(MessageRecord record, String actor, Optional<Mls.Request> mls) {
        try {
            return writer.write(statements -> {
                PreparedStatement insert = statements.prepare(INSERT_MESSAGE);
                insert.setString(1, record.direction().name());
                insert.setString(2, record.messageId());
                Envelope envelope = record.envelope();
                insert.setString(3, envelope.instanceIdentifier());
                insert.setString(4, envelope.sender().uri());
                insert.setString(5, envelope.receiver().uri());
                insert.setString(6, envelope.documentType().uri());
                insert.setString(7, envelope.process().uri());
                insert.setString(8, envelope.countryC1());
                insert.setString(9, record.peerAp().orElse(null));
                insert.setLong(10, record.content().documentSize());
                insert.setLong(11, record.content().sbdhSize());
                insert.setString(12, record.content().sha256());
                insert.setString(13, record.state().name());
                insert.setString(14, record.reason().orElse(null));
                insert.setInt(15, record.attempts());
                insert.setObject(16, record.nextAttemptAt().map(Journal::utc).orElse(null));
                insert.setObject(17, utc(record.createdAt()));
                insert.setObject(18, utc(record.updatedAt()));
                insert.setString(19, record.peerCertificate().orElse(null));
                insert.setString(20, record.reporting().countryC4().orElse(null));
                insert.setString(21, record.reporting().transportProtocol());
                insert.setString(22, record.reporting().accessPoint().orElse(null));
                insert.setString(23, nodes.runId());
                insert.executeUpdate();
                if (mls.isPresent()) {
                    PreparedStatement request = statements.prepare(SET_MLS_REQUEST);
                    request.setString(1, mls.get().mlsTo().uri());
                    request.setString(2, mls.get().type().name());
                    request.setString(3, record.direction().name());
                    request.setString(4, record.messageId());
                    request.executeUpdate();
                }
                addHistory(
                        statements,
                        record.direction(),
                        record.messageId(),
                        record.state(),
                        record.reason(),
                        record.createdAt());
                audit.append(
                        statements.connection(),
                        AuditEvent.of(actor, action(record.state()), subject(record.direction(), record.messageId()))
                                .withDetail(record.envelope().sender() + " -> "
                                        + record.envelope().receiver() + " "
                                        + record.content().sha256()));
                return true;
            });
        } catch (SQLException e) {
            if (DUPLICATE_KEY.equals(e.getSQLState())) return false;
            throw new JournalException("cannot journal message " + record.messageId(), e);
        }
    }

    /** A send attempt ended with a receipt from the receiving access point: the message is SENT. */
    public void sent(String messageId, String receiverAp) {
        transition(
                Direction.OUTBOUND,
                messageId,
                MessageState.SENT,
                Optional.of("receipt from " + receiverAp),
                Optional.of(receiverAp),
                Optional.empty(),
                true);
    }

    /** A send attempt failed for a reason that may pass: the next one is due at {@code due}. */
    public void retrying(String messageId, String reason, Instant due) {
        transition(
                Direction.OUTBOUND,
                messageId,
                MessageState.RETRYING,
                Optional.of(reason),
                Optional.empty(),
                Optional.of(due),
                true);
    }

    /** A send attempt failed for good: the message is FAILED until an operator resends it. */
    public void failed(String messageId, String reason) {
        transition(
                Direction.OUTBOUND,
                messageId,
                MessageState.FAILED,
                Optional.of(reason),
                Optional.empty(),
                Optional.empty(),
                true);
    }

    /** An operator resends a FAILED message: it is ACCEPTED again and queued; the audit log names the operator. */
    public void reopened(String messageId, String reason, String actor) {
        transition(
                Direction.OUTBOUND,
                messageId,
                MessageState.ACCEPTED,
                Optional.of(reason),
                Optional.empty(),
                Optional.empty(),
                false,
                actor);
    }

    /**
     * A received message reached every back-office channel.
     *
     * @return false when it was DELIVERED already: two deliveries of one message raced (a re-queue after an outage
     *     beside the original), and only the first records the transition and answers the sender
     */
    public boolean delivered(String messageId) {
        try {
            return transition(
                    Direction.INBOUND,
                    messageId,
                    MessageState.DELIVERED,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    false,
                    SYSTEM,
                    " AND state <> 'DELIVERED'");
        } catch (JournalException notThere) {
            if (current(Direction.INBOUND, messageId)
                    .map(r -> r.state() == MessageState.DELIVERED)
                    .orElse(false)) return false;
            throw notThere;
        }
    }

    /** A received message failed validation and is not delivered; its sender is answered with an MLS {@code RE}. */
    public void rejected(String messageId, String reason) {
        transition(
                Direction.INBOUND,
                messageId,
                MessageState.REJECTED,
                Optional.of(reason),
                Optional.empty(),
                Optional.empty(),
                false);
    }

    /**
     * Moves a message to a new state and records the change.
     *
     * @param nextAttemptAt when the next send attempt is due (outbound retries), else empty
     * @param countAttempt whether this change ends a send attempt
     */
    private void transition(
            Direction direction,
            String messageId,
            MessageState state,
            Optional<String> reason,
            Optional<String> peerAp,
            Optional<Instant> nextAttemptAt,
            boolean countAttempt) {
        transition(direction, messageId, state, reason, peerAp, nextAttemptAt, countAttempt, SYSTEM);
    }

    private void transition(
            Direction direction,
            String messageId,
            MessageState state,
            Optional<String> reason,
            Optional<String> peerAp,
            Optional<Instant> nextAttemptAt,
            boolean countAttempt,
            String actor) {
        transition(direction, messageId, state, reason, peerAp, nextAttemptAt, countAttempt, actor, "");
    }

    /** @param onlyIf more of the WHERE clause: no row matching it is an error, as no row at all is */
    private boolean transition(
            Direction direction,
            String messageId,
            MessageState state,
            Optional<String> reason,
            Optional<String> peerAp,
            Optional<Instant> nextAttemptAt,
            boolean countAttempt,
            String actor,
            String onlyIf) {
        Instant now = clock.instant();
        try {
            return writer.write(statements -> {
                PreparedStatement update = statements.prepare(UPDATE_STATE + onlyIf);
                update.setString(1, state.name());
                update.setString(2, reason.map(Journal::clip).orElse(null));
                update.setString(3, peerAp.orElse(null));
                update.setObject(4, nextAttemptAt.map(Journal::utc).orElse(null));
                update.setInt(5, countAttempt ? 1 : 0);
                update.setObject(6, utc(now));
                update.setString(7, direction.name());
                update.setString(8, messageId);
                if (update.executeUpdate() != 1) {
                    throw new JournalException(
                            "no " + direction.name().toLowerCase() + " message " + messageId + " in the journal", null);
                }
                addHistory(statements, direction, messageId, state, reason, now);
                audit.append(
                        statements.connection(),
                        AuditEvent.of(actor, action(state), subject(direction, messageId))
                                .withDetail(reason.map(Journal::clip).orElse(null)));
                return true;
            });
        } catch (SQLException e) {
            throw new JournalException("cannot record state " + state + " of message " + messageId, e);
        }
    }

    /** The Message Level Status the sender of a received message asked for, if it asked for one. */
    public Optional<Mls.Request> mlsRequest(String inboundMessageId) {
        return mls(Direction.INBOUND, inboundMessageId).flatMap(MlsLink::request);
    }

    /**
     * A Message Level Status came back for the sent message with this SBDH InstanceIdentifier.
     *
     * @return false when no message was sent from here under that identifier
     */
    public boolean mlsReceived(String sbdhInstanceIdentifier, Mls.Status status, String mlsMessageId) {
        String detail = status.issues().stream()
                .map(issue -> issue.reason() + " " + issue.description())
                .collect(java.util.stream.Collectors.joining("; "));
        try {
            return writer.write(statements -> {
                        PreparedStatement update = statements.prepare(SET_MLS_STATUS_BY_INSTANCE);
                        update.setString(1, status.code().name());
                        update.setString(2, mlsMessageId);
                        update.setString(3, detail.isEmpty() ? null : clip(detail));
                        update.setString(4, Direction.OUTBOUND.name());
                        update.setString(5, sbdhInstanceIdentifier);
                        return update.executeUpdate();
                    })
                    > 0;
        } catch (SQLException e) {
            throw new JournalException("cannot record the message level status of " + sbdhInstanceIdentifier, e);
        }
    }

    /** A received MLS names no message sent from here: kept, and marked so that an operator sees it. */
    public void mlsUnmatched(String inboundMlsMessageId) {
        setMlsStatus(inboundMlsMessageId, MlsLink.UNMATCHED, null);
    }

    /** This access point answered a received message with a Message Level Status, sent as message {@code mlsId}. */
    public void mlsSent(String inboundMessageId, String code, String mlsId) {
        setMlsStatus(inboundMessageId, code, mlsId);
    }

    private void setMlsStatus(String inboundMessageId, String status, String mlsMessageId) {
        try {
            writer.write(statements -> {
                PreparedStatement update = statements.prepare(SET_MLS_STATUS);
                update.setString(1, status);
                update.setString(2, mlsMessageId);
                update.setString(3, Direction.INBOUND.name());
                update.setString(4, inboundMessageId);
                return update.executeUpdate();
            });
        } catch (SQLException e) {
            throw new JournalException("cannot record the message level status of " + inboundMessageId, e);
        }
    }

    /**
     * What the journal knows of a message's Message Level Status.
     *
     * @param request what the sender of a received message asked for
     * @param status the code of the MLS received for a sent message ({@code AP}, {@code AB}, {@code RE}), the code
     *        of the MLS sent back for a received one, or {@link #UNMATCHED} on a received MLS that names no sent
     *        message
     * @param mlsMessageId the AS4 MessageId of the MLS that brought (or carried back) the status
     * @param detail its issues, each as reason code and description ({@code BV [CAREC-TND-R009] …})
     */
    public record MlsLink(
            Optional<Mls.Request> request,
            Optional<String> status,
            Optional<String> mlsMessageId,
            Optional<String> detail) {
        public static final String UNMATCHED = "unmatched";

        public boolean isEmpty() {
            return request.isEmpty() && status.isEmpty();
        }
    }

    /** The Message Level Status columns of one message, empty when it is not journaled. */
    public Optional<MlsLink> mls(Direction direction, String messageId) {
        String sql = "SELECT mls_to, mls_type, mls_status, mls_message_id, mls_detail FROM message"
                + " WHERE direction = ? AND message_id = ?";
        try (Connection connection = pool.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, direction.name());
            select.setString(2, messageId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) return Optional.empty();
                String type = rows.getString(2);
                Optional<Mls.Request> request = Optional.ofNullable(rows.getString(1))
                        .map(to -> new Mls.Request(
                                ParticipantId.parse(to), type == null ? Mls.Type.ALWAYS_SEND : Mls.Type.parse(type)));
                return Optional.of(new MlsLink(
                        request,
                        Optional.ofNullable(rows.getString(3)),
                        Optional.ofNullable(rows.getString(4)),
                        Optional.ofNullable(rows.getString(5))));
            }
        } catch (SQLException e) {
            throw new JournalException("cannot read the journal", e);
        }
    }

    /** The record with its state history. */
    public Optional<MessageRecord> find(Direction direction, String messageId) {
        List<MessageRecord> found =
                query("WHERE direction = ? AND message_id = ?", List.of(direction.name(), messageId), 1, true);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * The record as it stands now, without its state history ({@link MessageRecord#history()} is empty): what the
     * send and delivery steps need, one query instead of two.
     */
    public Optional<MessageRecord> current(Direction direction, String messageId) {
        List<MessageRecord> found =
                query("WHERE direction = ? AND message_id = ?", List.of(direction.name(), messageId), 1, false);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Whether a message with this direction and id is journaled. */
    public boolean contains(Direction direction, String messageId) {
        return firstValue(
                        "SELECT message_id FROM message WHERE direction = ? AND message_id = ?",
                        direction.name(),
                        messageId)
                .isPresent();
    }

    /** Both directions' records with this id (normally one; two when an AP sent to itself), with their history. */
    public List<MessageRecord> find(String messageId) {
        return query("WHERE message_id = ? ORDER BY direction DESC", List.of(messageId), 2, true);
    }

    /** Newest first, filtered by state, participant (sender or receiver) and creation time. */
    public List<MessageRecord> list(
            Optional<MessageState> state, Optional<ParticipantId> participant, Optional<Instant> since, int limit) {
        return list(state, participant.map(Set::of).orElse(Set.of()), since, limit);
    }

    /** Newest first, filtered by state, participants (sender or receiver is one of them; none: all) and creation time. */
    public List<MessageRecord> list(
            Optional<MessageState> state, Set<ParticipantId> participants, Optional<Instant> since, int limit) {
        return search(
                new MessageSearch(Optional.empty(), state, participants, Optional.empty(), since, Optional.empty()),
                0,
                limit);
    }

    /**
     * One page of the messages a search finds, newest first, with their history.
     *
     * @param offset how many of the newest to skip
     */
    public List<MessageRecord> search(MessageSearch search, int offset, int limit) {
        StringBuilder where = new StringBuilder("WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        search.direction().ifPresent(d -> {
            where.append(" AND direction = ?");
            parameters.add(d.name());
        });
        search.state().ifPresent(s -> {
            where.append(" AND state = ?");
            parameters.add(s.name());
        });
        if (!search.participants().isEmpty()) {
            String marks = String.join(
                    ", ", java.util.Collections.nCopies(search.participants().size(), "?"));
            where.append(" AND (sender IN (")
                    .append(marks)
                    .append(") OR receiver IN (")
                    .append(marks)
                    .append("))");
            List<String> uris = search.participants().stream()
                    .map(ParticipantId::uri)
                    .sorted()
                    .toList();
            parameters.addAll(uris);
            parameters.addAll(uris);
        }
        search.documentType().ifPresent(t -> {
            where.append(" AND document_type LIKE ? ESCAPE '!'");
            parameters.add("%" + t.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        });
        search.from().ifPresent(t -> {
            where.append(" AND created_at >= ?");
            parameters.add(utc(t));
        });
        search.until().ifPresent(t -> {
            where.append(" AND created_at < ?");
            parameters.add(utc(t));
        });
        where.append(" ORDER BY created_at DESC, message_id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
        parameters.add(Math.max(0, offset));
        parameters.add(Math.max(1, limit));
        return query(where.toString(), parameters, 0, true);
    }

    /**
     * Messages journaled per hour in {@code [from, from + hours)} by direction: {@code counts[d][h]} for direction
     * {@code d} (its ordinal) and hour {@code h} after {@code from}.
     */
    public long[][] hourlyCounts(Instant from, int hours) {
        String sql = "SELECT direction, created_at FROM message WHERE created_at >= ? AND created_at < ?";
        long[][] counts = new long[Direction.values().length][hours];
        try (Connection connection = pool.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, utc(from));
            select.setObject(2, utc(from.plusSeconds(3600L * hours)));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Instant at = rows.getObject(2, OffsetDateTime.class).toInstant();
                    int hour = (int) ((at.getEpochSecond() - from.getEpochSecond()) / 3600);
                    counts[Direction.valueOf(rows.getString(1)).ordinal()][hour]++;
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new JournalException("cannot count messages per hour", e);
        }
    }

    /**
     * Every message journaled in {@code [from, to)}, oldest first, without history: what the Peppol reports count
     * (they pick the states and drop duplicates themselves).
     */
    public List<MessageRecord> journaledBetween(Instant from, Instant to) {
        return query(
                "WHERE created_at >= ? AND created_at < ? ORDER BY created_at, direction, message_id",
                List.of(utc(from), utc(to)),
                0,
                false);
    }

    /** Every message received of these document types, oldest first, without history. */
    public List<MessageRecord> receivedOfTypes(List<org.silkgate.ap.model.DocumentTypeId> documentTypes) {
        String marks = String.join(", ", java.util.Collections.nCopies(documentTypes.size(), "?"));
        return query(
                "WHERE direction = 'INBOUND' AND document_type IN (" + marks + ") ORDER BY created_at, message_id",
                documentTypes.stream()
                        .<Object>map(org.silkgate.ap.model.DocumentTypeId::uri)
                        .toList(),
                0,
                false);
    }

    /** The message that carried this month's report ({@code TSR} or {@code EUSR}), if it was sent from here. */
    public Optional<String> reportSubmission(java.time.YearMonth month, String report) {
        return firstValue(
                "SELECT message_id FROM report_submission WHERE report_month = ? AND report = ?",
                month.toString(),
                report);
    }

    /** Marks this month's report as sent in message {@code messageId}; a later send of the same month replaces it. */
    public void reportSubmitted(java.time.YearMonth month, String report, String messageId) {
        try {
            writer.write(statements -> {
                PreparedStatement delete =
                        statements.prepare("DELETE FROM report_submission WHERE report_month = ? AND report = ?");
                delete.setString(1, month.toString());
                delete.setString(2, report);
                delete.executeUpdate();
                PreparedStatement insert = statements.prepare("INSERT INTO report_submission"
                        + " (report_month, report, message_id, submitted_at) VALUES (?, ?, ?, ?)");
                insert.setString(1, month.toString());
                insert.setString(2, report);
                insert.setString(3, messageId);
                insert.setObject(4, utc(clock.instant()));
                return insert.executeUpdate();
            });
        } catch (SQLException e) {
            throw new JournalException("cannot record the " + report + " of " + month + " as sent", e);
        }
    }

    /** The id this access point last journaled a message under, if any recorded it (for the report's header). */
    public Optional<String> lastAccessPointId() {
        return firstValue("SELECT access_point FROM message WHERE access_point IS NOT NULL ORDER BY created_at DESC");
    }

    /** The first column of the first row the query finds, if any. */
    private Optional<String> firstValue(String sql, String... parameters) {
        List<String> found = ids(sql, 1, parameters);
        return found.isEmpty() ? Optional.empty() : Optional.ofNullable(found.get(0));
    }

    /**
     * Received messages delivered to the back office whose sender asked for a status every time, and that were
     * answered with none: a crash came between the delivery and the status. Oldest first. A message whose deliverer
     * is still live (a peer node, heartbeat at or after {@code liveSince}) is left to it: it answers in a moment.
     */
    public List<String> statusOwed(Instant liveSince) {
        return ids(
                "SELECT message_id FROM message WHERE direction = 'INBOUND' AND state = 'DELIVERED'"
                        + " AND mls_to IS NOT NULL AND mls_type = 'ALWAYS_SEND' AND mls_status IS NULL"
                        + " AND (owner_run IS NULL OR owner_run NOT IN (SELECT run_id FROM ap_node"
                        + " WHERE heartbeat_at >= ? AND stopped_at IS NULL)) ORDER BY created_at",
                0,
                utc(liveSince));
    }

    /** Ids of messages in a state, oldest first: what is left to do after a restart. */
    public List<String> idsInState(Direction direction, MessageState state, int limit) {
        return ids(
                "SELECT message_id FROM message WHERE direction = ? AND state = ? ORDER BY created_at",
                limit,
                direction.name(),
                state.name());
    }

    private List<String> ids(String sql) {
        return ids(sql, 0);
    }

    /** The first column of every row (at most {@code limit}, 0: all) the query finds. */
    private List<String> ids(String sql, int limit, Object... parameters) {
        try (Connection connection = pool.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) select.setObject(i + 1, parameters[i]);
            select.setMaxRows(limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) ids.add(rows.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new JournalException("cannot read the journal", e);
        }
    }

    /** Message counts per direction, state and document type (for metrics). */
    public List<StateCount> countByState() {
        String sql =
                "SELECT direction, state, document_type, COUNT(*) FROM message GROUP BY direction, state, document_type";
        try (Connection connection = pool.getConnection();
                PreparedStatement select = connection.prepareStatement(sql);
                ResultSet rows = select.executeQuery()) {
            List<StateCount> counts = new ArrayList<>();
            while (rows.next()) {
                counts.add(new StateCount(
                        Direction.valueOf(rows.getString(1)),
                        MessageState.valueOf(rows.getString(2)),
                        rows.getString(3),
                        rows.getLong(4)));
            }
            return counts;
        } catch (SQLException e) {
            throw new JournalException("cannot count messages", e);
        }
    }

    public record StateCount(Direction direction, MessageState state, String documentType, long count) {}

    /** True when the database answers. */
    public boolean isAvailable() {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private List<MessageRecord> query(String condition, List<Object> parameters, int limit, boolean withHistory) {
        String sql = "SELECT " + COLUMNS + " FROM message " + condition;
        try (Connection connection = pool.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) select.setObject(i + 1, parameters.get(i));
            select.setMaxRows(limit);
            List<MessageRecord> records = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) records.add(read(connection, rows, withHistory));
            }
            return records;
        } catch (SQLException e) {
            throw new JournalException("cannot read the journal", e);
        }
    }

    private static MessageRecord read(Connection connection, ResultSet row, boolean withHistory) throws SQLException {
        Direction direction = Direction.valueOf(row.getString(1));
        String messageId = row.getString(2);
        Envelope envelope = new Envelope(
                row.getString(3),
                ParticipantId.parse(row.getString(4)),
                ParticipantId.parse(row.getString(5)),
                DocumentTypeId.parse(row.getString(6)),
                ProcessId.parse(row.getString(7)),
                row.getString(8));
        return new MessageRecord(
                direction,
                messageId,
                envelope,
                Optional.ofNullable(row.getString(9)),
                Optional.ofNullable(row.getString(19)),
                new MessageRecord.Content(row.getLong(10), row.getLong(11), row.getString(12)),
                // rows journaled before the reporting columns existed have NULLs: the report derives those
                new MessageRecord.Reporting(
                        Optional.ofNullable(row.getString(22)),
                        Optional.ofNullable(row.getString(21)).orElse(MessageRecord.Reporting.PEPPOL_AS4_V2),
                        Optional.ofNullable(row.getString(20))),
                MessageState.valueOf(row.getString(13)),
                Optional.ofNullable(row.getString(14)),
                row.getInt(15),
                Optional.ofNullable(row.getObject(16, OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                row.getObject(17, OffsetDateTime.class).toInstant(),
                row.getObject(18, OffsetDateTime.class).toInstant(),
                withHistory ? history(connection, direction, messageId) : List.of());
    }

    private static List<MessageRecord.StateChange> history(Connection connection, Direction direction, String messageId)
            throws SQLException {
        String sql =
                "SELECT state, reason, changed_at FROM message_state_change WHERE direction = ? AND message_id = ? "
                        + "ORDER BY changed_at";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, direction.name());
            select.setString(2, messageId);
            List<MessageRecord.StateChange> changes = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    changes.add(new MessageRecord.StateChange(
                            MessageState.valueOf(rows.getString(1)),
                            Optional.ofNullable(rows.getString(2)),
                            rows.getObject(3, OffsetDateTime.class).toInstant()));
                }
            }
            return List.copyOf(changes);
        }
    }

    private static void addHistory(
            GroupCommitWriter.Statements statements,
            Direction direction,
            String messageId,
            MessageState state,
            Optional<String> reason,
            Instant at)
            throws SQLException {
        PreparedStatement insert = statements.prepare(INSERT_HISTORY);
        insert.setString(1, direction.name());
        insert.setString(2, messageId);
        insert.setString(3, state.name());
        insert.setString(4, reason.map(Journal::clip).orElse(null));
        insert.setObject(5, utc(at));
        insert.executeUpdate();
    }

    /** The actor of what the access point does by itself. */
    public static final String SYSTEM = "access-point";

    private static String action(MessageState state) {
        return "message." + state.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String subject(Direction direction, String messageId) {
        return direction.name().toLowerCase(java.util.Locale.ROOT) + " " + messageId;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String clip(String reason) {
        return reason.length() <= 4000 ? reason : reason.substring(0, 3997) + "...";
    }

    @Override
    public void close() {
        housekeeping.ifPresent(H2Housekeeping::close);
        writer.close();
        pool.dispose();
    }

    /** The live share of the H2 file's chunks in percent, or empty for PostgreSQL. */
    Optional<Integer> h2ChunksFillRate() {
        return housekeeping.map(H2Housekeeping::chunksFillRate);
    }

    public static final class JournalException extends RuntimeException {
        JournalException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
