package org.silkgate.smp.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.silkgate.security.audit.AuditEvent;
import org.silkgate.smp.identifier.IdentifierException;
import org.silkgate.smp.identifier.SmpIdentifier;

/**
 * Participants and their signed service metadata in the registry database. Every write is one transaction that
 * first locks the participant row, checks its owner and then changes it, so concurrent writers never interleave,
 * and appends what it did to the audit log in the same transaction, so no change lands without its entry.
 */
public final class RegistryStore {
    /** Which of the two signed forms a read wants. */
    public enum Format {
        PEPPOL,
        BDXR
    }

    private static final String UNIQUE_VIOLATION = "23505";

    private final Database db;

    public RegistryStore(Database db) {
        this.db = db;
    }

    public Optional<ParticipantRecord> participant(SmpIdentifier id) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT scheme, id_value, owner_name, display_name, country, extension_xml FROM participant WHERE participant_key = ?")) {
                ps.setString(1, id.key());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new ParticipantRecord(
                            identifier(SmpIdentifier.Kind.PARTICIPANT, rs.getString(1), rs.getString(2)),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6)));
                }
            }
        });
    }

    /** The document types of a participant, as registered, in a stable order. */
    public List<SmpIdentifier> documentTypes(SmpIdentifier participant) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT doc_scheme, doc_value FROM service_metadata WHERE participant_key = ? ORDER BY document_key")) {
                ps.setString(1, participant.key());
                List<SmpIdentifier> docs = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next())
                        docs.add(identifier(SmpIdentifier.Kind.DOCUMENT_TYPE, rs.getString(1), rs.getString(2)));
                }
                return docs;
            }
        });
    }

    public Optional<byte[]> signedMetadata(SmpIdentifier participant, SmpIdentifier documentType, Format format)
            throws SQLException {
        String column = format == Format.PEPPOL ? "peppol_signed" : "bdxr_signed";
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + column + " FROM service_metadata WHERE participant_key = ? AND document_key = ?")) {
                ps.setString(1, participant.key());
                ps.setString(2, documentType.key());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    /** Creates or replaces a participant; only its owner may replace it. {@code clientAddress} goes to the audit log. */
    public WriteOutcome putParticipant(ParticipantRecord p, String clientAddress)
            throws SQLException, RegistryException {
        try {
            try {
                return db.inTransaction(c -> upsertParticipant(c, p, clientAddress));
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) throw e;
                // Another writer created the same participant between our lock and our insert: it exists now, update
                // it.
                return db.inTransaction(c -> upsertParticipant(c, p, clientAddress));
            }
        } catch (WrappedRefusal r) {
            throw r.refusal;
        }
    }

    /** How many participants are registered. */
    public long participantCount() throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM participant");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Rows sent to the database per JDBC batch by {@link #bulkLoad}. */
    private static final int BULK_BATCH = 500;

    /**
     * Loads new participants, each with its signed metadata, in one transaction, sent in JDBC batches; used to fill a
     * registry for benchmarks. A caller loading very many calls it once per slice, so only a slice is in memory.
     */
    public void bulkLoad(List<ParticipantRecord> participants, List<MetadataRecord> metadata) throws SQLException {
        db.inTransaction(c -> {
            Timestamp now = Timestamp.from(Instant.now());
            try (PreparedStatement ps = c.prepareStatement(INSERT_PARTICIPANT)) {
                int pending = 0;
                for (ParticipantRecord p : participants) {
                    bindParticipant(ps, p, now);
                    ps.addBatch();
                    if (++pending == BULK_BATCH) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT_METADATA)) {
                int pending = 0;
                for (MetadataRecord m : metadata) {
                    bindMetadata(ps, m, now);
                    ps.addBatch();
                    if (++pending == BULK_BATCH) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) ps.executeBatch();
            }
            db.announce(c, Database.EVERYTHING);
            db.audit()
                    .append(
                            c,
                            AuditEvent.of(
                                            participants.isEmpty()
                                                    ? "bulk-load"
                                                    : participants.get(0).owner(),
                                            "participant.bulk-load",
                                            participants.size() + " participant(s)")
                                    .withDetail(metadata.size() + " service metadata"));
            return null;
        });
    }

    public void deleteParticipant(SmpIdentifier id, String user, String clientAddress)
            throws SQLException, RegistryException {
        inOwnedTransaction(id, user, c -> {
            int metadata;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM service_metadata WHERE participant_key = ?")) {
                ps.setString(1, id.key());
                metadata = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM participant WHERE participant_key = ?")) {
                ps.setString(1, id.key());
                ps.executeUpdate();
            }
            db.announce(c, id.key());
            db.audit()
                    .append(
                            c,
                            new AuditEvent(
                                    user,
                                    "participant.delete",
                                    id.toString(),
                                    "with its business card and " + metadata + " service metadata",
                                    clientAddress));
            return null;
        });
    }

    /** Creates or replaces the signed metadata of one document type of an existing participant owned by {@code user}. */
    public WriteOutcome putMetadata(MetadataRecord m, String user, String clientAddress)
            throws SQLException, RegistryException {
        return inOwnedTransaction(m.participant(), user, c -> {
            String subject = m.participant() + " services " + m.documentType();
            String detail = "signed document SHA-256 " + sha256(m.peppolSigned());
            Timestamp now = Timestamp.from(Instant.now());
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE service_metadata SET doc_scheme = ?, doc_value = ?, peppol_signed = ?, bdxr_signed = ?, updated_at = ? "
                            + "WHERE participant_key = ? AND document_key = ?")) {
                ps.setString(1, m.documentType().scheme());
                ps.setString(2, m.documentType().value());
                ps.setBytes(3, m.peppolSigned());
                ps.setBytes(4, m.bdxrSigned());
                ps.setTimestamp(5, now);
                ps.setString(6, m.participant().key());
                ps.setString(7, m.documentType().key());
                if (ps.executeUpdate() == 1) {
                    db.announce(c, m.participant().key());
                    db.audit().append(c, new AuditEvent(user, "metadata.update", subject, detail, clientAddress));
                    return WriteOutcome.UPDATED;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT_METADATA)) {
                bindMetadata(ps, m, now);
                ps.executeUpdate();
            }
            db.announce(c, m.participant().key());
            db.audit().append(c, new AuditEvent(user, "metadata.create", subject, detail, clientAddress));
            return WriteOutcome.CREATED;
        });
    }

    /**
     * Replaces already stored signed metadata of {@code user}'s participants, all or nothing, in one transaction: each
     * participant must still be {@code user}'s and each document still exactly {@link Replacement#previous()} (what
     * the replacement was made from), else nothing changes and the refusal says which one differs (409). Each
     * replacement is audited as {@code metadata.update} with {@code why} in its detail.
     */
    public void replaceMetadata(List<Replacement> replacements, String user, String clientAddress, String why)
            throws SQLException, RegistryException {
        try {
            db.inTransaction(c -> {
                Timestamp now = Timestamp.from(Instant.now());
                for (Replacement r : replacements) {
                    MetadataRecord m = r.replacement();
                    String owner = lockOwner(c, m.participant())
                            .orElseThrow(() -> new WrappedRefusal(RegistryException.conflict(
                                    "participant " + m.participant() + " is no longer registered")));
                    if (!owner.equals(user)) throw new WrappedRefusal(notOwner(m.participant(), user));
                    byte[] stored;
                    try (PreparedStatement ps = c.prepareStatement("SELECT peppol_signed FROM service_metadata "
                            + "WHERE participant_key = ? AND document_key = ?")) {
                        ps.setString(1, m.participant().key());
                        ps.setString(2, m.documentType().key());
                        try (ResultSet rs = ps.executeQuery()) {
                            stored = rs.next() ? rs.getBytes(1) : null;
                        }
                    }
                    if (stored == null || !java.util.Arrays.equals(stored, r.previous())) {
                        throw new WrappedRefusal(RegistryException.conflict("the service metadata of "
                                + m.participant() + " for " + m.documentType()
                                + " changed since the change was prepared; prepare it again"));
                    }
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE service_metadata SET peppol_signed = ?, bdxr_signed = ?, updated_at = ? "
                                    + "WHERE participant_key = ? AND document_key = ?")) {
                        ps.setBytes(1, m.peppolSigned());
                        ps.setBytes(2, m.bdxrSigned());
                        ps.setTimestamp(3, now);
                        ps.setString(4, m.participant().key());
                        ps.setString(5, m.documentType().key());
                        ps.executeUpdate();
                    }
                    db.announce(c, m.participant().key());
                    db.audit()
                            .append(
                                    c,
                                    new AuditEvent(
                                            user,
                                            "metadata.update",
                                            m.participant() + " services " + m.documentType(),
                                            why + "; signed document SHA-256 " + sha256(m.peppolSigned()),
                                            clientAddress));
                }
                return null;
            });
        } catch (WrappedRefusal r) {
            throw r.refusal;
        }
    }

    /** A newly signed document and the stored one it was made from. */
    public record Replacement(MetadataRecord replacement, byte[] previous) {}

    public void deleteMetadata(SmpIdentifier participant, SmpIdentifier documentType, String user, String clientAddress)
            throws SQLException, RegistryException {
        inOwnedTransaction(participant, user, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM service_metadata WHERE participant_key = ? AND document_key = ?")) {
                ps.setString(1, participant.key());
                ps.setString(2, documentType.key());
                if (ps.executeUpdate() == 0) {
                    throw new WrappedRefusal(RegistryException.notFound("participant " + participant
                            + " has no service metadata for document type " + documentType));
                }
            }
            db.announce(c, participant.key());
            db.audit()
                    .append(
                            c,
                            new AuditEvent(
                                    user,
                                    "metadata.delete",
                                    participant + " services " + documentType,
                                    null,
                                    clientAddress));
            return null;
        });
    }

    /**
     * The directory: participants whose country matches (if given) and whose name or identifier contains
     * {@code text} (if given, case-insensitive), with their document types, ordered by identifier.
     */
    public List<DirectoryEntry> search(String country, String text, int limit) throws SQLException {
        return search(country, text, null, limit);
    }

    /** {@link #search(String, String, int)} limited to the participants {@code owner} registered (all if null). */
    public List<DirectoryEntry> search(String country, String text, String owner, int limit) throws SQLException {
        return db.read(c -> {
            StringBuilder sql = new StringBuilder(
                    "SELECT participant_key, scheme, id_value, display_name, country FROM participant WHERE 1 = 1");
            List<String> args = new ArrayList<>();
            if (owner != null) {
                sql.append(" AND owner_name = ?");
                args.add(owner);
            }
            if (country != null) {
                sql.append(" AND country = ?");
                args.add(country.toUpperCase(Locale.ROOT));
            }
            if (text != null) {
                sql.append(" AND (display_name_lc LIKE ? ESCAPE '!' OR participant_key LIKE ? ESCAPE '!')");
                String pattern = "%"
                        + text.toLowerCase(Locale.ROOT)
                                .replace("!", "!!")
                                .replace("%", "!%")
                                .replace("_", "!_") + "%";
                args.add(pattern);
                args.add(pattern);
            }
            sql.append(" ORDER BY participant_key LIMIT ").append(limit);
            Map<String, DirectoryEntry> found = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) ps.setString(i + 1, args.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.put(
                                rs.getString(1),
                                new DirectoryEntry(
                                        rs.getString(2) + "::" + rs.getString(3),
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getString(4),
                                        rs.getString(5),
                                        new ArrayList<>()));
                    }
                }
            }
            if (found.isEmpty()) return List.of();
            String marks = String.join(",", java.util.Collections.nCopies(found.size(), "?"));
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT participant_key, doc_scheme, doc_value FROM service_metadata "
                            + "WHERE participant_key IN (" + marks + ") ORDER BY document_key")) {
                int i = 1;
                for (String key : found.keySet()) ps.setString(i++, key);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next())
                        found.get(rs.getString(1)).documentTypes().add(rs.getString(2) + "::" + rs.getString(3));
                }
            }
            return List.copyOf(found.values());
        });
    }

    private static final String INSERT_PARTICIPANT =
            "INSERT INTO participant (participant_key, scheme, id_value, owner_name, "
                    + "display_name, display_name_lc, country, extension_xml, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_METADATA =
            "INSERT INTO service_metadata (participant_key, document_key, doc_scheme, "
                    + "doc_value, peppol_signed, bdxr_signed, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private static void bindParticipant(PreparedStatement ps, ParticipantRecord p, Timestamp now) throws SQLException {
        ps.setString(1, p.id().key());
        ps.setString(2, p.id().scheme());
        ps.setString(3, p.id().value());
        ps.setString(4, p.owner());
        ps.setString(5, p.displayName());
        ps.setString(6, p.displayName() == null ? null : p.displayName().toLowerCase(Locale.ROOT));
        ps.setString(7, p.country());
        ps.setString(8, p.extensionXml());
        ps.setTimestamp(9, now);
    }

    private static void bindMetadata(PreparedStatement ps, MetadataRecord m, Timestamp now) throws SQLException {
        ps.setString(1, m.participant().key());
        ps.setString(2, m.documentType().key());
        ps.setString(3, m.documentType().scheme());
        ps.setString(4, m.documentType().value());
        ps.setBytes(5, m.peppolSigned());
        ps.setBytes(6, m.bdxrSigned());
        ps.setTimestamp(7, now);
    }

    private WriteOutcome upsertParticipant(Connection c, ParticipantRecord p, String clientAddress)
            throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        Optional<String> owner = lockOwner(c, p.id());
        if (owner.isPresent()) {
            if (!owner.get().equals(p.owner())) throw new WrappedRefusal(notOwner(p.id(), p.owner()));
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE participant SET scheme = ?, id_value = ?, display_name = ?, "
                            + "display_name_lc = ?, country = ?, extension_xml = ?, updated_at = ? WHERE participant_key = ?")) {
                ps.setString(1, p.id().scheme());
                ps.setString(2, p.id().value());
                ps.setString(3, p.displayName());
                ps.setString(4, p.displayName() == null ? null : p.displayName().toLowerCase(Locale.ROOT));
                ps.setString(5, p.country());
                ps.setString(6, p.extensionXml());
                ps.setTimestamp(7, now);
                ps.setString(8, p.id().key());
                ps.executeUpdate();
            }
            db.announce(c, p.id().key());
            db.audit()
                    .append(
                            c,
                            new AuditEvent(
                                    p.owner(),
                                    "participant.update",
                                    p.id().toString(),
                                    businessCard(p),
                                    clientAddress));
            return WriteOutcome.UPDATED;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_PARTICIPANT)) {
            bindParticipant(ps, p, now);
            ps.executeUpdate();
        }
        db.announce(c, p.id().key());
        db.audit()
                .append(
                        c,
                        new AuditEvent(
                                p.owner(), "participant.create", p.id().toString(), businessCard(p), clientAddress));
        return WriteOutcome.CREATED;
    }

    private <T> T inOwnedTransaction(SmpIdentifier participant, String user, Database.Work<T> work)
            throws SQLException, RegistryException {
        try {
            return db.inTransaction(c -> {
                String owner = lockOwner(c, participant)
                        .orElseThrow(() -> new WrappedRefusal(
                                RegistryException.notFound("participant " + participant + " is not registered")));
                if (!owner.equals(user)) throw new WrappedRefusal(notOwner(participant, user));
                return work.run(c);
            });
        } catch (WrappedRefusal r) {
            throw r.refusal;
        }
    }

    private static Optional<String> lockOwner(Connection c, SmpIdentifier participant) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT owner_name FROM participant WHERE participant_key = ? FOR UPDATE")) {
            ps.setString(1, participant.key());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static String businessCard(ParticipantRecord p) {
        if (p.displayName() == null && p.extensionXml() == null) return "no business card, country " + p.country();
        return "business card: name " + (p.displayName() == null ? "none" : "'" + p.displayName() + "'") + ", country "
                + p.country()
                + (p.extensionXml() == null
                        ? ""
                        : ", extension SHA-256 " + sha256(p.extensionXml().getBytes(StandardCharsets.UTF_8)));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static RegistryException notOwner(SmpIdentifier participant, String user) {
        return RegistryException.forbidden(
                "participant " + participant + " belongs to another user than '" + user + "'");
    }

    private static SmpIdentifier identifier(SmpIdentifier.Kind kind, String scheme, String value) {
        try {
            return SmpIdentifier.of(kind, scheme, value);
        } catch (IdentifierException e) {
            throw new IllegalStateException("the database holds an invalid identifier " + scheme + "::" + value, e);
        }
    }

    /** Carries a refusal out of a transaction lambda (which may only throw SQLException) and rolls it back. */
    private static final class WrappedRefusal extends RuntimeException {
        final RegistryException refusal;

        WrappedRefusal(RegistryException refusal) {
            super(refusal.getMessage(), null, false, false);
            this.refusal = refusal;
        }
    }
}
