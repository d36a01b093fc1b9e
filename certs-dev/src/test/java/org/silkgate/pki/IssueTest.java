package org.silkgate.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.security.Keystores;
import org.silkgate.security.tls.TlsContexts;

/** A national operator joins later: {@code DevPki.issue} adds its access point to the existing PKI. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IssueTest {

    private Path dir;
    private PkiManifest before;
    private PkiManifest after;

    @BeforeAll
    void uzbekistanJoins(@TempDir Path scratch) throws Exception {
        dir = TestPki.copyOfShared(scratch.resolve("pki"));
        before = DevPki.load(dir);
        after = DevPki.issue(
                dir, "UZ", PkiOptions.DEFAULT_VALIDITY_DAYS, Optional.empty(), List.of("ap-uz.silkgate.example"));
    }

    @Test
    void newAccessPointValidatesAgainstTheExistingTrustStoreWithCrlChecking() throws Exception {
        X509Certificate uz = TestPki.certificate(dir.resolve("ap-UZ.pem"));

        TestPki.validateAgainstTrustStore(dir, "ap-UZ.pem");
        uz.verify(TestPki.certificate(dir.resolve("ap-ca.pem")).getPublicKey());
        assertEquals(
                "CN=SG-AP-UZ-001,O=SilkGate Access Point Operator Uzbekistan (dev),C=UZ",
                uz.getSubjectX500Principal().getName());
    }

    @Test
    void newTlsCertificateIsIssuedByTheExistingTlsCaForLoopbackAndTheGivenHostName() throws Exception {
        X509Certificate tls = TestPki.certificate(dir.resolve("tls-UZ.pem"));

        tls.verify(TestPki.certificate(dir.resolve("tls-ca.pem")).getPublicKey());
        assertEquals(
                List.of(
                        List.of(GeneralName.dNSName, "localhost"),
                        List.of(GeneralName.iPAddress, "127.0.0.1"),
                        List.of(GeneralName.dNSName, "ap-uz.silkgate.example")),
                List.copyOf(tls.getSubjectAlternativeNames()));
        SSLContext server = TlsContexts.server(dir.resolve("tls-UZ.p12"), Optional.empty());
        SSLContext client = TlsContexts.client(dir.resolve(DevPki.TLS_TRUSTSTORE_FILE), Optional.empty());
        assertEquals(
                "TLSv1.3",
                TlsLoopback.handshake(server, client, "ap-uz.silkgate.example").getProtocol());
    }

    @Test
    void newKeystoresArePrivateToTheirOwner() throws Exception {
        for (String keystore : List.of("ap-UZ.p12", "tls-UZ.p12")) {
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(keystore))),
                    keystore);
        }
    }

    @Test
    void newKeystoreHasItsOwnGeneratedPasswordInThePrivatePasswordsFile() throws Exception {
        KeyStore store = Keystores.load(dir.resolve("ap-UZ.p12"), Optional.empty());

        assertEquals(List.of("ap-uz"), Collections.list(store.aliases()));
        assertEquals(3, store.getCertificateChain("ap-uz").length);
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(Keystores.PASSWORDS_FILE))));
        Keystores.load(dir.resolve("ap-KZ.p12"), Optional.empty());
    }

    @Test
    void manifestKeepsEveryEarlierEntryAndAddsTheNewFiles() throws Exception {
        assertEquals(
                before.entries(), after.entries().subList(0, before.entries().size()));
        assertEquals(
                List.of("ap-UZ.p12", "ap-UZ.pem", "tls-UZ.p12", "tls-UZ.pem"),
                after.entries().subList(before.entries().size(), after.entries().size()).stream()
                        .map(PkiEntry::file)
                        .toList());
        assertEquals(after, PkiManifest.read(dir.resolve(PkiManifest.FILE_NAME)));
        assertTrue(TestPki.fileNames(dir).stream().noneMatch(f -> f.startsWith(".")), "no staging directory left");
    }

    @Test
    void anExistingAccessPointIsNeverReissued() throws Exception {
        byte[] kz = Files.readAllBytes(dir.resolve("ap-KZ.p12"));

        PkiException refused = assertThrows(PkiException.class, () -> DevPki.issue(dir, "KZ"));

        assertTrue(refused.getMessage().contains("access point KZ already exists"), refused.getMessage());
        assertArrayEquals(kz, Files.readAllBytes(dir.resolve("ap-KZ.p12")));
    }

    @Test
    void onlyCarecMembersAndExistingPkisCanBeExtended(@TempDir Path empty) {
        PkiException notCarec = assertThrows(PkiException.class, () -> DevPki.issue(dir, "DE"));
        assertTrue(notCarec.getMessage().contains("unknown country code 'DE'"), notCarec.getMessage());

        PkiException noPki = assertThrows(PkiException.class, () -> DevPki.issue(empty, "TJ"));
        assertTrue(noPki.getMessage().contains("holds no development PKI"), noPki.getMessage());
        assertEquals(List.of(), TestPki.fileNames(empty));
    }
}
