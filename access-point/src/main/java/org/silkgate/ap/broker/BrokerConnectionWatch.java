package org.silkgate.ap.broker;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.client.FailoverEventType;
import org.apache.activemq.artemis.jms.client.ActiveMQConnection;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Whether an external broker (or the active broker of a pair) is connected now, for {@code /health}: one connection
 * of its own, opened in the background and again every {@code retry} while it fails, that hears of failures and
 * fail-overs ({@code FAILURE_DETECTED} until {@code FAILOVER_COMPLETED}) as the access point's other connections do.
 * It sends and receives nothing.
 */
public final class BrokerConnectionWatch implements AutoCloseable {
    private final ActiveMQConnectionFactory factory;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "silkgate-broker-watch");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean connected;
    private volatile Connection connection;

    public BrokerConnectionWatch(ActiveMQConnectionFactory factory, Duration retry) {
        this.factory = factory;
        retries.scheduleWithFixedDelay(this::connectIfNeeded, 0, retry.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void connectIfNeeded() {
        if (connection != null) return;
        try {
            Connection opened = factory.createConnection();
            ((ActiveMQConnection) opened)
                    .setFailoverListener(event -> connected = event == FailoverEventType.FAILOVER_COMPLETED);
            // a connection that gave up for good (no reconnection configured, or it failed): open a new one
            opened.setExceptionListener(failed -> {
                connected = false;
                drop();
            });
            connection = opened;
            connected = true;
        } catch (JMSException | RuntimeException unreachable) {
            connected = false;
        }
    }

    private void drop() {
        Connection failed = connection;
        connection = null;
        if (failed != null) {
            try {
                failed.close();
            } catch (JMSException | RuntimeException ignored) {
                // it is gone anyway
            }
        }
    }

    /** Connected, and not failing over right now. */
    public boolean connected() {
        return connected;
    }

    @Override
    public void close() {
        retries.shutdownNow();
        drop();
    }
}
