package org.silkgate.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.silkgate.security.tls.TestCertificates.Issued;

/**
 * Real handshakes on 127.0.0.1 between a server and a client configured by {@link TlsPolicy} and
 * {@link TlsContexts}. This JVM runs with TLS 1.0/1.1 re-allowed (src/test/legacy-tls-allowed.security), and each
 * refusal is preceded by a control handshake that succeeds without the policy, so a refusal is the policy's doing.
 */
class TlsHandshakeTest {

    private static final String TLS_1_1 = "TLSv1.1";

    @TempDir
    static Path dir;

    private static Issued ca;
    private static SSLContext ecServer;
    private static SSLContext rsaServer;
    private static SSLContext strangerServer;
    private static Path caPem;
    private static SSLContext client;

    @BeforeAll
    static void mintCertificates() throws Exception {
        ca = TestCertificates.ca("SilkGate Test TLS CA");
        ecServer = TlsContexts.server(
                TestCertificates.keystore(
                        dir, "ec.p12", TestCertificates.server(ca, "EC", "localhost", "127.0.0.1"), "ec-password"),
                Optional.empty());
        rsaServer = TlsContexts.server(
                TestCertificates.keystore(
                        dir, "rsa.p12", TestCertificates.server(ca, "RSA", "localhost", "127.0.0.1"), "rsa-password"),
                Optional.empty());
        Issued strangerCa = TestCertificates.ca("Stranger CA");
        strangerServer = TlsContexts.server(
                TestCertificates.keystore(
                        dir,
                        "stranger.p12",
                        TestCertificates.server(strangerCa, "EC", "localhost", "127.0.0.1"),
                        "stranger-password"),
                Optional.empty());
        caPem = TestCertificates.pem(dir, "ca.pem", ca.certificate());
        client = TlsContexts.client(caPem, Optional.empty());
    }

    @Test
    void tls13ClientConnectsWithATls13Suite() throws Exception {
        try (LoopbackTlsServer server = LoopbackTlsServer.withPolicy(ecServer)) {
            SSLSession session = server.connect(client, "localhost", policyClient());

            assertEquals("TLSv1.3", session.getProtocol());
            assertTrue(session.getCipherSuite().matches("TLS_(AES|CHACHA20)_.*"), session.getCipherSuite());
        }
    }

