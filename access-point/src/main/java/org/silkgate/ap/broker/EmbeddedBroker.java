package org.silkgate.ap.broker;

import java.nio.file.Path;
import org.silkgate.ap.files.Durability;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * An ActiveMQ Artemis server in this JVM with a persistent journal: the access point's default broker, inside its
 * JVM under {@code <data>/broker} and reached in-VM, or a standalone broker ({@code ap broker}) that access points
 * started with {@code --broker tcp://…} reach over TCP. Both share one configuration.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final AtomicInteger NEXT_SERVER_ID = new AtomicInteger();
    /** Where the broker parks a message whose route failed as often as its {@link DeliveryBackOff} allows. */
    public static final String DEAD_LETTERS = "silkgate.broker.dead";

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
                .addAcceptorConfiguration(new TransportConfiguration(InVMAcceptorFactory.class.getName(),
                        Map.of("serverId", serverId)));
        return start(configuration, root, "vm://" + serverId);
    }

    /** A broker for access points in other processes: journal under {@code dataDir}, core protocol on host:port. */
    public static EmbeddedBroker listen(Path dataDir, String host, int port, DeliveryBackOff backOff) {
        Path root = dataDir.toAbsolutePath();
        Configuration configuration = persistent("silkgate-broker", root, Durability.POWER_LOSS, backOff)
                .addAcceptorConfiguration(new TransportConfiguration(NettyAcceptorFactory.class.getName(),
                        Map.of(TransportConstants.HOST_PROP_NAME, host, TransportConstants.PORT_PROP_NAME, port), "tcp"));
        return start(configuration, root, "tcp://" + host + ":" + port);
    }

    private static Configuration persistent(String name, Path root, Durability durability, DeliveryBackOff backOff) {
        return new ConfigurationImpl()
                .setName(name)
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
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
                .addAddressSetting("#", new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of(DEAD_LETTERS)).setExpiryAddress(SimpleString.of(DEAD_LETTERS))
                        .setRedeliveryDelay(backOff.first().toMillis()).setRedeliveryMultiplier(2.0)
                        .setMaxRedeliveryDelay(backOff.cap().toMillis()).setMaxDeliveryAttempts(backOff.attempts()));
    }

    private static EmbeddedBroker start(Configuration configuration, Path root, String url) {
        EmbeddedActiveMQ server = new EmbeddedActiveMQ().setConfiguration(configuration);
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

    public String url() { return url; }

    public ActiveMQConnectionFactory connectionFactory() { return new ActiveMQConnectionFactory(url); }

    public boolean isActive() { return server.getActiveMQServer().isActive(); }

    /** Messages waiting in a queue (0 when the queue does not exist yet). */
    public long queueDepth(String queue) {
        var binding = server.getActiveMQServer().locateQueue(queue);
        return binding == null ? 0 : binding.getMessageCount();
    }

    @Override
    public void close() { close(server); }

    private static void close(EmbeddedActiveMQ server) {
        try {
            server.stop();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(EmbeddedBroker.class).warn("stopping the Artemis broker failed", e);
        }
    }
}
