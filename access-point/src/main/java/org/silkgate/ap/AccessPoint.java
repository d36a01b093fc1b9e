package org.silkgate.ap;

import com.helger.phase4.crypto.IAS4CryptoFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.silkgate.ap.http.ApMetrics;
import org.silkgate.ap.http.ApiServlet;
import org.silkgate.ap.http.OperationsServlet;
import org.silkgate.ap.as4.As4Sender;
import org.silkgate.ap.as4.As4Servlet;
import org.silkgate.ap.as4.InboundAs4Processor;
import org.silkgate.ap.as4.Phase4Runtime;
import org.silkgate.ap.inbound.BackOfficeChannel;
import org.silkgate.ap.inbound.InboundReceiver;
import org.silkgate.ap.inbound.WebhookDelivery;
import org.silkgate.ap.inbound.InboxDelivery;
import org.silkgate.ap.discovery.ServedParticipants;
import org.silkgate.ap.files.Durability;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.outbound.OutboundService;
import org.silkgate.ap.broker.EmbeddedBroker;
import org.silkgate.ap.work.RequeueAfterOutage;
import org.silkgate.ap.broker.Routes;
import org.silkgate.ap.validation.DocumentCheck;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.silkgate.ap.discovery.Endpoint;
import org.silkgate.ap.discovery.EndpointResolver;
import org.silkgate.ap.outbound.OutboundPreparation;
import org.silkgate.ap.discovery.StaticEndpointResolver;
import org.silkgate.ap.discovery.ChainedEndpointResolver;
import org.silkgate.ap.discovery.SmpEndpointResolver;
import org.silkgate.ap.trust.ApIdentity;
import org.silkgate.ap.trust.CrlFiles;

/**
 * A running access point: the composition root that wires identity, trust, AS4 receiving and sending, and the HTTP
 * server from an {@link ApConfig}. Several may run in one JVM (tests, the demo).
 */
public final class AccessPoint implements AutoCloseable {
    private static final int SEND_CONSUMERS = 8;
    private static final java.time.Duration SMP_CACHE_TTL = java.time.Duration.ofMinutes(5);
    private static final java.time.Duration OUTAGE_CHECK = java.time.Duration.ofSeconds(1);
    private static final java.time.Duration EXTERNAL_BROKER_CALL_TIMEOUT = java.time.Duration.ofSeconds(5);
    private final ApConfig config;
    private final ApIdentity identity;
    private final Server server;
    private final String baseUrl;
    private final As4Sender sender;
    private final OutboundPreparation preparation;
    private final InboxDelivery inbox;
    private final Journal journal;
    private final MessageFiles files;
    private final OutboundService outbound;
    private final Optional<EmbeddedBroker> broker;
    private final Routes routes;
    private final Optional<WebhookDelivery> webhook;
    private final RequeueAfterOutage requeue;

    private AccessPoint(ApConfig config, ApIdentity identity, Server server, String baseUrl, As4Sender sender,
                        OutboundPreparation preparation, InboxDelivery inbox, Journal journal, MessageFiles files,
                        OutboundService outbound, Optional<EmbeddedBroker> broker, Routes routes,
                        Optional<WebhookDelivery> webhook, RequeueAfterOutage requeue) {
        this.config = config;
        this.identity = identity;
        this.server = server;
        this.baseUrl = baseUrl;
        this.sender = sender;
        this.preparation = preparation;
        this.inbox = inbox;
        this.journal = journal;
        this.files = files;
        this.outbound = outbound;
        this.broker = broker;
        this.routes = routes;
        this.webhook = webhook;
        this.requeue = requeue;
    }

