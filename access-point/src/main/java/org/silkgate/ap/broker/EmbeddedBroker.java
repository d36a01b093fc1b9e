package org.silkgate.ap.broker;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.silkgate.ap.files.Durability;
import org.silkgate.security.KeystoreException;
import org.silkgate.security.Keystores;
import org.silkgate.security.tls.TlsPolicy;

/**
 * An ActiveMQ Artemis server in this JVM with a persistent journal: the access point's default broker, inside its
 * JVM under {@code <data>/broker} and reached in-VM, or a standalone broker ({@code ap broker}) that access points
 * started with {@code --broker tcp://…} reach over TCP. Both share one configuration.
 *
 * <p>The standalone broker is the only one on a network, so it alone checks who connects: one user with every
 * right on the SilkGate addresses ({@code silkgate.#}) and none on the broker's management, TLS on its acceptor
 * unless asked not to, the Core protocol only (what the access point speaks) and no federation or cluster, so a
 * client cannot make it open connections of its own (CVE-2026-27446 abused just that).
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final AtomicInteger NEXT_SERVER_ID = new AtomicInteger();
    /** Where the broker parks a message whose route failed as often as its {@link DeliveryBackOff} allows. */
    public static final String DEAD_LETTERS = "silkgate.broker.dead";

    /** The addresses the access point uses: its queues and the dead letters. */
    static final String SILKGATE_ADDRESSES = "silkgate.#";

    private static final String ROLE = "silkgate";

    private final EmbeddedActiveMQ server;
    private final String url;

    private EmbeddedBroker(EmbeddedActiveMQ server, String url) {
        this.server = server;
        this.url = url;
    }

    /** The access point's own broker, journal under {@code <dataDir>/broker}, reachable in this JVM only. */
    public static EmbeddedBroker start(Path dataDir, Durability durability, DeliveryBackOff backOff) {
        int serverId = NEXT_SERVER_ID.incrementAndGet();
        Path root = dataDir.toAbsolutePath().resolve("broker");
        Configuration configuration = persistent("silkgate-" + serverId, root, durability, backOff)
                .addAcceptorConfiguration(
                        new TransportConfiguration(InVMAcceptorFactory.class.getName(), Map.of("serverId", serverId)));
        // reached in this JVM only (no network acceptor), so no user to check
        return start(configuration.setSecurityEnabled(false), null, root, "vm://" + serverId);
    }

    /**
     * Who may connect to a standalone broker, and over what.
     *
     * @param host the interface to listen on
     * @param port the TCP port
     * @param user the one user that may connect
     * @param password its password
     * @param tls the acceptor's TLS, or plain TCP when empty (a lab only)
     */
    public record Listener(String host, int port, String user, String password, Optional<Tls> tls) {
        public Listener {
            if (user == null || user.isBlank()) throw new IllegalArgumentException("user: the broker needs a user");
            if (password == null || password.isEmpty())
                throw new IllegalArgumentException("password: the broker needs a password");
        }

        @Override
        public String toString() { // the password stays out of logs and messages
            return "Listener[" + host + ":" + port + ", user " + user + (tls.isPresent() ? ", TLS" : ", plain TCP")
                    + "]";
        }
    }

    /** The acceptor's TLS server key and certificate: a PKCS#12 keystore and its password. */
    public record Tls(Path keystore, String password) {
        @Override
        public String toString() {
            return "Tls[" + keystore + "]";
        }
    }

    /**
     * A broker for access points in other processes: journal under {@code dataDir}, the Core protocol on
     * host:port, only for the listener's user.
     */
    public static EmbeddedBroker listen(Path dataDir, Listener listener, DeliveryBackOff backOff) {
        Path root = dataDir.toAbsolutePath();
        Map<String, Object> acceptor = new HashMap<>();
        acceptor.put(TransportConstants.HOST_PROP_NAME, listener.host());
        acceptor.put(TransportConstants.PORT_PROP_NAME, listener.port());
        // SilkGate speaks Core only: AMQP, STOMP, MQTT and OpenWire stay closed even where their modules are on the
        // class path
        acceptor.put(TransportConstants.PROTOCOLS_PROP_NAME, "CORE");
        listener.tls().ifPresent(tls -> {
            acceptor.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
            acceptor.put(
                    TransportConstants.KEYSTORE_PATH_PROP_NAME,
                    tls.keystore().toAbsolutePath().toString());
            acceptor.put(TransportConstants.KEYSTORE_PASSWORD_PROP_NAME, tls.password());
            acceptor.put(TransportConstants.KEYSTORE_TYPE_PROP_NAME, "PKCS12");
            acceptor.put(TransportConstants.ENABLED_PROTOCOLS_PROP_NAME, String.join(",", TlsPolicy.protocols()));
            acceptor.put(
                    TransportConstants.ENABLED_CIPHER_SUITES_PROP_NAME, String.join(",", TlsPolicy.cipherSuites()));
        });
        Configuration configuration = persistent("silkgate-broker", root, Durability.POWER_LOSS, backOff)
                .setSecurityEnabled(true)
                // the cluster user bypasses every check, and its default password is public: no cluster here, so
                // a password nobody knows
                .setClusterPassword(randomSecret())
                // send, consume, create and delete durable and non-durable queues, browse, create and delete
                // addresses; no manage, view or edit (the management operations)
                .putSecurityRoles(
                        SILKGATE_ADDRESSES,
                        Set.of(new Role(
                                ROLE, true, true, true, true, true, true, false, true, true, true, false, false)))
                .addAcceptorConfiguration(
                        new TransportConfiguration(NettyAcceptorFactory.class.getName(), acceptor, "tcp"));
        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser(listener.user(), listener.password());
        users.addRole(listener.user(), ROLE);
        return start(
                configuration,
                new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users),
                root,
                "tcp://" + listener.host() + ":" + listener.port());
    }

    /**
     * The broker user's password in a password file, for the broker and for the access points that connect to it:
     * the file's first line, without surrounding white space.
     */
    public static String readPassword(Path passwordFile) throws KeystoreException {
        return new String(Keystores.readPasswordFile(passwordFile))
                .lines()
                .findFirst()
                .orElseThrow()
                .strip();
    }

    private static String randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private static Configuration persistent(String name, Path root, Durability durability, DeliveryBackOff backOff) {
        return new ConfigurationImpl()
                .setName(name)
                .setPersistenceEnabled(true)
                .setJMXManagementEnabled(false)
                // memory-mapped journal: less CPU per durable send and transacted receive than NIO
                // (docs/performance.md; AIO needs libaio, absent here); its syncs force it to disk only for POWER_LOSS
                .setJournalType(JournalType.MAPPED)
                .setJournalDatasync(durability.syncsToDisk())
                .setJournalDirectory(root.resolve("journal").toString())
                .setBindingsDirectory(root.resolve("bindings").toString())
                .setLargeMessagesDirectory(root.resolve("large-messages").toString())
                .setPagingDirectory(root.resolve("paging").toString())
                // a queue on the dead-letter address, or Artemis drops what it parks there
                .addQueueConfiguration(QueueConfiguration.of(DEAD_LETTERS).setRoutingType(RoutingType.ANYCAST))
                .addAddressSetting(
                        "#",
                        new AddressSettings()
                                .setDeadLetterAddress(SimpleString.of(DEAD_LETTERS))
                                .setExpiryAddress(SimpleString.of(DEAD_LETTERS))
                                .setRedeliveryDelay(backOff.first().toMillis())
                                .setRedeliveryMultiplier(2.0)
                                .setMaxRedeliveryDelay(backOff.cap().toMillis())
                                .setMaxDeliveryAttempts(backOff.attempts()));
    }

    private static EmbeddedBroker start(
            Configuration configuration, ActiveMQJAASSecurityManager security, Path root, String url) {
        EmbeddedActiveMQ server = new EmbeddedActiveMQ().setConfiguration(configuration);
        if (security != null) server.setSecurityManager(security);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the Artemis broker did not start in " + root + ": " + e.getMessage(), e);
        }
        if (!server.getActiveMQServer().isActive()) {
            close(server);
            throw new IllegalStateException("the Artemis broker in " + root + " did not become active (is " + url
                    + " or its journal in use by another broker?)");
        }
        return new EmbeddedBroker(server, url);
    }

    public String url() {
        return url;
    }

    /** A factory for the in-VM broker; one for a listening broker needs its user, and its TLS parameters in the URL. */
    public ActiveMQConnectionFactory connectionFactory() {
        return new ActiveMQConnectionFactory(url);
    }

    public boolean isActive() {
        return server.getActiveMQServer().isActive();
    }

    /** Messages waiting in a queue (0 when the queue does not exist yet). */
    public long queueDepth(String queue) {
        var binding = server.getActiveMQServer().locateQueue(queue);
        return binding == null ? 0 : binding.getMessageCount();
    }

    @Override
    public void close() {
        close(server);
    }

    private static void close(EmbeddedActiveMQ server) {
        try {
            server.stop();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(EmbeddedBroker.class).warn("stopping the Artemis broker failed", e);
        }
    }
}
