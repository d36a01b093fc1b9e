package org.silkgate.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The demo's data folder: a new temporary one, or the one given with {@code --data}, which must be empty or hold a
 * previous demo (recognised by its marker file), which is then wiped. Nothing else is ever deleted.
 */
final class DemoDataDir {
    static final String MARKER = ".silkgate-demo";

    private DemoDataDir() {}

    /** A new, empty, marked temporary folder. */
    static Path temporary() {
        try {
            return mark(Files.createTempDirectory("silkgate-demo-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the demo", e);
        }
    }

    /**
     * Makes {@code dir} ready for a fresh demo.
     *
     * @throws IllegalArgumentException when it is a file, or a non-empty folder that is not a previous demo's
     */
    static Path prepare(Path dir) {
        Path folder = dir.toAbsolutePath().normalize();
        try {
            if (Files.exists(folder) && !Files.isDirectory(folder)) {
                throw new IllegalArgumentException("--data " + folder + " is a file, not a folder");
            }
            if (Files.isDirectory(folder) && !isEmpty(folder)) {
                if (!Files.exists(folder.resolve(MARKER))) {
                    throw new IllegalArgumentException("--data " + folder + " is not empty and holds no previous demo"
                            + " (no " + MARKER + " file); give an empty or new folder");
                }
                wipeContents(folder);
            }
            Files.createDirectories(folder);
            return mark(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + folder + " for the demo: " + e.getMessage(), e);
        }
    }

    /** Deletes a demo folder and everything in it, only if it carries the marker. */
    static void delete(Path folder) {
        if (!Files.exists(folder.resolve(MARKER))) return;
        try {
            wipeContents(folder);
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }

    private static Path mark(Path folder) throws IOException {
        Files.writeString(
                folder.resolve(MARKER), "a SilkGate demo network; ./silkgate demo --data may wipe this folder\n");
        return folder;
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void wipeContents(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(folder)) Files.delete(path);
            }
        }
    }
}
