package org.silkgate.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.security.KeystoreException;
import org.silkgate.security.tls.TestCertificates.Issued;

/** Files that cannot serve as TLS key or trust material are refused with a message naming the file. */
class TlsContextsTest {

    @TempDir
    static Path dir;

    private static Issued ca;
    private static Path keystore;

    @BeforeAll
    static void mintCertificates() throws Exception {
        ca = TestCertificates.ca("SilkGate Test TLS CA");
        keystore = TestCertificates.keystore(
                dir, "server.p12", TestCertificates.server(ca, "EC", "localhost"), "server-password");
    }

    @Test
    void pemTrustFileMayHoldSeveralCertificates() throws Exception {
        Issued other = TestCertificates.ca("Other CA");
        Path pem = TestCertificates.pem(dir, "two.pem", ca.certificate(), other.certificate());

        assertEquals(List.of(ca.certificate(), other.certificate()), TlsContexts.trustAnchors(pem, Optional.empty()));
    }

    @Test
    void trustFileThatIsNotACertificateIsRefused() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nbm9w\n");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");

        assertRefused(garbage + " is neither PEM nor DER", () -> TlsContexts.client(garbage, Optional.empty()));
        assertRefused(empty.toString(), () -> TlsContexts.client(empty, Optional.empty()));
        assertRefused(
                "trust file " + dir.resolve("missing.pem") + " does not exist",
                () -> TlsContexts.client(dir.resolve("missing.pem"), Optional.empty()));
    }

    @Test
    void keystoreWithAPrivateKeyIsNoTrustStore() {
        assertRefused(
                "trust file " + keystore + " holds no trusted certificate entry",
                () -> TlsContexts.client(keystore, Optional.empty()));
    }

    @Test
    void trustStoreIsNoServerKeystore() throws Exception {
        Path trustStore = TestCertificates.trustStore(dir, "trust.p12", "trust-password", ca.certificate());

        assertRefused(
                "keystore " + trustStore + " holds no private key",
                () -> TlsContexts.server(trustStore, Optional.empty()));
    }

    @Test
    void serverKeystoreWithTheWrongPasswordFileIsRefused() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong-password"), "not-it");

        assertRefused(
                "wrong password for keystore " + keystore, () -> TlsContexts.server(keystore, Optional.of(wrong)));
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertRefused(String expectedMessagePart, Call call) {
        KeystoreException refused = assertThrows(KeystoreException.class, call::run);
        assertTrue(refused.getMessage().contains(expectedMessagePart), refused.getMessage());
    }
}