    @ParameterizedTest
    @CsvSource({"EC, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "RSA, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"})
    void tls12ClientOfferingEverythingGetsTheServersFirstEcdheGcmSuite(String key, String expectedSuite)
            throws Exception {
        SSLContext serverContext = key.equals("EC") ? ecServer : rsaServer;
        String[] everythingTheJdkOffers = client.getDefaultSSLParameters().getCipherSuites();
        try (LoopbackTlsServer server = LoopbackTlsServer.withPolicy(serverContext)) {
            SSLSession session = server.connect(client, "localhost", c -> {
                c.setEnabledProtocols(new String[] {TlsPolicy.TLS_1_2});
                c.setEnabledCipherSuites(everythingTheJdkOffers);
            });

            assertEquals("TLSv1.2", session.getProtocol());
            assertEquals(expectedSuite, session.getCipherSuite());
        }
    }

    @Test
    void tls11ClientIsRefusedThoughThisJvmSpeaksTls11() throws Exception {
        try (LoopbackTlsServer lenient = new LoopbackTlsServer(
                ecServer, s -> s.setEnabledProtocols(new String[] {TlsPolicy.TLS_1_3, TlsPolicy.TLS_1_2, TLS_1_1}))) {
            SSLSession control =
                    lenient.connect(client, "localhost", c -> c.setEnabledProtocols(new String[] {TLS_1_1}));
            assertEquals(TLS_1_1, control.getProtocol(), "control: without the policy this JVM speaks TLS 1.1");
        }

        try (LoopbackTlsServer server = LoopbackTlsServer.withPolicy(ecServer)) {
            assertEquals(
                    List.of(TlsPolicy.TLS_1_3, TlsPolicy.TLS_1_2),
                    List.of(server.socket().getEnabledProtocols()));
            assertThrows(
                    SSLException.class,
                    () -> server.connect(client, "localhost", c -> c.setEnabledProtocols(new String[] {TLS_1_1})));
            SSLHandshakeException refused = assertInstanceOf(SSLHandshakeException.class, server.nextOutcome());
            assertTrue(refused.getMessage().contains(TLS_1_1), refused.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "EC, TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, CBC",
        "EC, TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, CBC with a SHA-1 MAC",
        "RSA, TLS_RSA_WITH_AES_128_GCM_SHA256, static RSA key exchange"
    })
    void clientOfferingOnlyASuiteOutsideThePolicyIsRefusedThoughThisJvmSpeaksIt(String key, String suite, String flaw)
            throws Exception {
        SSLContext serverContext = key.equals("EC") ? ecServer : rsaServer;
        try (LoopbackTlsServer lenient = new LoopbackTlsServer(
                serverContext,
                s -> s.setEnabledCipherSuites(Stream.concat(Stream.of(suite), Stream.of(s.getEnabledCipherSuites()))
                        .toArray(String[]::new)))) {
            SSLSession control = lenient.connect(client, "localhost", onlyTls12With(suite));
            assertEquals(suite, control.getCipherSuite(), "control: without the policy this JVM negotiates " + flaw);
        }

        try (LoopbackTlsServer server = LoopbackTlsServer.withPolicy(serverContext)) {
            assertTrue(Stream.of(server.socket().getEnabledCipherSuites()).noneMatch(suite::equals));
            assertThrows(SSLException.class, () -> server.connect(client, "localhost", onlyTls12With(suite)));
            assertInstanceOf(SSLHandshakeException.class, server.nextOutcome());
        }
    }

    @Test
    void clientRefusesAServerWhoseCertificateDoesNotChainToItsTrustFile() throws Exception {
        try (LoopbackTlsServer server = LoopbackTlsServer.withPolicy(strangerServer)) {
            SSLHandshakeException refused = assertThrows(
                    SSLHandshakeException.class, () -> server.connect(client, "localhost", policyClient()));

            assertTrue(causes(refused).anyMatch(CertPathBuilderException.class::isInstance), refused.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1"})
    void clientAcceptsTheNamesTheCertificateCarries(String host) throws Exception {
        try (LoopbackTlsServer server = LoopbackTlsServer.withPolicy(ecServer)) {
            assertEquals("TLSv1.3", server.connect(client, host, policyClient()).getProtocol());
            assertEquals(
                    "TLSv1.3",
                    server.connect(client, host, c -> c.setSSLParameters(TlsPolicy.clientParameters(host)))
                            .getProtocol());
        }
    }

    @Test
    void clientRefusesAHostNameTheCertificateDoesNotCarry() throws Exception {
        try (LoopbackTlsServer server = LoopbackTlsServer.withPolicy(ecServer)) {
            SSLHandshakeException bySni = assertThrows(
                    SSLHandshakeException.class,
                    () -> server.connect(
                            client,
                            "ap-kz.silkgate.example",
                            c -> c.setSSLParameters(TlsPolicy.clientParameters("ap-kz.silkgate.example"))));
            SSLHandshakeException byPeerHost = assertThrows(
                    SSLHandshakeException.class, () -> server.connect(client, "smp.silkgate.example", policyClient()));

            for (SSLHandshakeException refused : List.of(bySni, byPeerHost)) {
                assertTrue(
                        causes(refused)
                                .anyMatch(e -> e instanceof CertificateException
                                        && e.getMessage().contains("silkgate.example")),
                        refused.toString());
            }
        }
    }

    @Test
    void withoutHostNameVerificationTheJdkWouldAcceptAnyName() throws Exception {
        try (LoopbackTlsServer server = LoopbackTlsServer.withPolicy(ecServer)) {
            SSLParameters unchecked = TlsPolicy.clientParameters();
            unchecked.setEndpointIdentificationAlgorithm(null);

            server.connect(client, "smp.silkgate.example", c -> c.setSSLParameters(unchecked));
        }
    }

    @Test
    void clientContextFromAPkcs12TrustStoreTrustsItsAnchors() throws Exception {
        Path trustStore = TestCertificates.trustStore(dir, "trust.p12", "trust-password", ca.certificate());
        SSLContext fromPkcs12 = TlsContexts.client(trustStore, Optional.empty());

        try (LoopbackTlsServer server = LoopbackTlsServer.withPolicy(rsaServer)) {
            assertEquals(
                    "TLSv1.3",
                    server.connect(fromPkcs12, "localhost", policyClient()).getProtocol());
        }
    }

    @Test
    void clientContextStillTrustsTheJdkDefaultAnchors() throws Exception {
        Issued publicCa = TestCertificates.ca("Stand-in For A Public CA");
        Path jdkTrustStore = TestCertificates.trustStore(dir, "jdk-default.p12", "changeit", publicCa.certificate());
        SSLContext publicServer = TlsContexts.server(
                TestCertificates.keystore(
                        dir, "public.p12", TestCertificates.server(publicCa, "EC", "localhost"), "public-password"),
                Optional.empty());
        SSLContext withDefaults;
        // The JDK's default anchors are the javax.net.ssl.trustStore when set, else cacerts.
        System.setProperty("javax.net.ssl.trustStore", jdkTrustStore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        try {
            withDefaults = TlsContexts.client(caPem, Optional.empty());
        } finally {
            System.clearProperty("javax.net.ssl.trustStore");
            System.clearProperty("javax.net.ssl.trustStorePassword");
            System.clearProperty("javax.net.ssl.trustStoreType");
        }

        try (LoopbackTlsServer pub = LoopbackTlsServer.withPolicy(publicServer);
                LoopbackTlsServer own = LoopbackTlsServer.withPolicy(ecServer)) {
            pub.connect(withDefaults, "localhost", policyClient());
            own.connect(withDefaults, "localhost", policyClient());
            assertThrows(
                    SSLHandshakeException.class,
                    () -> pub.connect(client, "localhost", policyClient()),
                    "control: a client built without that default does not trust the stand-in");
        }
    }

    private static java.util.function.Consumer<SSLSocket> policyClient() {
        return c -> c.setSSLParameters(TlsPolicy.clientParameters());
    }

    private static java.util.function.Consumer<SSLSocket> onlyTls12With(String suite) {
        return c -> {
            c.setEnabledProtocols(new String[] {TlsPolicy.TLS_1_2});
            c.setEnabledCipherSuites(new String[] {suite});
        };
    }

    private static Stream<Throwable> causes(Throwable e) {
        return Stream.iterate(e, t -> t != null, Throwable::getCause);
    }
}
