package org.silkgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server's data folder is its account's alone. */
class PrivateFoldersTest {
    @TempDir
    Path root;

    @Test
    void aNewFolderAndAnExistingOpenOneEndUp0700() throws Exception {
        Path fresh = PrivateFolders.create(root.resolve("a").resolve("data"));
        Path open = Files.createDirectories(root.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));

        PrivateFolders.create(open);

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(open)));
    }
}
