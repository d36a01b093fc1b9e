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
 * Payloads and receipts on disk under the data folder, one file per message, written atomically:
 * {@code messages/<direction>/<id>.xml} (the SBDH as sent or received) and {@code receipts/<id>.xml} (the signed
 * AS4 receipt, the non-repudiation evidence of a sent message).
 */
public final class MessageFiles {
    private final Path root;
    private final Durability durability;

    public MessageFiles(Path dataDir, Durability durability) {
        this.root = dataDir;
        this.durability = durability;
    }

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
        write(validationReportPath(messageId), reportJson);
    }

    public Optional<byte[]> validationReport(String messageId) {
        return read(validationReportPath(messageId));
    }

    public void storePayload(Direction direction, String messageId, byte[] sbdh) {
        write(payloadPath(direction, messageId), sbdh);
    }

    /**
     * Stores a payload unless one is stored under this id already, which is left as it is: a message id that two
     * senders race for keeps the payload of the one the journal recorded.
     *
     * @return false when a payload was stored already
     */
    public boolean storePayloadOnce(Direction direction, String messageId, byte[] content) {
        Path file = payloadPath(direction, messageId);
        try {
            return AtomicFiles.writeNew(file, content, durability);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + file, e);
        }
    }

    public void storeReceipt(String messageId, byte[] receipt) {
        write(receiptPath(messageId), receipt);
    }

    public byte[] payload(Direction direction, String messageId) {
        return read(payloadPath(direction, messageId))
                .orElseThrow(
                        () -> new IllegalStateException("the payload of " + messageId + " is missing from " + root));
    }

    public Optional<byte[]> receipt(String messageId) {
        return read(receiptPath(messageId));
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
}
