package org.silkgate.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Folders only the server's own account may enter (0700): a server's data folder holds its journal, the messages it
 * carried and, beside the keys, what other accounts on the machine have no business reading.
 */
public final class PrivateFolders {
    private PrivateFolders() {}

    /** Creates the folder (and its parents) if needed and makes it 0700 where the file system has POSIX permissions. */
    public static Path create(Path folder) throws IOException {
        Files.createDirectories(folder);
        if (Files.getFileStore(folder).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        }
        return folder;
    }
}
