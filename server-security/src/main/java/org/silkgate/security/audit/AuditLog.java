package org.silkgate.security.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.silkgate.security.audit.AuditVerification.Broken;
import org.silkgate.security.audit.AuditVerification.Intact;
import org.silkgate.security.audit.AuditVerification.Problem;

/**
 * A tamper-evident, append-only audit log in a server's own database (H2 or PostgreSQL). Each entry stores the
 * SHA-256 of the previous entry's hash and its own canonical content, so changing or deleting a row breaks the
 * chain from there on, which {@link #verify()} reports. A one-row chain head, locked with
 * {@code SELECT ... FOR UPDATE} by every append, serialises appends across threads and across processes that share
 * the database, and records the chain's length, so deleting the newest entries shows as well.
 *
 * <p>The tables come with the log: Flyway location {@code classpath:db/audit}, history table
 * {@code audit_schema_history}, so they live beside the server's own migrations in the same schema. Open the log
 * after the server has migrated its own schema: Flyway refuses to start a fresh history in a schema that already has
 * tables, so the audit migrations baseline an existing schema, while a server's own migrations usually do not.
 *
 * <p>This detects changes by anyone who cannot recompute the whole chain consistently; someone with write access to
 * the database who rewrites every later entry and the head is caught only by comparing with a head hash kept
 * elsewhere (see {@link AuditVerification.Intact#lastHash()}).
 */
public final class AuditLog {
    private static final String HEAD_FOR_UPDATE =
            "SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE";
    private static final String COLUMNS =
            "seq, logged_at, actor, action, subject, detail, client_address, prev_hash, entry_hash";

    private final DataSource dataSource;
    private final Clock clock;

    private AuditLog(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Migrates the audit tables in {@code dataSource}'s schema (after the server's own migrations) and opens the log. */
    public static AuditLog open(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/audit")
                    .table("audit_schema_history")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot migrate the audit log tables: " + e.getMessage(), e);
        }
        return new AuditLog(dataSource, Clock.systemUTC());
    }

    /** Appends in a transaction of its own; returns the entry's sequence number. */
    public long append(AuditEvent event) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                long seq = append(c, event);
                c.commit();
                return seq;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * Appends inside the caller's transaction, so the entry commits or rolls back with the change it records. The
     * chain head stays locked until that transaction ends: lock the caller's own rows first, then append, so that
     * every writer takes the locks in the same order.
     */
    public long append(Connection c, AuditEvent event) throws SQLException {
        Objects.requireNonNull(event, "event");
        if (c.getAutoCommit())
            throw new IllegalArgumentException("append(Connection, ...) needs a transaction: auto-commit is on");
        long lastSeq;
        String lastHash;
        try (PreparedStatement ps = c.prepareStatement(HEAD_FOR_UPDATE);
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next())
                throw new SQLException("the audit chain head row is missing: the audit tables were tampered with");
            lastSeq = rs.getLong(1);
            lastHash = rs.getString(2);
        }
        AuditEntry entry =
                AuditEntry.chain(lastSeq + 1, clock.instant().truncatedTo(ChronoUnit.MILLIS), event, lastHash);
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, entry.seq());
            ps.setObject(2, OffsetDateTime.ofInstant(entry.time(), ZoneOffset.UTC));
            ps.setString(3, entry.actor());
            ps.setString(4, entry.action());
            ps.setString(5, entry.subject());
            ps.setString(6, entry.detail());
            ps.setString(7, entry.clientAddress());
            ps.setString(8, entry.previousHash());
            ps.setString(9, entry.hash());
            ps.executeUpdate();
        }
        // Guarded by the old sequence number: should a database ever hand out a stale head despite the lock, the
        // append fails instead of forking the chain.
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1 AND last_seq = ?")) {
            ps.setLong(1, entry.seq());
            ps.setString(2, entry.hash());
            ps.setLong(3, lastSeq);
            if (ps.executeUpdate() != 1)
                throw new SQLException("the audit chain head moved during an append; nothing was appended");
        }
        return entry.seq();
    }

    /** The sequence number of the newest entry (0 while the log is empty), so that a reader can page from the end. */
    public long lastSeq() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM audit_chain_head WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Up to {@code limit} entries from sequence number {@code fromSeq} on, in order. */
    public List<AuditEntry> entries(long fromSeq, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT " + COLUMNS + " FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT " + limit)) {
            ps.setLong(1, fromSeq);
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) entries.add(entry(rs));
            }
            return entries;
        }
    }

    /**
     * Walks the whole chain in one consistent snapshot: every entry from 1 to the head's count must be present, its
     * hash must match its content, and its previous hash must be its predecessor's hash.
     */
    public AuditVerification verify() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return verify(c);
            } finally {
                c.rollback();
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static AuditVerification verify(Connection c) throws SQLException {
        long headSeq;
        String headHash;
        try (PreparedStatement ps =
                        c.prepareStatement("SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next())
                return new Broken(
                        1, Problem.CHAIN_BROKEN, "the chain head row is missing: the audit tables were tampered with");
            headSeq = rs.getLong(1);
            headHash = rs.getString(2);
        }
        long expected = 1;
        String previousHash = AuditEntry.GENESIS;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log ORDER BY seq")) {
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AuditEntry entry = entry(rs);
                    if (entry.seq() > headSeq) {
                        return new Broken(
                                entry.seq(),
                                Problem.CHAIN_BROKEN,
                                "entry " + entry.seq() + " lies beyond the chain head (" + headSeq
                                        + " entries): it was not appended through the audit log");
                    }
                    if (entry.seq() != expected) {
                        return new Broken(
                                expected,
                                Problem.ENTRY_MISSING,
                                missing(expected, entry.seq() - 1) + ": the log goes from entry " + (expected - 1)
                                        + " to entry " + entry.seq());
                    }
                    if (!entry.contentMatchesHash()) {
                        return new Broken(
                                entry.seq(),
                                Problem.CONTENT_CHANGED,
                                "entry " + entry.seq() + " was changed: its content no longer matches its hash");
                    }
                    if (!entry.previousHash().equals(previousHash)) {
                        return new Broken(
                                entry.seq(),
                                Problem.CHAIN_BROKEN,
                                "entry " + entry.seq() + " does not follow entry " + (entry.seq() - 1)
                                        + ": its previous-entry hash is not that entry's hash");
                    }
                    previousHash = entry.hash();
                    expected++;
                }
            }
        }
        if (expected <= headSeq) {
            return new Broken(
                    expected,
                    Problem.ENTRY_MISSING,
                    missing(expected, headSeq) + ": the chain head records " + headSeq
                            + " entries but the log ends at entry " + (expected - 1));
        }
        if (!previousHash.equals(headHash)) {
            return new Broken(
                    headSeq, Problem.CHAIN_BROKEN, "the chain head's hash is not the hash of entry " + headSeq);
        }
        return new Intact(headSeq, headHash);
    }

    private static String missing(long from, long to) {
        return from == to
                ? "entry " + from + " is missing (deleted)"
                : "entries " + from + " to " + to + " are missing (deleted)";
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        Instant time = rs.getObject(2, OffsetDateTime.class).toInstant();
        return new AuditEntry(
                rs.getLong(1),
                time,
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9));
    }
}
