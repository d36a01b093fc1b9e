package org.silkgate.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathValidatorException;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.silkgate.security.Keystores;
import org.silkgate.security.tls.TlsContexts;

/**
 * The TLS server certificates of the dev PKI: their profile, their own CA, and real handshakes with the shared TLS
 * policy of server-security on 127.0.0.1.
 */
class TlsCertificatesTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;

    private static Path pki;

    @BeforeAll
    static void createPki() throws Exception {
        pki = TestPki.shared();
    }

    @ParameterizedTest
    @CsvSource({
        "tls-KZ, tls-kz, CN=SG-AP-KZ-001 TLS",
        "tls-AZ, tls-az, CN=SG-AP-AZ-001 TLS",
        "tls-GE, tls-ge, CN=SG-AP-GE-001 TLS",
        "tls-smp, tls-smp, CN=SG-SMP-CAREC-001 TLS"
    })
    void tlsCertificateIsAP256ServerAuthEndEntityForLoopbackIssuedByTheTlsCa(String base, String alias, String cn)
            throws Exception {
        X509Certificate tls = TestPki.certificate(pki.resolve(base + ".pem"));
        X509Certificate tlsCa = TestPki.certificate(pki.resolve("tls-ca.pem"));

        assertTrue(
                tls.getSubjectX500Principal().getName().startsWith(cn + ","),
                tls.getSubjectX500Principal().getName());
        tls.verify(tlsCa.getPublicKey());
        assertEquals(
                256,
                ((ECPublicKey) tls.getPublicKey())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize());
        assertEquals(-1, tls.getBasicConstraints(), "not a CA");
        assertTrue(tls.getCriticalExtensionOIDs().contains("2.5.29.15"), "key usage is critical");
        assertArrayEquals(
                bits(DIGITAL_SIGNATURE),
                Arrays.copyOf(tls.getKeyUsage(), 9),
                "digitalSignature only: an EC key enciphers nothing");
        assertEquals(List.of(SERVER_AUTH), tls.getExtendedKeyUsage());
        assertEquals(
                Set.of(List.of(GeneralName.dNSName, "localhost"), List.of(GeneralName.iPAddress, "127.0.0.1")),
                Set.copyOf(tls.getSubjectAlternativeNames()));

        KeyStore store = Keystores.load(pki.resolve(base + ".p12"), Optional.empty());
        assertEquals(List.of(alias), Collections.list(store.aliases()));
        assertArrayEquals(
                new Object[] {tls, tlsCa, TestPki.certificate(pki.resolve("root-ca.pem"))},
                store.getCertificateChain(alias));
    }

    @Test
    void tlsCaIsAnRsaCaBelowTheRootThatMayIssueOnlyEndEntities() throws Exception {
        X509Certificate tlsCa = TestPki.certificate(pki.resolve("tls-ca.pem"));
        X509Certificate root = TestPki.certificate(pki.resolve("root-ca.pem"));

        assertEquals(
                "CN=SilkGate CAREC Dev TLS Server CA,O=SilkGate CAREC (dev)",
                tlsCa.getSubjectX500Principal().getName());
        tlsCa.verify(root.getPublicKey());
        assertEquals(0, tlsCa.getBasicConstraints());
        assertArrayEquals(bits(KEY_CERT_SIGN, CRL_SIGN), Arrays.copyOf(tlsCa.getKeyUsage(), 9));
        assertEquals(3072, ((RSAPublicKey) tlsCa.getPublicKey()).getModulus().bitLength());
        TestPki.validate(pki, List.of(tlsCa), Set.of(new TrustAnchor(root, null)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tls-KZ", "tls-smp"})
    void tlsChainValidatesUpToTheRootWithCrlsButNeverChainsToTheAccessPointOrSmpCa(String base) throws Exception {
        List<X509Certificate> chain = chain(base);
        X509Certificate root = TestPki.certificate(pki.resolve("root-ca.pem"));

        TestPki.validate(pki, chain.subList(0, 2), Set.of(new TrustAnchor(root, null)));
        CertPathValidatorException asIdentity = assertThrows(
                CertPathValidatorException.class,
                () -> TestPki.validate(
                        pki,
                        chain.subList(0, 1),
                        Set.of(
                                new TrustAnchor(TestPki.certificate(pki.resolve("ap-ca.pem")), null),
                                new TrustAnchor(TestPki.certificate(pki.resolve("smp-ca.pem")), null))));
        assertEquals(
                PKIXReason.NO_TRUST_ANCHOR,
                asIdentity.getReason(),
                "anchored on the AP and SMP CAs, a TLS certificate is no AS4 or SMP identity");
    }

    @Test
    void tlsTrustStoreHoldsTheRootOnlyAndTheCaCertificatesArePemFilesBesideIt() throws Exception {
        KeyStore trustStore = Keystores.load(pki.resolve(DevPki.TLS_TRUSTSTORE_FILE), Optional.empty());

        assertEquals(List.of("root-ca"), Collections.list(trustStore.aliases()));
        assertTrue(trustStore.isCertificateEntry("root-ca"));
        assertEquals(TestPki.certificate(pki.resolve("root-ca.pem")), trustStore.getCertificate("root-ca"));
        for (String ca : List.of("root-ca", "ap-ca", "smp-ca", "tls-ca")) {
            assertEquals(
                    List.of(TestPki.certificate(pki.resolve(ca + ".pem"))),
                    TlsContexts.trustAnchors(pki.resolve(ca + ".pem"), Optional.empty()),
                    ca);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "tls-KZ.p12, localhost, root-ca.pem",
        "tls-KZ.p12, 127.0.0.1, tls-truststore.p12",
        "tls-GE.p12, 127.0.0.1, root-ca.pem",
        "tls-smp.p12, localhost, tls-truststore.p12",
        "tls-smp.p12, 127.0.0.1, root-ca.pem"
    })
    void clientTrustingTheDevRootAcceptsTheDevTlsServerUnderItsLoopbackNames(
            String keystore, String host, String trustFile) throws Exception {
        SSLContext server = TlsContexts.server(pki.resolve(keystore), Optional.empty());
        SSLContext client = TlsContexts.client(pki.resolve(trustFile), Optional.empty());

        assertEquals("TLSv1.3", TlsLoopback.handshake(server, client, host).getProtocol());
    }

    @Test
    void clientRefusesTheDevTlsServerUnderANameItsCertificateDoesNotCarry() throws Exception {
        SSLContext server = TlsContexts.server(pki.resolve("tls-KZ.p12"), Optional.empty());
        SSLContext client = TlsContexts.client(pki.resolve("root-ca.pem"), Optional.empty());

        SSLHandshakeException refused = assertThrows(
                SSLHandshakeException.class, () -> TlsLoopback.handshake(server, client, "ap-kz.silkgate.example"));
        assertTrue(refused.getMessage().contains("ap-kz.silkgate.example"), refused.getMessage());
    }

    @Test
    void clientTrustingOnlyTheUntrustedRootRefusesTheDevTlsServer() throws Exception {
        SSLContext server = TlsContexts.server(pki.resolve("tls-KZ.p12"), Optional.empty());
        X509Certificate untrustedRoot = chain("ap-untrusted").get(1);
        SSLContext client = TlsContexts.client(List.of(untrustedRoot));

        assertThrows(SSLHandshakeException.class, () -> TlsLoopback.handshake(server, client, "localhost"));
    }

    private static List<X509Certificate> chain(String base) throws Exception {
        KeyStore store = Keystores.load(pki.resolve(base + ".p12"), Optional.empty());
        return Arrays.stream(store.getCertificateChain(store.aliases().nextElement()))
                .map(X509Certificate.class::cast)
                .toList();
    }

    private static boolean[] bits(int... set) {
        boolean[] bits = new boolean[9];
        for (int bit : set) {
            bits[bit] = true;
        }
        return bits;
    }
}