    public static AccessPoint start(ApConfig config) {
        Phase4Runtime.acquire();
        Server server = null;
        As4Sender sender = null;
        Journal journal = null;
        EmbeddedBroker broker = null;
        Routes routes = null;
        WebhookDelivery webhook = null;
        RequeueAfterOutage requeue = null;
        try {
            CrlFiles crls = new CrlFiles(config.effectiveCrlFiles());
            ApIdentity identity = ApIdentity.load(config.keystore(), config.keystorePasswordFile(), config.truststore(), crls);
            if (!identity.apId().equals(config.id())) {
                throw new IllegalArgumentException("the AP id is " + config.id() + " but the keystore's certificate is for '"
                        + identity.apId() + "'");
            }
            IAS4CryptoFactory crypto = identity.cryptoFactory();
            if (config.invalidDocuments().validates()) DocumentCheck.warmUp();
            Durability durability = config.effectiveDurability();
            journal = Journal.open(config.jdbcUrl().orElse(Journal.defaultJdbcUrl(config.dataDir())), durability);
            MessageFiles files = new MessageFiles(config.dataDir(), durability);
            ConnectionFactory connections;
            if (config.brokerUrl().isPresent()) {
                ActiveMQConnectionFactory external = new ActiveMQConnectionFactory(config.brokerUrl().get());
                // connect to the URL's brokers (list a cluster's as (tcp://a:61616,tcp://b:61616)), not to the topology
                // last learnt: with it, every attempt while a killed broker is down took the 2 s retry interval, one
                // attempt after the other across consumers and producers, and a submit waited behind all of them
                external.setUseTopologyForLoadBalancing(false);
                // a blocking call (a durable send, a commit, a session's creation) answers within this or fails: a
                // broker that dies mid-call then stalls a submit for seconds, not the default 30; what fails is
                // journaled already and queued again once the broker is back
                external.setCallTimeout(EXTERNAL_BROKER_CALL_TIMEOUT.toMillis());
                connections = external;
            } else {
                broker = EmbeddedBroker.start(config.dataDir(), durability);
                connections = broker.connectionFactory();
            }
            routes = new Routes(connections, SEND_CONSUMERS);
            requeue = new RequeueAfterOutage(routes::brokerReachable);

            server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost(config.bindHost());
            connector.setPort(config.port());
            server.addConnector(connector);
            connector.open(); // binds now, so that a port chosen by the OS is known before the servlets are built
            String baseUrl = config.publicUrl().orElse("http://" + config.bindHost() + ":" + connector.getLocalPort());

            InboxDelivery inbox = new InboxDelivery(config.effectiveInbox(), durability);
            Optional<EndpointResolver> smp = config.smpUrl().map(url -> new SmpEndpointResolver(url, identity.trustStore(), SMP_CACHE_TTL));
            ServedParticipants served = config.servedParticipants().isEmpty() && smp.isPresent()
                    ? ServedParticipants.bySmp(smp.get(), identity.certificate())
                    : ServedParticipants.of(config.servedParticipants());
            List<BackOfficeChannel> channels = new ArrayList<>(List.of(inbox));
            if (config.deliverToQueue()) channels.add(routes.backOfficeQueue());
            webhook = config.webhookUrl().map(WebhookDelivery::new).orElse(null);
            if (webhook != null) channels.add(webhook);
            InboundReceiver receiver = new InboundReceiver(config.id(), served,
                    journal, files, channels, requeue.tolerating(routes.queue(Routes.DELIVER)),
                    config.invalidDocuments());
            sender = new As4Sender(identity, crypto, endpointResolver(config, smp));
            OutboundPreparation preparation = new OutboundPreparation(config.id(), config.country());
            ApMetrics metrics = new ApMetrics(journal, Optional.ofNullable(broker));
            OutboundService outbound = new OutboundService(preparation, config.invalidDocuments().validates(), sender,
                    journal, files, config.retry(),
                    config.dataDir().resolve("failures"), requeue.tolerating(routes.queue(Routes.SEND)), routes.queue(Routes.DEAD_LETTER),
                    metrics.sendLatency());

            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath("/");
            context.addServlet(new ServletHolder(new As4Servlet(crypto, new InboundAs4Processor(identity.trust(), receiver),
                    baseUrl + "/as4", config.maxMessageBytes())), "/as4");
            context.addServlet(new ServletHolder(new ApiServlet(outbound, journal)), "/api/v1/*");
            EmbeddedBroker embedded = broker;
            Routes running = routes;
            OperationsServlet operations = new OperationsServlet(config.id(), journal,
                    () -> running.isRunning() && (embedded == null || embedded.isActive()), metrics);
            context.addServlet(new ServletHolder(operations), "/health");
            context.addServlet(new ServletHolder(operations), "/metrics");
            server.setHandler(context);
            server.start();

            routes.consume(new Routes.Handlers() {
                @Override
                public String submit(byte[] document, String senderId, String receiverId) {
                    return outbound.submit(document, senderId, receiverId);
                }

                @Override
                public String submit(byte[] document) {
                    return outbound.submit(document, Optional.empty(), Optional.empty());
                }

                @Override
                public void attemptSend(String messageId) { outbound.attemptSend(messageId); }

                @Override
                public void deliver(String messageId) { receiver.deliver(messageId); }
            }, Optional.of(config.effectivePickup()));
            Runnable requeuePending = () -> {
                receiver.redeliverPending();
                outbound.resumePending();
            };
            requeuePending.run();
            requeue.start(requeuePending, OUTAGE_CHECK);
            return new AccessPoint(config, identity, server, baseUrl, sender, preparation, inbox, journal, files, outbound,
                    Optional.ofNullable(broker), routes, Optional.ofNullable(webhook), requeue);
        } catch (Exception e) {
            stopQuietly(server);
            if (requeue != null) requeue.close();
            if (routes != null) routes.close();
            if (broker != null) broker.close();
            if (sender != null) sender.close();
            if (webhook != null) webhook.close();
            if (journal != null) journal.close();
            Phase4Runtime.release();
            if (e instanceof RuntimeException runtime) throw runtime;
            throw new IllegalStateException("access point " + config.id() + " failed to start: " + e.getMessage(), e);
        }
    }

