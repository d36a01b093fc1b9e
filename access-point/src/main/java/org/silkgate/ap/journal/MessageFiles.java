package org.silkgate.ap.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.silkgate.ap.files.AtomicFiles;
import org.silkgate.ap.files.Durability;

/**
 * Payloads and receipts, on disk under the data folder (one node) or in the journal's database (several nodes that
 * must all read what any of them stored). On disk, one file per message, written atomically:
 * {@code messages/<direction>/<id>.xml} (the SBDH as sent or received) and {@code receipts/<id>.xml} (the signed
 * AS4 receipt, the non-repudiation evidence of a sent message). In the database, rows of {@code message_content}.
 * <p>
 * The database and not a shared file system: nodes already depend on PostgreSQL and its backups, a row commits
 * atomically with PostgreSQL's durability, and no NFS locking or mount is needed on every node.
 */
public final class MessageFiles {
    private final Path root;
    private final Durability durability;
    private final Optional<ContentTable> table;

    /** On disk under {@code dataDir}. */
    public MessageFiles(Path dataDir, Durability durability) {
        this(dataDir, durability, Optional.empty());
    }

    private MessageFiles(Path dataDir, Durability durability, Optional<ContentTable> table) {
        this.root = dataDir;
        this.durability = durability;
        this.table = table;
    }

    /** In the journal's database, shared by every node of the access point. */
    public static MessageFiles inDatabase(Journal journal, Path dataDir, Durability durability) {
        return new MessageFiles(dataDir, durability, Optional.of(new ContentTable(journal.database())));
    }

    public boolean hasPayload(Direction direction, String messageId) {
        return table.isPresent()
                ? table.get().exists(direction, messageId, PAYLOAD)
                : Files.exists(payloadPath(direction, messageId));
    }

    private static final String PAYLOAD = "payload";
    private static final String RECEIPT = "receipt";
    private static final String VALIDATION = "validation";

    /** Where the payload is on disk (payloads in the database have no path). */
    public Path payloadPath(Direction direction, String messageId) {
        return root.resolve("messages").resolve(direction.name().toLowerCase()).resolve(fileName(messageId) + ".xml");
    }

    public Path receiptPath(String messageId) {
        return root.resolve("receipts").resolve(fileName(messageId) + ".xml");
    }

    /** The validation report of an inbound document delivered despite failing validation. */
    public Path validationReportPath(String messageId) {
        return root.resolve("messages").resolve("inbound").resolve(fileName(messageId) + ".validation.json");
    }

    public void storeValidationReport(String messageId, byte[] reportJson) {
        if (table.isPresent()) table.get().put(Direction.INBOUND, messageId, VALIDATION, reportJson);
        else write(validationReportPath(messageId), reportJson);
    }

    public Optional<byte[]> validationReport(String messageId) {
        return table.isPresent()
                ? table.get().get(Direction.INBOUND, messageId, VALIDATION)
                : read(validationReportPath(messageId));
    }

    public void storePayload(Direction direction, String messageId, byte[] sbdh) {
        if (table.isPresent()) table.get().put(direction, messageId, PAYLOAD, sbdh);
        else write(payloadPath(direction, messageId), sbdh);
    }

