package org.silkgate.ap.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Optional;
import org.apache.activemq.artemis.api.config.ActiveMQDefaultConfiguration;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.TestNetwork;
import org.silkgate.ap.trust.PemFiles;
import org.silkgate.security.Keystores;

/**
 * The standalone broker ({@code ap broker}) on a network: TLS with the dev PKI's certificate, one user, the Core
 * protocol only. Who may connect, and over what.
 */
class BrokerSecurityTest {
    private static final String USER = "silkgate-ap";
    private static final String PASSWORD = "a-broker-password";

    @TempDir
    static Path folder;

    static Path pki;
    static int port;
    static EmbeddedBroker broker;

    @BeforeAll
    static void startTheBrokerWithTls() throws Exception {
        pki = TestNetwork.createPki(folder);
        Path keystore = pki.resolve("tls-KZ.p12");
        port = freePort();
        broker = EmbeddedBroker.listen(
                folder.resolve("broker"),
                new EmbeddedBroker.Listener(
                        "127.0.0.1",
                        port,
                        USER,
                        PASSWORD,
                        Optional.of(new EmbeddedBroker.Tls(
                                keystore, new String(Keystores.password(keystore, Optional.empty()))))),
                DeliveryBackOff.DEFAULT);
    }

    @AfterAll
    static void stopTheBroker() {
        if (broker != null) broker.close();
    }

    @Test
    void theUserConnectsOverTlsAndUsesTheSilkGateQueues() throws Exception {
        try (Connection connection = factory(tlsUrl()).createConnection(USER, PASSWORD)) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var queue = session.createQueue("silkgate.test");
            session.createProducer(queue).send(session.createTextMessage("an id"));
            try (MessageConsumer consumer = session.createConsumer(queue)) {
                assertEquals("an id", ((TextMessage) consumer.receive(10_000)).getText());
            }
        }
    }

    @Test
    void aConnectionWithoutCredentialsIsRefused() {
        assertThrows(
                JMSSecurityException.class,
                () -> factory(tlsUrl()).createConnection().close());
    }

    @Test
    void aConnectionWithAWrongPasswordIsRefused() {
        assertThrows(
                JMSSecurityException.class,
                () -> factory(tlsUrl())
                        .createConnection(USER, "not-the-password")
                        .close());
    }

    @Test
    void theClusterUserWithItsWellKnownDefaultPasswordIsRefused() {
        // the cluster user passes every check once authenticated: its default password must not let anyone in
        JMSException refused = assertThrows(
                JMSException.class,
                () -> factory(tlsUrl())
                        .createConnection(
                                ActiveMQDefaultConfiguration.getDefaultClusterUser(),
                                ActiveMQDefaultConfiguration.getDefaultClusterPassword())
                        .close());
        assertTrue(refused.getMessage().contains("AMQ229099"), "refused as a wrong cluster password: " + refused);
    }

    @Test
    void theUserHasNoRightsOutsideTheSilkGateAddresses() throws Exception {
        try (Connection connection = factory(tlsUrl()).createConnection(USER, PASSWORD)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var elsewhere = session.createQueue("elsewhere");
            assertThrows(
                    JMSSecurityException.class,
                    () -> session.createProducer(elsewhere).send(session.createTextMessage("x")));
        }
    }

    @Test
    void aPlainTcpConnectionToTheTlsBrokerFails() {
        JMSException refused = assertThrows(
                JMSException.class,
                () -> factory("tcp://127.0.0.1:" + port)
                        .createConnection(USER, PASSWORD)
                        .close());
        assertEquals(false, refused instanceof JMSSecurityException, "it fails before any login: " + refused);
    }

    @Test
    void aClientThatDoesNotTrustTheBrokersCertificateFails() throws Exception {
        // a trust store whose only anchor is another access point's certificate, which signed nothing
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ap-GE", PemFiles.certificate(pki.resolve("ap-GE.pem")));
        Path untrusting = folder.resolve("untrusting.p12");
        try (OutputStream out = Files.newOutputStream(untrusting)) {
            anchors.store(out, "untrusting".toCharArray());
        }
        String url = "tcp://127.0.0.1:" + port + "?sslEnabled=true&trustStorePath=" + untrusting
                + "&trustStorePassword=untrusting&trustStoreType=PKCS12&verifyHost=true";
        assertThrows(
                JMSException.class,
                () -> factory(url).createConnection(USER, PASSWORD).close());
    }

    static String tlsUrl() {
        Path truststore = pki.resolve("tls-truststore.p12");
        return "tcp://127.0.0.1:" + port + "?sslEnabled=true&trustStorePath=" + truststore + "&trustStorePassword="
                + password(truststore) + "&trustStoreType=PKCS12&verifyHost=true";
    }

    private static String password(Path keystore) {
        try {
            return new String(Keystores.password(keystore, Optional.empty()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One attempt, a short wait: a refused connection is told at once, not retried. */
    private static ActiveMQConnectionFactory factory(String url) {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        factory.setCallTimeout(5_000);
        factory.setInitialConnectAttempts(1);
        factory.setReconnectAttempts(0);
        return factory;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
