package org.silkgate.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.security.KeystoreException;
import org.silkgate.security.Keystores;
import org.silkgate.security.tls.TlsContexts;

/** {@code ./silkgate pki}: exit code 2 and a clear message for bad input, and nothing half-written left behind. */
class PkiCommandTest {

    private static final String PASSWORD = "dev-Password-4-all";

    @TempDir
    Path work;

    @Test
    void unknownCountryIsRefusedNamingTheCarecMembers() {
        Run run = pki("init", "--dir", work.resolve("pki").toString(), "--countries", "KZ,XX");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("unknown country code 'XX'"), run.err());
        assertTrue(run.err().contains("AF, AZ, CN, GE, KZ, KG, MN, PK, TJ, TM, UZ"), run.err());
        assertEquals(List.of(), TestPki.fileNames(work));
    }

    @Test
    void directoryBelowARegularFileIsRefusedAndTheFileIsUntouched() throws Exception {
        Path plainFile = Files.writeString(work.resolve("plain-file"), "keep me");

        Run run = pki("init", "--dir", plainFile.resolve("pki").toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("cannot write to") && run.err().contains("not a directory"), run.err());
        assertEquals(List.of("plain-file"), TestPki.fileNames(work));
        assertEquals("keep me", Files.readString(plainFile));
    }

    @Test
    void directoryOnAFileSystemNobodyMayWriteIsRefused() {
        // /proc refuses new directories even to root, which ignores permission bits
        Path unwritable = Path.of("/proc/silkgate-pki-test/pki");

        Run run = pki("init", "--dir", unwritable.toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("cannot write to directory /proc"), run.err());
        assertFalse(Files.exists(unwritable));
    }

    @Test
    void missingEmptyOrDirectoryPasswordFileIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path missing = work.resolve("missing-password");
        Path blank = Files.writeString(work.resolve("blank-password"), "  \n");
        Path directory = Files.createDirectory(work.resolve("password-dir"));
        Path target = work.resolve("pki");

        Run whenMissing = pki("init", "--dir", target.toString(), "--password-file", missing.toString());
        Run whenBlank = pki("init", "--dir", target.toString(), "--password-file", blank.toString());
        Run whenDirectory = pki("init", "--dir", target.toString(), "--password-file", directory.toString());

        assertEquals(2, whenMissing.exitCode());
        assertTrue(whenMissing.err().contains("password file " + missing + " does not exist"), whenMissing.err());
        assertEquals(2, whenBlank.exitCode());
        assertTrue(whenBlank.err().contains("password file " + blank + " is empty"), whenBlank.err());
        assertEquals(2, whenDirectory.exitCode());
        assertTrue(whenDirectory.err().contains("is a directory"), whenDirectory.err());
        assertEquals(List.of("blank-password", "password-dir"), TestPki.fileNames(work));
    }

    @Test
    void invalidHostNameIsRefusedNamingItBeforeAnythingIsWritten() {
        Path target = work.resolve("pki");

        Run underscore = pki("init", "--dir", target.toString(), "--hostname", "ap-kz.example", "--hostname", "ap_kz");
        Run wildcard = pki("init", "--dir", target.toString(), "--hostname", "*.silkgate.example");
        Run badAddress = pki("init", "--dir", target.toString(), "--hostname", "10.0.0.300");
        Run onIssue = pki("issue", "--dir", target.toString(), "--country", "UZ", "--hostname", "-ap.example");

        assertEquals(2, underscore.exitCode());
        assertTrue(underscore.err().contains("invalid --hostname 'ap_kz'"), underscore.err());
        assertEquals(2, wildcard.exitCode());
        assertTrue(wildcard.err().contains("invalid --hostname '*.silkgate.example': wildcards"), wildcard.err());
        assertEquals(2, badAddress.exitCode());
        assertTrue(badAddress.err().contains("invalid --hostname '10.0.0.300'"), badAddress.err());
        assertEquals(2, onIssue.exitCode());
        assertTrue(onIssue.err().contains("invalid --hostname '-ap.example'"), onIssue.err());
        assertEquals(List.of(), TestPki.fileNames(work));
    }

    @Test
    void nonEmptyDirectoryIsRefusedWithoutForce() throws Exception {
        Path target = Files.createDirectory(work.resolve("pki"));
        Files.writeString(target.resolve("notes.txt"), "mine");

        Run run = pki("init", "--dir", target.toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("is not empty") && run.err().contains("--force"), run.err());
        assertEquals(List.of("notes.txt"), TestPki.fileNames(target));
        assertEquals(List.of("pki"), TestPki.fileNames(work));
    }

    @Test
    void usageErrorsAndMissingPkiExitWithTwo() {
        assertEquals(2, pki().exitCode(), "no command");
        assertEquals(2, pki("init").exitCode(), "no --dir");
        assertEquals(2, pki("init", "--dir", work.toString(), "--colour").exitCode(), "unknown option");
        assertEquals(
                2,
                pki("init", "--dir", work.resolve("pki").toString(), "--validity-days", "0")
                        .exitCode());
        Run show = pki("show", work.toString());
        assertEquals(2, show.exitCode());
        assertTrue(show.err().contains("holds no development PKI"), show.err());
        assertEquals(0, pki("--help").exitCode());
        assertEquals(List.of(), TestPki.fileNames(work));
    }

    /**
     * A PKI replaced with {@code --force}, now with one password from a file for every keystore. Created once for
     * the tests below: RSA key generation takes seconds.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ReplacedWithForceUsingAPasswordFile {

        private Path parent;
        private Path dir;
        private Path passwordFile;
        private Run init;

        @BeforeAll
        void replaceTheSharedPki(@TempDir Path scratch) throws Exception {
            parent = scratch;
            dir = TestPki.copyOfShared(parent.resolve("pki"));
            Files.writeString(dir.resolve("notes.txt"), "mine");
            passwordFile = Files.writeString(parent.resolve("password"), PASSWORD + "\n");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            init = pki(
                    "init",
                    "--dir",
                    dir.toString(),
                    "--countries",
                    "kz",
                    "--password-file",
                    passwordFile.toString(),
                    "--force",
                    "--hostname",
                    "AP-KZ.silkgate.example",
                    "--hostname",
                    "10.20.30.40,fd00::1");
            assertEquals(0, init.exitCode(), init.err());
        }

        @Test
        void forceRemovesTheFilesOfTheReplacedPkiButNothingElse() {
            List<String> files = TestPki.fileNames(dir);

            assertTrue(files.contains("ap-KZ.p12") && files.contains("notes.txt"), files.toString());
            for (String gone : List.of("ap-AZ.p12", "ap-AZ.pem", "ap-GE.p12", Keystores.PASSWORDS_FILE)) {
                assertFalse(files.contains(gone), gone + " belonged to the replaced PKI");
            }
            assertEquals(List.of("password", "pki"), TestPki.fileNames(parent), "no staging directory left");
        }

        @Test
        void replacedPkiDirectoryBecomesPrivate() throws Exception {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        }

        @Test
        void tlsCertificatesCarryTheGivenHostNamesBesideTheLoopbackNames() throws Exception {
            for (String tls : List.of("tls-KZ.pem", "tls-smp.pem")) {
                X509Certificate certificate = TestPki.certificate(dir.resolve(tls));

                assertEquals(
                        List.of(
                                List.of(GeneralName.dNSName, "localhost"),
                                List.of(GeneralName.iPAddress, "127.0.0.1"),
                                List.of(GeneralName.dNSName, "ap-kz.silkgate.example"),
                                List.of(GeneralName.iPAddress, "10.20.30.40"),
                                List.of(GeneralName.iPAddress, "fd00:0:0:0:0:0:0:1")),
                        List.copyOf(certificate.getSubjectAlternativeNames()),
                        tls);
            }
            SSLContext server = TlsContexts.server(dir.resolve("tls-KZ.p12"), Optional.of(passwordFile));
            SSLContext client = TlsContexts.client(dir.resolve("root-ca.pem"), Optional.empty());
            assertEquals(
                    "TLSv1.3",
                    TlsLoopback.handshake(server, client, "ap-kz.silkgate.example")
                            .getProtocol());
            assertThrows(
                    SSLHandshakeException.class, () -> TlsLoopback.handshake(server, client, "ap-az.silkgate.example"));
        }

        @Test
        void everyKeystoreOpensWithThePasswordFileOnly() throws Exception {
            for (String file : TestPki.fileNames(dir)) {
                if (file.endsWith(".p12")) {
                    Keystores.load(dir.resolve(file), Optional.of(passwordFile));
                }
            }
            KeystoreException withoutPasswordFile = assertThrows(
                    KeystoreException.class, () -> Keystores.load(dir.resolve("ap-KZ.p12"), Optional.empty()));
            assertTrue(
                    withoutPasswordFile.getMessage().contains("no passwords.properties"),
                    withoutPasswordFile.getMessage());
            Path wrong = Files.writeString(parent.resolve("wrong-password"), "not-it");
            KeystoreException withWrongFile = assertThrows(
                    KeystoreException.class, () -> Keystores.load(dir.resolve("ap-KZ.p12"), Optional.of(wrong)));
            assertTrue(withWrongFile.getMessage().contains("wrong password"), withWrongFile.getMessage());
            Files.delete(wrong);
        }

        @Test
        void issueNeedsThePasswordFileAndAddsAnAccessPointThatValidates() throws Exception {
            Run withoutPassword = pki("issue", "--dir", dir.toString(), "--country", "UZ");
            assertEquals(2, withoutPassword.exitCode());
            assertTrue(withoutPassword.err().contains("no passwords.properties"), withoutPassword.err());
            assertFalse(Files.exists(dir.resolve("ap-UZ.p12")));

            Run issue = pki(
                    "issue", "--dir", dir.toString(), "--country", "UZ", "--password-file", passwordFile.toString());

            assertEquals(0, issue.exitCode(), issue.err());
            assertTrue(issue.out().contains("issued ap-UZ.p12: CN=SG-AP-UZ-001"), issue.out());
            assertTrue(issue.out().contains("issued tls-UZ.p12: CN=SG-AP-UZ-001 TLS"), issue.out());
            TestPki.validateAgainstTrustStore(dir, "ap-UZ.pem", Optional.of(passwordFile));
            assertEquals(
                    TestPki.fileNames(dir).size() - 2,
                    DevPki.load(dir).files().size(),
                    "the manifest lists every file but notes.txt and itself");
            assertNeverPrintsThePassword(withoutPassword, issue);
        }

        @Test
        void showPrintsTheManifestAsATable() {
            Run show = pki("show", dir.toString());

            assertEquals(0, show.exitCode(), show.err());
            assertTrue(
                    show.out().lines().findFirst().orElseThrow().matches("FILE +PURPOSE +SUBJECT +NOT BEFORE.*"),
                    show.out());
            assertTrue(
                    show.out()
                            .lines()
                            .anyMatch(line -> line.startsWith("ap-KZ.p12 ")
                                    && line.contains("access point KZ")
                                    && line.contains("CN=SG-AP-KZ-001")),
                    show.out());
            assertNeverPrintsThePassword(init, show);
        }

        private void assertNeverPrintsThePassword(Run... runs) {
            for (Run run : runs) {
                assertFalse(run.out().contains(PASSWORD) || run.err().contains(PASSWORD), "a password was printed");
            }
        }
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run pki(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = PkiCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
