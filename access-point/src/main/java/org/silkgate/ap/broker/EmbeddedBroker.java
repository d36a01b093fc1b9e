package org.silkgate.ap.broker;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.ClusterConnectionConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.ha.ReplicaPolicyConfiguration;
import org.apache.activemq.artemis.core.config.ha.ReplicatedPolicyConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnectorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.cluster.impl.MessageLoadBalancingType;
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
 *
 * <p>A broker of a pair ({@link Ha}) adds one cluster connection with a static connector to its peer, over the same
 * TLS, for Artemis's replication: the primary replicates its journal to the backup, the backup takes over when the
 * primary dies, and a primary that comes back finds the active backup (check-for-active-server) and becomes its
 * backup in turn (no fail-back), so the pair heals with the roles swapped. The cluster user and password are the
 * pair's shared secret; nothing else may open a cluster connection.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final AtomicInteger NEXT_SERVER_ID = new AtomicInteger();
    /** Where the broker parks a message whose route failed as often as its {@link DeliveryBackOff} allows. */
    public static final String DEAD_LETTERS = "silkgate.broker.dead";

    /** The addresses the access point uses: its queues and the dead letters. */
    static final String SILKGATE_ADDRESSES = "silkgate.#";

    private static final String ROLE = "silkgate";

    /** The name of the pair's cluster connection. */
    private static final String PAIR = "silkgate-pair";

    private final EmbeddedActiveMQ server;
    private final String url;

    private EmbeddedBroker(EmbeddedActiveMQ server, String url) {
        this.server = server;
        this.url = url;
    }

    /** Which broker of a pair this is when it starts. */
    public enum HaRole {
        /** Starts active, unless its peer is active already (it took over): then it becomes the peer's backup. */
        PRIMARY,
        /** Replicates the active peer and takes over when it dies. */
        BACKUP
    }

    /**
     * This broker's part in a live/backup pair with replication.
     *
     * @param role primary or backup at start
     * @param peerHost the other broker's host, as its TLS certificate names it
     * @param peerPort the other broker's port
     * @param clusterUser the user the two brokers connect to each other as
     * @param clusterPassword its password, the same on both brokers
     * @param truststore the TLS trust anchors to check the peer with (unless the acceptor is plain TCP)
     */
    public record Ha(
            HaRole role,
            String peerHost,
            int peerPort,
            String clusterUser,
            String clusterPassword,
            Optional<Tls> truststore) {
        public Ha {
            if (clusterUser == null || clusterUser.isBlank())
                throw new IllegalArgumentException("cluster user: a broker pair needs one");
            if (clusterPassword == null || clusterPassword.isEmpty())
                throw new IllegalArgumentException("cluster password: a broker pair needs one");
        }

        @Override
        public String toString() {
            return "Ha[" + role + ", peer " + peerHost + ":" + peerPort + ", cluster user " + clusterUser + "]";
        }
    }

    /** The access point's own broker, journal under {@code <dataDir>/broker}, reachable in this JVM only. */
    public static EmbeddedBroker start(Path dataDir, Durability durability, DeliveryBackOff backOff) {
        int serverId = NEXT_SERVER_ID.incrementAndGet();
        Path root = dataDir.toAbsolutePath().resolve("broker");
        Configuration configuration = persistent("silkgate-" + serverId, root, durability, backOff)
                .addAcceptorConfiguration(
                        new TransportConfiguration(InVMAcceptorFactory.class.getName(), Map.of("serverId", serverId)));
        // reached in this JVM only (no network acceptor), so no user to check
        return start(configuration.setSecurityEnabled(false), null, root, "vm://" + serverId, false);
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
        return listen(dataDir, listener, Optional.empty(), backOff);
    }

    /**
     * A standalone broker, alone or one of a replicating pair. A backup returns once it started replicating (or
     * looking for its active peer), before it is active.
     */
    public static EmbeddedBroker listen(Path dataDir, Listener listener, Optional<Ha> ha, DeliveryBackOff backOff) {
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
                // the cluster user bypasses every check, and its default password is public: without a pair, a
                // password nobody knows; in a pair, the pair's shared secret
                .setClusterPassword(randomSecret())
                // send, consume, create and delete durable and non-durable queues, browse, create and delete
                // addresses; no manage, view or edit (the management operations)
                .putSecurityRoles(
                        SILKGATE_ADDRESSES,
                        Set.of(new Role(
                                ROLE, true, true, true, true, true, true, false, true, true, true, false, false)))
                .addAcceptorConfiguration(
                        new TransportConfiguration(NettyAcceptorFactory.class.getName(), acceptor, "tcp"));
        ha.ifPresent(pair -> pair(configuration, listener, pair));
        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser(listener.user(), listener.password());
        users.addRole(listener.user(), ROLE);
        return start(
                configuration,
                new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users),
                root,
                "tcp://" + listener.host() + ":" + listener.port(),
                ha.map(Ha::role).orElse(HaRole.PRIMARY) == HaRole.BACKUP);
    }

    /** The pair's cluster connection (this broker and its peer) and replication policy. */
    private static void pair(Configuration configuration, Listener listener, Ha ha) {
        if (listener.tls().isPresent() && ha.truststore().isEmpty())
            throw new IllegalArgumentException("a broker pair with TLS needs a truststore to check its peer with");
        configuration
                .setClusterUser(ha.clusterUser())
                .setClusterPassword(ha.clusterPassword())
                .addConnectorConfiguration(
                        "self", connector(listener.host(), listener.port(), listener.tls(), ha.truststore()))
                .addConnectorConfiguration(
                        "peer", connector(ha.peerHost(), ha.peerPort(), listener.tls(), ha.truststore()))
                .addClusterConfiguration(new ClusterConnectionConfiguration()
                        .setName(PAIR)
                        .setAddress(SILKGATE_ADDRESSES.replace(".#", ""))
                        .setConnectorName("self")
                        .setStaticConnectors(List.of("peer"))
                        // one active broker at a time: nothing to move between brokers
                        .setMessageLoadBalancingType(MessageLoadBalancingType.OFF)
                        .setRetryInterval(500)
                        .setReconnectAttempts(-1));
        if (ha.role() == HaRole.PRIMARY) {
            configuration.setHAPolicyConfiguration(new ReplicatedPolicyConfiguration()
                    .setClusterName(PAIR)
                    // a primary that comes back while its backup has taken over becomes that backup's backup
                    .setCheckForActiveServer(true));
        } else {
            configuration.setHAPolicyConfiguration(new ReplicaPolicyConfiguration()
                    .setClusterName(PAIR)
                    // no fail-back: the backup that took over stays active, the returning primary replicates it
                    .setAllowFailBack(false)
                    .setRestartBackup(true));
        }
    }

    /** A connector to a broker of the pair, with the acceptors' TLS and the host name checked. */
    private static TransportConfiguration connector(String host, int port, Optional<Tls> tls, Optional<Tls> trust) {
        Map<String, Object> params = new HashMap<>();
        params.put(TransportConstants.HOST_PROP_NAME, host);
        params.put(TransportConstants.PORT_PROP_NAME, port);
        if (tls.isPresent()) {
            Tls truststore = trust.orElseThrow();
            params.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
            params.put(
                    TransportConstants.TRUSTSTORE_PATH_PROP_NAME,
                    truststore.keystore().toAbsolutePath().toString());
            params.put(TransportConstants.TRUSTSTORE_PASSWORD_PROP_NAME, truststore.password());
            params.put(TransportConstants.TRUSTSTORE_TYPE_PROP_NAME, "PKCS12");
            params.put(TransportConstants.VERIFY_HOST_PROP_NAME, true);
            params.put(TransportConstants.ENABLED_PROTOCOLS_PROP_NAME, String.join(",", TlsPolicy.protocols()));
        }
        return new TransportConfiguration(NettyConnectorFactory.class.getName(), params, host + ":" + port);
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
            Configuration configuration, ActiveMQJAASSecurityManager security, Path root, String url, boolean backup) {
        EmbeddedActiveMQ server = new EmbeddedActiveMQ().setConfiguration(configuration);
        if (security != null) server.setSecurityManager(security);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the Artemis broker did not start in " + root + ": " + e.getMessage(), e);
        }
        if (!backup && !server.getActiveMQServer().isActive() && !becameBackup(server)) {
            close(server);
            throw new IllegalStateException("the Artemis broker in " + root + " did not become active (is " + url
                    + " or its journal in use by another broker?)");
        }
        return new EmbeddedBroker(server, url);
    }

    /** A primary that found its peer active (check-for-active-server) is replicating it instead. */
    private static boolean becameBackup(EmbeddedActiveMQ server) {
        return server.getActiveMQServer().getHAPolicy() != null
                && server.getActiveMQServer().getHAPolicy().isBackup();
    }

    /** What this broker does now: active, a backup in sync with its active peer, or a backup not in sync yet. */
    public String state() {
        var active = server.getActiveMQServer();
        if (active.isActive()) return "active";
        return active.isReplicaSync() ? "backup in sync" : "backup, not in sync";
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
