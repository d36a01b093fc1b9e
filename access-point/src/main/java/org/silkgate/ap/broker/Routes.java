package org.silkgate.ap.broker;

import jakarta.jms.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.silkgate.ap.files.AtomicFiles;
import org.silkgate.ap.inbound.BackOfficeChannel;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.outbound.Submission;
import org.silkgate.ap.outbound.SubmissionRefused;
import org.silkgate.ap.work.WorkQueue;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * The Camel context and its routes over the broker. Queues carry message ids; documents stay in the journal and
 * on disk. Consumers are transacted, so a message taken from a queue is acknowledged only when its route finished:
 * a crash in between hands it to the next consumer (the journal state and the receiver's duplicate check make the
 * repeat harmless).
 * <ul>
 *   <li>{@value #OUTBOUND}: the back-office entry, a UBL document or SBDH (bytes or text), optionally with the
 *       headers {@value #SENDER_HEADER} and {@value #RECEIVER_HEADER}; a refused one goes to {@value #REJECTED}
 *       with the reason in {@value #ERROR_HEADER};</li>
 *   <li>{@value #SEND}: accepted messages due for a send attempt (retries are scheduled deliveries);</li>
 *   <li>{@value #DEAD_LETTER}: messages that failed for good;</li>
 *   <li>{@value #DELIVER}: received messages awaiting delivery to the back office;</li>
 *   <li>{@value #INBOUND}: for back offices on the broker, each received document (when enabled), with the
 *       headers {@value #MESSAGE_ID_HEADER}, {@value #SENDER_HEADER}, {@value #RECEIVER_HEADER}, {@value #DOCUMENT_TYPE_HEADER}.</li>
 * </ul>
 */
public final class Routes implements AutoCloseable {
    public static final String OUTBOUND = "silkgate.outbound";
    public static final String SEND = "silkgate.outbound.send";
    public static final String DEAD_LETTER = "silkgate.outbound.dead";
    public static final String REJECTED = "silkgate.outbound.rejected";
    public static final String DELIVER = "silkgate.inbound.deliver";
    public static final String INBOUND = "silkgate.inbound";
    public static final String DOCUMENT_TYPE_HEADER = "silkgateDocumentType";
    public static final String SENDER_HEADER = "silkgateSender";
    public static final String RECEIVER_HEADER = "silkgateReceiver";
    public static final String ERROR_HEADER = "silkgateError";
    public static final String MESSAGE_ID_HEADER = "silkgateMessageId";
    /** Every queue the routes use, and the broker's own dead letters: what the metrics count. */
    public static final List<String> QUEUES =
            List.of(OUTBOUND, SEND, DEAD_LETTER, REJECTED, DELIVER, INBOUND, EmbeddedBroker.DEAD_LETTERS);
    /** Artemis's scheduled-delivery property: the message becomes visible at this epoch millisecond. */
    private static final String SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";

    private static final Duration CONSUMER_RECOVERY = Duration.ofSeconds(1);

    /** What the routes call into. */
    public interface Handlers {
        /** Accepts a document from the back office; returns its message id or throws {@link SubmissionRefused}. */
        String submit(Submission submission);

        void attemptSend(String messageId);

        /** @param attempt the broker's delivery count of this message, from 1 */
        void deliver(String messageId, int attempt);
    }

    private final CamelContext camel;
    private final CachingConnectionFactory producerConnections;
    private final ProducerTemplate producer;
    private final int sendConsumers;

    /** Starts the Camel context, able to enqueue; call {@link #consume} once the handlers exist. */
    public Routes(ConnectionFactory connectionFactory, int sendConsumers) {
        this.camel = new DefaultCamelContext();
        this.sendConsumers = sendConsumers;
        this.producerConnections = new CachingConnectionFactory(connectionFactory);
        producerConnections.setSessionCacheSize(sendConsumers + 2);
        camel.addComponent("jms", transactedConsumers(connectionFactory));
        camel.addComponent("jmsout", JmsComponent.jmsComponent(producerConnections));
        camel.start();
        this.producer = camel.createProducerTemplate();
    }

    /**
     * Consumers in local JMS transactions: the listener's session commits when the route finished and rolls back
     * when it threw, as with a JmsTransactionManager, but the connection, session and consumer are kept open between
     * messages. An external transaction manager would make Spring's listener container open and close all three for
     * every message (its cache level drops to none), on each send and delivery.
     */
    private static JmsComponent transactedConsumers(ConnectionFactory connectionFactory) {
        JmsComponent jms = JmsComponent.jmsComponent(connectionFactory);
        jms.setTransacted(true);
        jms.setLazyCreateTransactionManager(false);
        jms.setCacheLevelName("CACHE_CONSUMER");
        // when the broker goes away, Spring's listener containers reconnect by themselves, trying every second
        jms.setRecoveryInterval(CONSUMER_RECOVERY.toMillis());
        return jms;
    }

    /**
     * Starts taking messages from the queues, and, if given, documents from a pickup folder: each {@code *.xml} file
     * is submitted (sender and receiver from the document) and moved to {@code .done/}, or to {@code .failed/} with
     * the reason in {@code <name>.error.txt}.
     */
    public void consume(Handlers handlers, Optional<Path> pickupFolder) {
        try {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // a refusal is the back office's to fix: answered on the rejection queue, never retried
                    from("jms:queue:" + OUTBOUND)
                            .routeId("outbound-entry")
                            .onException(SubmissionRefused.class)
                            .handled(true)
                            .process(exchange -> exchange.getMessage()
                                    .setHeader(
                                            ERROR_HEADER,
                                            exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)
                                                    .getMessage()))
                            .to("jmsout:queue:" + REJECTED)
                            .end()
                            .process(exchange -> {
                                var message = exchange.getMessage();
                                Submission submission = new Submission(
                                        message.getMandatoryBody(byte[].class),
                                        participantHeader(message, SENDER_HEADER),
                                        participantHeader(message, RECEIVER_HEADER),
                                        "jms");
                                message.setHeader(MESSAGE_ID_HEADER, handlers.submit(submission));
                            });

                    pickupFolder.ifPresent(folder -> from("file:" + folder.toAbsolutePath()
                                    + "?include=.*\\.xml&readLock=rename&move=.done&moveFailed=.failed")
                            .routeId("pickup-folder")
                            .process(exchange -> {
                                String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
                                try {
                                    handlers.submit(Submission.of(
                                            exchange.getMessage().getMandatoryBody(byte[].class), "pickup " + name));
                                } catch (SubmissionRefused refused) {
                                    AtomicFiles.write(
                                            folder.resolve(".failed").resolve(name + ".error.txt"),
                                            String.valueOf(refused.getMessage()).getBytes(StandardCharsets.UTF_8));
                                    throw refused; // the file goes to .failed
                                }
                            }));

                    // a failure here rolls the JMS transaction back: the broker hands the id over again with back-off
                    from("jms:queue:" + SEND + "?concurrentConsumers=" + sendConsumers)
                            .routeId("send")
                            .process(exchange ->
                                    handlers.attemptSend(exchange.getMessage().getMandatoryBody(String.class)));

                    from("jms:queue:" + DELIVER + "?concurrentConsumers=2")
                            .routeId("deliver")
                            .process(exchange -> handlers.deliver(
                                    exchange.getMessage().getMandatoryBody(String.class),
                                    exchange.getMessage().getHeader("JMSXDeliveryCount", 1, Integer.class)));
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("the message routes did not start: " + e.getMessage(), e);
        }
    }

    /**
     * Runs a task after {@code first} and then every {@code period} on Camel's timer, e.g. the monthly reports'
     * check. A failing run is logged by Camel and the next one runs as planned.
     */
    public void every(String name, Duration first, Duration period, Runnable task) {
        try {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:" + name + "?delay=" + first.toMillis() + "&period=" + period.toMillis())
                            .routeId(name)
                            .process(exchange -> task.run());
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("the " + name + " schedule did not start: " + e.getMessage(), e);
        }
    }

    public boolean isRunning() {
        return camel.getStatus().isStarted();
    }

    /**
     * Whether the broker takes connections now. The producers' shared connection is dropped when it fails, so
     * this connects afresh after an outage and costs nothing while the connection is up.
     */
    public boolean brokerReachable() {
        try {
            producerConnections.createConnection().close(); // closing the shared connection's proxy keeps it open
            return true;
        } catch (jakarta.jms.JMSException | RuntimeException unreachable) {
            return false;
        }
    }

    public WorkQueue queue(String name) {
        Endpoint endpoint = camel.getEndpoint("jmsout:queue:" + name); // resolved once, not per message
        return (messageId, delay) -> {
            Map<String, Object> headers = new HashMap<>();
            if (delay.compareTo(Duration.ZERO) > 0)
                headers.put(SCHEDULED_DELIVERY, System.currentTimeMillis() + delay.toMillis());
            producer.sendBodyAndHeaders(endpoint, messageId, headers);
        };
    }

    /**
     * Puts each received document on {@value #INBOUND} for back offices that read the broker, once: the AS4 message id
     * is Artemis's duplicate id, so a delivery repeated after a node died between the hand-over and DELIVERED (or by
     * another node) is dropped by the broker (its duplicate-id cache keeps the last 20 000 ids of the address).
     */
    public BackOfficeChannel backOfficeQueue() {
        return (message, validationReport) -> producer.sendBodyAndHeaders(
                "jmsout:queue:" + INBOUND,
                message.businessDocument(),
                Map.of(
                        DUPLICATE_ID_PROPERTY,
                        message.as4MessageId(),
                        MESSAGE_ID_HEADER,
                        message.as4MessageId(),
                        SENDER_HEADER,
                        message.envelope().sender().uri(),
                        RECEIVER_HEADER,
                        message.envelope().receiver().uri(),
                        DOCUMENT_TYPE_HEADER,
                        message.envelope().documentType().uri(),
                        "silkgateValid",
                        validationReport.isEmpty()));
    }

    /** Artemis's {@code Message.HDR_DUPLICATE_DETECTION_ID}, as a JMS property name. */
    private static final String DUPLICATE_ID_PROPERTY = "_AMQ_DUPL_ID";

    private static Optional<ParticipantId> participantHeader(org.apache.camel.Message message, String header) {
        String value = message.getHeader(header, String.class);
        if (value == null || value.isBlank()) return Optional.empty();
        try {
            return Optional.of(ParticipantId.parse(value));
        } catch (IllegalArgumentException malformed) {
            throw new SubmissionRefused("header " + header + ": " + malformed.getMessage(), malformed);
        }
    }

    @Override
    public void close() {
        try {
            producer.close();
            camel.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(Routes.class).warn("stopping the routes failed", e);
        } finally {
            producerConnections.destroy();
        }
    }
}