    /**
     * Stores a payload unless one is stored under this id already, which is left as it is: a message id that two
     * senders race for keeps the payload of the one the journal recorded.
     *
     * @return false when a payload was stored already
     */
    public boolean storePayloadOnce(Direction direction, String messageId, byte[] content) {
        if (table.isPresent()) return table.get().insert(direction, messageId, PAYLOAD, content);
        Path file = payloadPath(direction, messageId);
        try {
            return AtomicFiles.writeNew(file, content, durability);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + file, e);
        }
    }

    public void storeReceipt(String messageId, byte[] receipt) {
        if (table.isPresent()) table.get().put(Direction.OUTBOUND, messageId, RECEIPT, receipt);
        else write(receiptPath(messageId), receipt);
    }

    public byte[] payload(Direction direction, String messageId) {
        return (table.isPresent()
                        ? table.get().get(direction, messageId, PAYLOAD)
                        : read(payloadPath(direction, messageId)))
                .orElseThrow(() -> new IllegalStateException("the payload of " + messageId + " is missing from "
                        + (table.isPresent() ? "the database" : root)));
    }

    public Optional<byte[]> receipt(String messageId) {
        return table.isPresent()
                ? table.get().get(Direction.OUTBOUND, messageId, RECEIPT)
                : read(receiptPath(messageId));
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static Optional<byte[]> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private void write(Path file, byte[] content) {
        try {
            AtomicFiles.write(file, content, durability);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + file, e);
        }
    }

    /** Message ids become file names: no separators, no leading dot. */
    public static String fileName(String id) {
        String safe = id.replaceAll("[^A-Za-z0-9._:@-]", "_");
        return safe.startsWith(".") ? "_" + safe.substring(1) : safe;
    }

    /** The rows of {@code message_content}: one per message and kind. */
    private static final class ContentTable {
        private static final String DUPLICATE_KEY = "23505";
        private final javax.sql.DataSource database;

        ContentTable(javax.sql.DataSource database) {
            this.database = database;
        }

        boolean exists(Direction direction, String messageId, String kind) {
            return query("SELECT 1", direction, messageId, kind, rows -> Optional.of(new byte[0]))
                    .isPresent();
        }

        Optional<byte[]> get(Direction direction, String messageId, String kind) {
            return query("SELECT content", direction, messageId, kind, rows -> Optional.of(rows.getBytes(1)));
        }

        /** @return false when there is a row already, which is kept */
        boolean insert(Direction direction, String messageId, String kind, byte[] content) {
            try (java.sql.Connection connection = database.getConnection()) {
                return insert(connection, direction, messageId, kind, content);
            } catch (java.sql.SQLException e) {
                throw new Journal.JournalException("cannot store the " + kind + " of " + messageId, e);
            }
        }

        void put(Direction direction, String messageId, String kind, byte[] content) {
            try (java.sql.Connection connection = database.getConnection();
                    java.sql.PreparedStatement update = connection.prepareStatement("UPDATE message_content SET"
                            + " content = ? WHERE direction = ? AND message_id = ? AND kind = ?")) {
                update.setBytes(1, content);
                update.setString(2, direction.name());
                update.setString(3, messageId);
                update.setString(4, kind);
                // a second writer inserting at the same moment stored the same evidence: either row is right
                if (update.executeUpdate() == 0) insert(connection, direction, messageId, kind, content);
            } catch (java.sql.SQLException e) {
                throw new Journal.JournalException("cannot store the " + kind + " of " + messageId, e);
            }
        }

        private static boolean insert(
                java.sql.Connection connection, Direction direction, String messageId, String kind, byte[] content)
                throws java.sql.SQLException {
            try (java.sql.PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO message_content (direction, message_id, kind, content) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, direction.name());
                insert.setString(2, messageId);
                insert.setString(3, kind);
                insert.setBytes(4, content);
                insert.executeUpdate();
                return true;
            } catch (java.sql.SQLException e) {
                if (DUPLICATE_KEY.equals(e.getSQLState())) return false;
                throw e;
            }
        }

        private interface Row {
            Optional<byte[]> read(java.sql.ResultSet rows) throws java.sql.SQLException;
        }

        private Optional<byte[]> query(String select, Direction direction, String messageId, String kind, Row row) {
            try (java.sql.Connection connection = database.getConnection();
                    java.sql.PreparedStatement query = connection.prepareStatement(
                            select + " FROM message_content WHERE direction = ? AND message_id = ? AND kind = ?")) {
                query.setString(1, direction.name());
                query.setString(2, messageId);
                query.setString(3, kind);
                try (java.sql.ResultSet rows = query.executeQuery()) {
                    return rows.next() ? row.read(rows) : Optional.empty();
                }
            } catch (java.sql.SQLException e) {
                throw new Journal.JournalException("cannot read the " + kind + " of " + messageId, e);
            }
        }
    }
}
