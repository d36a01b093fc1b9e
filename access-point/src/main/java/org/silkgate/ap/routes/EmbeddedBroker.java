package org.silkgate.ap.routes;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * ActiveMQ Artemis inside the access point's JVM, with its persistent journal under {@code <data>/broker}: the
 * default broker. Reached in-VM only; {@code --broker tcp://…} replaces it with an external broker or cluster.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final AtomicInteger NEXT_SERVER_ID = new AtomicInteger();
    /** Where the broker parks a message whose route failed 100 times (with back-off up to 5 minutes). */
    public static final String DEAD_LETTERS = "silkgate.broker.dead";

    private final EmbeddedActiveMQ server;
    private final String url;

    private EmbeddedBroker(EmbeddedActiveMQ server, String url) {
        this.server = server;
        this.url = url;
    }

    public static EmbeddedBroker start(Path dataDir) {
        int serverId = NEXT_SERVER_ID.incrementAndGet();
        Path root = dataDir.toAbsolutePath().resolve("broker");
        Configuration configuration = new ConfigurationImpl()
                .setName("silkgate-" + serverId)
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(root.resolve("journal").toString())
                .setBindingsDirectory(root.resolve("bindings").toString())
                .setLargeMessagesDirectory(root.resolve("large-messages").toString())
                .setPagingDirectory(root.resolve("paging").toString())
                .addAddressSetting("#", new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of(DEAD_LETTERS)).setExpiryAddress(SimpleString.of(DEAD_LETTERS))
                        .setRedeliveryDelay(1000).setRedeliveryMultiplier(2.0).setMaxRedeliveryDelay(300_000)
                        .setMaxDeliveryAttempts(100))
                .addAcceptorConfiguration(new TransportConfiguration(InVMAcceptorFactory.class.getName(),
                        java.util.Map.of("serverId", serverId)));
        EmbeddedActiveMQ server = new EmbeddedActiveMQ().setConfiguration(configuration);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Artemis broker did not start in " + root + ": " + e.getMessage(), e);
        }
        return new EmbeddedBroker(server, "vm://" + serverId);
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
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(EmbeddedBroker.class).warn("stopping the embedded broker failed", e);
        }
    }
}