    /** The static routes first, then the SMP (if configured). */
    private static EndpointResolver endpointResolver(ApConfig config, Optional<EndpointResolver> smp) {
        Map<String, Endpoint> routes = new HashMap<>();
        config.staticRoutes().forEach((participant, route) ->
                routes.put(participant, new Endpoint(route.url(), readCertificate(route.certificatePem()))));
        StaticEndpointResolver fixed = new StaticEndpointResolver(routes, Optional.empty());
        return smp.<EndpointResolver>map(s -> new ChainedEndpointResolver(fixed, s)).orElse(fixed);
    }

    static X509Certificate readCertificate(java.nio.file.Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read certificate " + pem, e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not an X.509 certificate: " + pem + ": " + e.getMessage(), e);
        }
    }

    public ApConfig config() { return config; }

    public String id() { return identity.apId(); }

    public X509Certificate certificate() { return identity.certificate(); }

    public String baseUrl() { return baseUrl; }

    public String as4Url() { return baseUrl + "/as4"; }

    public As4Sender as4Sender() { return sender; }

    public OutboundPreparation preparation() { return preparation; }

    public InboxDelivery inbox() { return inbox; }

    public Journal journal() { return journal; }

    public MessageFiles files() { return files; }

    public OutboundService outbound() { return outbound; }

    public Routes routes() { return routes; }

    /** The embedded broker, unless an external one is configured. */
    public Optional<EmbeddedBroker> broker() { return broker; }

    @Override
    public void close() {
        try {
            stopQuietly(server);
            requeue.close();
            routes.close();
            broker.ifPresent(EmbeddedBroker::close);
            sender.close();
            webhook.ifPresent(WebhookDelivery::close);
            journal.close();
        } finally {
            Phase4Runtime.release();
        }
    }

    private static void stopQuietly(Server server) {
        if (server == null) return;
        try {
            server.stop();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(AccessPoint.class).warn("stopping the HTTP server failed", e);
        }
    }
}
