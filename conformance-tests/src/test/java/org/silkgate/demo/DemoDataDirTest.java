package org.silkgate.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataDirTest {
    @TempDir
    Path folder;

    @Test
    @DisplayName("refuses a --data folder that holds something other than a previous demo, and leaves it untouched")
    void refusesAForeignFolder() throws Exception {
        Files.writeString(folder.resolve("thesis.txt"), "precious");
        IllegalArgumentException refusal =
                assertThrows(IllegalArgumentException.class, () -> DemoDataDir.prepare(folder));
        assertTrue(refusal.getMessage().contains("is not empty"), refusal.getMessage());
        assertEquals("precious", Files.readString(folder.resolve("thesis.txt")));
        assertFalse(Files.exists(folder.resolve(DemoDataDir.MARKER)));
    }

    @Test
    @DisplayName("wipes a previous demo in --data and marks the folder for the next run")
    void wipesAPreviousDemo() throws Exception {
        DemoDataDir.prepare(folder);
        Files.createDirectories(folder.resolve("ap-KZ/inbox"));
        Files.writeString(folder.resolve("ap-KZ/inbox/old.xml"), "<old/>");
        Path ready = DemoDataDir.prepare(folder);
        assertEquals(folder.toAbsolutePath().normalize(), ready);
        assertFalse(Files.exists(folder.resolve("ap-KZ")));
        assertTrue(Files.exists(folder.resolve(DemoDataDir.MARKER)));
    }

    @Test
    @DisplayName("creates a missing --data folder and refuses a file")
    void createsAMissingFolderAndRefusesAFile() throws Exception {
        assertTrue(Files.isDirectory(DemoDataDir.prepare(folder.resolve("new/demo"))));
        Path file = Files.writeString(folder.resolve("file"), "x");
        assertThrows(IllegalArgumentException.class, () -> DemoDataDir.prepare(file));
    }
}
