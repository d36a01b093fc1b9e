package org.silkgate.ap.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that nobody ever sees it half written: content goes to a temporary file in the same folder, is
 * forced to disk when the durability asks for it, and only then appears under its final name.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes or replaces {@code target}, forced to disk. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, Durability.POWER_LOSS);
    }

    /** Writes or replaces {@code target}. */
    public static void write(Path target, byte[] content, Durability durability) throws IOException {
        Path temp = writeTemp(target, content, durability);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Writes {@code target} only if it does not exist yet; a hard link fails when the name is taken, which makes the
     * last step atomic and safe against a concurrent writer of the same name.
     *
     * @return false when the file already existed (it is left untouched)
     */
    public static boolean writeNew(Path target, byte[] content, Durability durability) throws IOException {
        if (Files.exists(target)) return false;
        Path temp = writeTemp(target, content, durability);
        try {
            Files.createLink(target, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Path writeTemp(Path target, byte[] content, Durability durability) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".writing-", ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) channel.write(buffer);
            if (durability.syncsToDisk()) channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }
}
