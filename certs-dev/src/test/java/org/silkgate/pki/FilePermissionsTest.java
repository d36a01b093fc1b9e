package org.silkgate.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.security.Keystores;

/** Keys and passwords are readable by their owner only, where the file system can say so. */
class FilePermissionsTest {

    private static Path pki;

    @BeforeAll
    static void createPki() throws Exception {
        pki = TestPki.shared();
    }

    @Test
    void everyKeystoreAndThePasswordsFileAreReadableByTheirOwnerOnly() throws Exception {
        List<String> secrets = TestPki.fileNames(pki).stream()
                .filter(f -> f.endsWith(".p12") || f.equals(Keystores.PASSWORDS_FILE))
                .toList();

        assertTrue(
                secrets.containsAll(List.of(
                        "root-ca.p12",
                        "ap-ca.p12",
                        "smp-ca.p12",
                        "tls-ca.p12",
                        "ap-KZ.p12",
                        "tls-KZ.p12",
                        "tls-smp.p12",
                        "truststore.p12",
                        "tls-truststore.p12",
                        Keystores.PASSWORDS_FILE)),
                secrets.toString());
        for (String secret : secrets) {
            assertEquals("rw-------", mode(pki.resolve(secret)), secret);
        }
    }

    @Test
    void certificatesAndCrlsStayReadableForTheServersThatTrustThem() throws Exception {
        for (String file : List.of("root-ca.pem", "tls-KZ.pem", "ap-ca.crl", "pki.json")) {
            assertTrue(mode(pki.resolve(file)).startsWith("rw-"), file);
            assertFalse(mode(pki.resolve(file)).contains("x"), file);
        }
    }

    @Test
    void pkiDirectoryIsPrivateToItsOwner() throws Exception {
        assertEquals("rwx------", mode(pki));
    }

    @Test
    void onAFileSystemWithoutPosixPermissionsThePkiIsWrittenAndTheSkipIsLogged(@TempDir Path work) throws Exception {
        List<LogRecord> records = new ArrayList<>();
        Logger log = Logger.getLogger(PkiStage.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(capture);
        // A zip file system has no POSIX permissions unless asked for them, like FAT or SMB mounts. It moves a
        // directory without its files, so the PKI replaces an earlier one file by file (--force).
        try (FileSystem zip = FileSystems.newFileSystem(work.resolve("pki.zip"), Map.of("create", "true"))) {
            assertFalse(PkiStage.supportsPosixPermissions(zip.getPath("/")));
            Path dir = Files.createDirectory(zip.getPath("/pki"));
            Files.writeString(dir.resolve("notes.txt"), "an earlier PKI lived here");

            DevPki.init(new PkiOptions(dir, List.of("KZ"), PkiOptions.DEFAULT_VALIDITY_DAYS, Optional.empty(), true));

            assertTrue(Files.size(dir.resolve("tls-KZ.p12")) > 0);
            assertTrue(Files.size(dir.resolve(Keystores.PASSWORDS_FILE)) > 0);
        } finally {
            log.removeHandler(capture);
        }
        assertEquals(1, records.size(), records.toString());
        String message = java.text.MessageFormat.format(
                records.get(0).getMessage(), records.get(0).getParameters());
        assertTrue(
                message.contains("without POSIX permissions") && message.contains("0600") && message.contains("0700"),
                message);
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
