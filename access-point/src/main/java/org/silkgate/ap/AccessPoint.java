package org.silkgate.ap;

import com.helger.phase4.crypto.IAS4CryptoFactory;
import jakarta.jms.ConnectionFactory;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.silkgate.ap.as4.As4Sender;
import org.silkgate.ap.as4.As4Servlet;
import org.silkgate.ap.as4.InboundAs4Processor;
import org.silkgate.ap.as4.Phase4Crypto;
import org.silkgate.ap.as4.Phase4Runtime;
import org.silkgate.ap.broker.BrokerConnectionWatch;
import org.silkgate.ap.broker.EmbeddedBroker;
import org.silkgate.ap.broker.Routes;
import org.silkgate.ap.clients.ApiClients;
import org.silkgate.ap.clients.Operators;
import org.silkgate.ap.console.ConsoleActions;
import org.silkgate.ap.console.ConsoleServlet;
import org.silkgate.ap.discovery.ChainedEndpointResolver;
import org.silkgate.ap.discovery.Endpoint;
import org.silkgate.ap.discovery.EndpointResolver;
import org.silkgate.ap.discovery.ServedParticipants;
import org.silkgate.ap.discovery.SmpEndpointResolver;
import org.silkgate.ap.discovery.StaticEndpointResolver;
import org.silkgate.ap.files.Durability;
import org.silkgate.ap.http.ApiServlet;
import org.silkgate.ap.http.OperationsServlet;
import org.silkgate.ap.http.ReportingServlet;
import org.silkgate.ap.inbound.BackOfficeChannel;
import org.silkgate.ap.inbound.DeliverPipeline;
import org.silkgate.ap.inbound.InboxDelivery;
import org.silkgate.ap.inbound.MlsResponder;
import org.silkgate.ap.inbound.ReceivePipeline;
import org.silkgate.ap.inbound.WebhookDelivery;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.model.Mls;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.model.PeppolReport;
import org.silkgate.ap.monitoring.ApHealth;
import org.silkgate.ap.monitoring.ApMetrics;
import org.silkgate.ap.outbound.MessageSender;
import org.silkgate.ap.outbound.OutboundPreparation;
import org.silkgate.ap.outbound.SendAttempts;
import org.silkgate.ap.outbound.Submission;
import org.silkgate.ap.outbound.SubmitPipeline;
import org.silkgate.ap.reporting.MonthlyReports;
import org.silkgate.ap.reporting.PeppolReports;
import org.silkgate.ap.reporting.ReportValidator;
import org.silkgate.ap.tls.ClientConnections;
import org.silkgate.ap.trust.ApIdentity;
import org.silkgate.ap.trust.CertificateHealth;
import org.silkgate.ap.trust.CertificateTrust;
import org.silkgate.ap.trust.CrlFiles;
import org.silkgate.ap.trust.PemFiles;
import org.silkgate.ap.validation.DocumentCheck;
import org.silkgate.ap.work.NodeMembership;
import org.silkgate.ap.work.RequeueAfterOutage;
import org.silkgate.ap.work.WorkQueue;
import org.silkgate.console.ConsoleSessions;
import org.silkgate.security.KeystoreException;
import org.silkgate.security.PrivateFolders;
import org.silkgate.security.tls.JettyTls;
import org.silkgate.security.tls.TlsContexts;
import org.silkgate.validation.DocumentValidator;
import org.slf4j.LoggerFactory;

/**
 * A running access point: the composition root that wires identity, trust, the pipelines, the broker and the HTTP
 * server from an {@link ApConfig}. Several may run in one JVM (tests, the demo), sharing one validator. It is long
 * because all wiring is here, explicit and in the order things start; nothing else constructs the parts.
 */
public final class AccessPoint implements AutoCloseable {
    private static final int SEND_CONSUMERS = 8;
    private static final Duration SMP_CACHE_TTL = Duration.ofMinutes(5);
    private static final Duration OUTAGE_CHECK = Duration.ofSeconds(1);
    private static final Duration ADOPTION_CHECK = NodeMembership.LIVENESS.dividedBy(2);
    private static final Duration EXTERNAL_BROKER_CALL_TIMEOUT = Duration.ofSeconds(5);
    /** A console session unused this long is over: an unattended browser does not stay signed in. */
    public static final Duration CONSOLE_IDLE_TIMEOUT = Duration.ofMinutes(15);

    private final ApConfig config;
    private final ApIdentity identity;
    private final String baseUrl;
    private final String apiUrl;
    private final As4Sender sender;
    private final OutboundPreparation preparation;
    private final SubmitPipeline submissions;
    private final SendAttempts sending;
    private final ApiClients clients;
    private final InboxDelivery inbox;
    private final Journal journal;
    private final MessageFiles files;
    private final Optional<EmbeddedBroker> broker;
    private final List<AutoCloseable> closeInOrder;

    private AccessPoint(
            ApConfig config,
            ApIdentity identity,
            String baseUrl,
            String apiUrl,
            As4Sender sender,
            OutboundPreparation preparation,
            SubmitPipeline submissions,
            SendAttempts sending,
            ApiClients clients,
            InboxDelivery inbox,
            Journal journal,
            MessageFiles files,
            Optional<EmbeddedBroker> broker,
            List<AutoCloseable> closeInOrder) {
        this.config = config;
        this.identity = identity;
        this.baseUrl = baseUrl;
        this.apiUrl = apiUrl;
        this.clients = clients;
        this.sender = sender;
        this.preparation = preparation;
        this.submissions = submissions;
        this.sending = sending;
        this.inbox = inbox;
        this.journal = journal;
        this.files = files;
        this.broker = broker;
        this.closeInOrder = closeInOrder;
    }

    /** One access point in its own process: its own validator, the system clock. */
    public static AccessPoint start(ApConfig config) {
        return start(config, DocumentCheck.sharing(DocumentValidator::create), Clock.systemUTC());
    }

    /**
     * @param validation shared by the access points of one process (building a validator takes seconds)
     * @throws ConfigurationError naming the setting when the configuration cannot be used
     */
    public static AccessPoint start(ApConfig config, DocumentCheck validation, Clock clock) {
        Phase4Runtime.acquire();
        // closed in reverse order of creation when the start fails or the access point closes
        List<AutoCloseable> started = new ArrayList<>();
        started.add(Phase4Runtime::release);
        try {
            ApIdentity identity = loadIdentity(config, clock);
            try {
                PrivateFolders.create(config.dataDir());
            } catch (java.io.IOException e) {
                throw new ConfigurationError("data: cannot create " + config.dataDir() + ": " + e.getMessage(), e);
            }
            IAS4CryptoFactory crypto = Phase4Crypto.of(identity);
            if (config.invalidDocuments().validates()) validation.prepare();
            Optional<DocumentCheck> outboundValidation =
                    config.invalidDocuments().validates()
                            ? Optional.of(validation.waiving(config.outboundWaivedRules()))
                            : Optional.empty();
            Durability durability = config.effectiveDurability();
            Journal journal =
                    Journal.open(config.jdbcUrl().orElse(Journal.defaultJdbcUrl(config.dataDir())), durability, clock);
            started.add(journal);
            // joined before the routes start and left after they stop: peers adopt this node's work only once it idles
            NodeMembership node = NodeMembership.join(config.effectiveNodeName(), journal, clock);
            started.add(node);
            MessageFiles files = config.effectivePayloadStore() == ApConfig.PayloadStore.DATABASE
                    ? MessageFiles.inDatabase(journal, config.dataDir(), durability)
                    : new MessageFiles(config.dataDir(), durability);

            Optional<EmbeddedBroker> broker = config.brokerUrl().isPresent()
                    ? Optional.empty()
                    : Optional.of(EmbeddedBroker.start(config.dataDir(), durability, config.deliveryBackOff()));
            broker.ifPresent(started::add);
            Optional<ActiveMQConnectionFactory> external = broker.isPresent()
                    ? Optional.empty()
                    : Optional.of(externalBroker(config.externalBroker().get()));
            Routes routes = new Routes(
                    broker.map(EmbeddedBroker::connectionFactory)
                            .<ConnectionFactory>map(f -> f)
                            .orElseGet(external::get),
                    SEND_CONSUMERS);
            started.add(routes);
            // an external broker (a pair's active one) may be away while this AP runs on: /health says so
            Optional<BrokerConnectionWatch> brokerWatch =
                    external.map(factory -> new BrokerConnectionWatch(factory, Duration.ofSeconds(1)));
            brokerWatch.ifPresent(started::add);
            RequeueAfterOutage requeue = new RequeueAfterOutage(routes::brokerReachable);
            started.add(requeue);
            WorkQueue sendQueue = requeue.tolerating(routes.queue(Routes.SEND));
            WorkQueue deliveryQueue = requeue.tolerating(routes.queue(Routes.DELIVER));

            Server server = new Server();
            started.add(server::stop);
            ServerConnector connector = listener(server, config, "as4", config.bindHost(), config.port());
            ServerConnector apiConnector = listener(
                    server, config, "api", config.api().bind(), config.api().port());
            connector.open(); // binds now, so that a port chosen by the OS is known before the servlets are built
            apiConnector.open();
            String scheme = config.tls().keystore().isPresent() ? "https" : "http";
            String baseUrl =
                    config.publicUrl().orElse(scheme + "://" + config.bindHost() + ":" + connector.getLocalPort());
            String apiUrl = scheme + "://" + config.api().bind() + ":" + apiConnector.getLocalPort();
            ApiClients clients = new ApiClients(journal.database(), journal.audit(), clock);
            ClientConnections connections = clientConnections(config);

            // discovery
            Optional<EndpointResolver> smp =
                    config.smpUrl().map(url -> smpResolver(config, url, identity, connections, clock));
            Optional<ParticipantId> serviceProvider = Mls.serviceProviderId(config.id());
            ServedParticipants served = withServiceProvider(
                    config.servedParticipants().isEmpty() && smp.isPresent()
                            ? ServedParticipants.bySmp(smp.get(), identity.certificate())
                            : ServedParticipants.of(config.servedParticipants()),
                    serviceProvider);

            // receiving and delivering
            InboxDelivery inbox = new InboxDelivery(config.effectiveInbox(), durability);
            List<BackOfficeChannel> channels = new ArrayList<>(List.of(inbox));
            if (config.deliverToQueue()) channels.add(routes.backOfficeQueue());
            if (config.webhookUrl().isPresent()) {
                WebhookDelivery webhook;
                try {
                    webhook = new WebhookDelivery(config.webhookUrl().get(), connections);
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationError("webhook: " + e.getMessage(), e);
                }
                started.add(webhook);
                channels.add(webhook);
            }

            // submitting and sending
            As4Sender sender = new As4Sender(identity, crypto, endpointResolver(config, smp), connections, clock);
            started.add(sender);
            OutboundPreparation preparation =
                    new OutboundPreparation(config.id(), config.country(), clock, config.mlsType());
            // the AP signs only for the participants it is configured to serve, else those the SMP points at it, and
            // for its own service provider id (the sender of its MLS)
            ServedParticipants servedSenders = withServiceProvider(
                    config.servedParticipants().isEmpty() && smp.isPresent()
                            ? ServedParticipants.bySmp(smp.get(), identity.certificate())
                            : ServedParticipants.of(config.servedParticipants()),
                    serviceProvider);
            SubmitPipeline submissions = new SubmitPipeline(
                    preparation, outboundValidation, journal, files, sendQueue, servedSenders, clock);
            Optional<MonthlyReports> monthlyReports = monthlyReports(
                    config,
                    serviceProvider,
                    journal,
                    new PeppolReports(ReportValidator.using(validation)),
                    submissions,
                    clock);
            Optional<MlsResponder> responder =
                    serviceProvider.map(sp -> new MlsResponder(journal, submissions, sp, config.id(), clock));
            DeliverPipeline delivering = new DeliverPipeline(
                    journal,
                    node,
                    files,
                    channels,
                    deliveryQueue,
                    responder.<DeliverPipeline.AfterDelivery>map(r -> r).orElse(DeliverPipeline.AfterDelivery.NOTHING));
            ReceivePipeline receiving = new ReceivePipeline(
                    config.id(),
                    identity.trust(),
                    served,
                    journal,
                    files,
                    config.invalidDocuments(),
                    validation,
                    deliveryQueue,
                    config.maxPayloadBytes(),
                    clock,
                    responder.orElse(null));

            CertificateHealth certificates =
                    new CertificateHealth(List.of(identity.certificate()), identity.trust(), clock);
            ApMetrics metrics = new ApMetrics(
                    journal,
                    broker.isPresent() ? Routes.QUEUES : List.of(),
                    queue -> broker.map(b -> b.queueDepth(queue)).orElse(0L),
                    certificates);
            SendAttempts sending = new SendAttempts(
                    sender,
                    journal,
                    node,
                    files,
                    config.retry(),
                    config.dataDir().resolve("failures"),
                    sendQueue,
                    routes.queue(Routes.DEAD_LETTER),
                    timed -> message -> metrics.sendLatency().record(() -> timed.send(message)),
                    clock);

            // the public listener serves AS4 (and health) only; the back-office API has a listener of its own
            ServletContextHandler as4 = new ServletContextHandler();
            as4.setContextPath("/");
            as4.setVirtualHosts(List.of("@as4"));
            as4.addServlet(
                    new ServletHolder(new As4Servlet(
                            crypto,
                            new InboundAs4Processor(receiving::receive),
                            baseUrl + "/as4",
                            config.maxMessageBytes())),
                    "/as4");
            ApHealth health = new ApHealth(
                    journal,
                    () -> routes.isRunning()
                            && broker.map(EmbeddedBroker::isActive).orElse(true),
                    certificates,
                    () -> brokerWatch.map(BrokerConnectionWatch::connected).orElse(true),
                    Optional.of(node));
            OperationsServlet operations = new OperationsServlet(config.id(), health, metrics, clients);
            as4.addServlet(new ServletHolder(operations), "/health");
            ServletContextHandler api = new ServletContextHandler();
            api.setContextPath("/");
            api.setVirtualHosts(List.of("@api"));
            api.addServlet(
                    new ServletHolder(new ApiServlet(
                            submissions,
                            sending,
                            journal,
                            files,
                            clients,
                            config.api().maxBodyBytes(),
                            config.api().maxConcurrentSubmissions())),
                    "/api/v1/*");
            ServletHolder reporting =
                    new ServletHolder(new ReportingServlet(journal, files, monthlyReports, clients, config.id()));
            api.addServlet(reporting, "/api/v1/reports/*");
            api.addServlet(reporting, "/api/v1/statistics");
            api.addServlet(new ServletHolder(operations), "/health");
            api.addServlet(new ServletHolder(operations), "/metrics");
            Operators operators = new Operators(journal.database(), journal.audit(), clock);
            api.addServlet(
                    new ServletHolder(new ConsoleServlet(
                            config.id(),
                            new ConsoleActions(journal, files, sending, clients, metrics, health, validation, clock),
                            operators,
                            new ConsoleSessions(CONSOLE_IDLE_TIMEOUT, clock))),
                    "/console/*");
            server.setHandler(new ContextHandlerCollection(as4, api));
            server.start();

            responder.ifPresent(r -> r.answerOwed(files::validationReport));
            routes.consume(
                    new Routes.Handlers() {
                        @Override
                        public String submit(Submission submission) {
                            return submissions.submit(submission);
                        }

                        @Override
                        public void attemptSend(String messageId) {
                            sending.attempt(messageId);
                        }

                        @Override
                        public void deliver(String messageId, int attempt) {
                            delivering.deliver(
                                    messageId, attempt, config.deliveryBackOff().attempts());
                        }
                    },
                    Optional.of(config.effectivePickup()));
            // what gone runs left pending (this node's previous run included) is queued again; a live peer's is not
            delivering.redeliver(node.adoptPending(Direction.INBOUND, false));
            sending.requeue(node.adoptPending(Direction.OUTBOUND, false));
            requeue.start(
                    () -> {
                        delivering.redeliver(node.adoptPending(Direction.INBOUND, true));
                        sending.requeue(node.adoptPending(Direction.OUTBOUND, true));
                    },
                    OUTAGE_CHECK);
            if (journal.shared()) {
                // a peer killed between journaling and queueing leaves work only the journal knows of
                routes.every("adopt-pending", ADOPTION_CHECK, ADOPTION_CHECK, () -> {
                    delivering.redeliver(node.adoptPending(Direction.INBOUND, false));
                    sending.requeue(node.adoptPending(Direction.OUTBOUND, false));
                });
            }
            // the first check waits a little, so that a network starting together has its registrations in place
            Duration reportingCheck = config.reporting().checkEvery();
            Duration firstReportingCheck =
                    reportingCheck.compareTo(Duration.ofMinutes(1)) < 0 ? reportingCheck : Duration.ofMinutes(1);
            monthlyReports.ifPresent(
                    reports -> routes.every("monthly-reports", firstReportingCheck, reportingCheck, reports::sendDue));
            return new AccessPoint(
                    config,
                    identity,
                    baseUrl,
                    apiUrl,
                    sender,
                    preparation,
                    submissions,
                    sending,
                    clients,
                    inbox,
                    journal,
                    files,
                    broker,
                    List.copyOf(started));
        } catch (Exception e) {
            closeAll(started);
            if (e instanceof RuntimeException runtime) throw runtime;
            throw new IllegalStateException("access point " + config.id() + " failed to start: " + e.getMessage(), e);
        }
    }

    /**
     * The listener: TLS with the policy's protocols and cipher suites; plain HTTP only when the operator asked for it.
     */
    private static ServerConnector listener(Server server, ApConfig config, String name, String host, int port) {
        ServerConnector connector;
        if (config.tls().keystore().isPresent()) {
            try {
                connector = JettyTls.connector(
                        server,
                        TlsContexts.server(
                                config.tls().keystore().get(), config.tls().keystorePasswordFile()),
                        true);
            } catch (KeystoreException e) {
                throw new ConfigurationError("tls-keystore: " + e.getMessage(), e);
            }
        } else if (config.tls().insecureHttp()) {
            LoggerFactory.getLogger(AccessPoint.class)
                    .warn(
                            "access point {} listens on plain HTTP for {} (--insecure-http):"
                                    + " a lab only, never a network",
                            config.id(),
                            name);
            connector = new ServerConnector(server);
        } else {
            throw new ConfigurationError(
                    "tls-keystore: the access point listens on TLS only; give --tls-keystore "
                            + "(the dev PKI's tls-CC.p12) or, in a lab, --insecure-http",
                    null);
        }
        connector.setName(name);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        return connector;
    }

    /** The JDK's TLS anchors and the configured ones, for every server this access point connects to. */
    private static ClientConnections clientConnections(ApConfig config) {
        try {
            SSLContext tls = config.tls().truststore().isPresent()
                    ? TlsContexts.client(config.tls().truststore().get(), Optional.empty())
                    : TlsContexts.client(List.of());
            return new ClientConnections(tls, config.tls().insecureHttp());
        } catch (KeystoreException e) {
            throw new ConfigurationError("tls-truststore: " + e.getMessage(), e);
        }
    }

    /** The registry's answers count only when signed under the SMP CA, with its revocations checked. */
    private static SmpEndpointResolver smpResolver(
            ApConfig config, String url, ApIdentity identity, ClientConnections connections, Clock clock) {
        try {
            CertificateTrust signers = new CertificateTrust(
                    PemFiles.certificates(config.effectiveSmpCa()),
                    identity.trust().crls());
            return new SmpEndpointResolver(url, signers, connections, SMP_CACHE_TTL, clock);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationError("smp or smp-ca: " + e.getMessage(), e);
        }
    }

    private static ApIdentity loadIdentity(ApConfig config, Clock clock) {
        ApIdentity identity;
        try {
            CrlFiles crls = new CrlFiles(config.effectiveCrlFiles(), clock);
            identity = ApIdentity.load(
                    config.keystore(),
                    config.keystorePasswordFile(),
                    config.truststore(),
                    config.effectiveApCa(),
                    crls);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ConfigurationError("keystore, truststore or crl: " + e.getMessage(), e);
        }
        if (!identity.apId().equals(config.id())) {
            throw new ConfigurationError(
                    "id: the AP id is " + config.id() + " but the keystore's certificate is for '" + identity.apId()
                            + "'",
                    null);
        }
        return identity;
    }

    private static ActiveMQConnectionFactory externalBroker(ApConfig.ExternalBroker broker) {
        ActiveMQConnectionFactory external = new ActiveMQConnectionFactory(broker.url());
        if (broker.user().isPresent()) {
            try {
                external.setUser(broker.user().get());
                external.setPassword(
                        EmbeddedBroker.readPassword(broker.passwordFile().orElseThrow()));
            } catch (KeystoreException e) {
                throw new ConfigurationError("broker-password-file: " + e.getMessage(), e);
            }
        }
        // connect to the URL's brokers (list a cluster's as (tcp://a:61616,tcp://b:61616)), not to the topology
        // last learnt: with it, every attempt while a killed broker is down took the 2 s retry interval, one
        // attempt after the other across consumers and producers, and a submit waited behind all of them
        external.setUseTopologyForLoadBalancing(false);
        // a blocking call (a durable send, a commit, a session's creation) answers within this or fails: a
        // broker that dies mid-call then stalls a submit for seconds, not the default 30; what fails is
        // journaled already and queued again once the broker is back
        external.setCallTimeout(EXTERNAL_BROKER_CALL_TIMEOUT.toMillis());
        return external;
    }

    /** The monthly reports' sender, when a reporting receiver is configured. */
    private static Optional<MonthlyReports> monthlyReports(
            ApConfig config,
            Optional<ParticipantId> serviceProvider,
            Journal journal,
            PeppolReports reports,
            SubmitPipeline submissions,
            Clock clock) {
        Optional<ParticipantId> receiver = config.reporting().receiver();
        if (receiver.isEmpty()) return Optional.empty();
        if (serviceProvider.isEmpty()) {
            throw new ConfigurationError("reporting-receiver: access point id '" + config.id()
                    + "' has no Peppol service provider id (SG-AP-CC-NNN has), so it cannot send the reports");
        }
        return Optional.of(new MonthlyReports(
                journal, reports, submissions, serviceProvider.get(), receiver.get(), config.id(), clock));
    }

    /**
     * This access point's service provider id is served too, for what a service provider sends and receives as
     * itself: the Message Level Status and the Peppol reports, nothing else.
     */
    private static ServedParticipants withServiceProvider(
            ServedParticipants served, Optional<ParticipantId> serviceProvider) {
        if (serviceProvider.isEmpty()) return served;
        return (participant, documentType, process) -> serviceProvider.get().equals(participant)
                ? Mls.isMls(documentType) || PeppolReport.isReport(documentType)
                : served.serves(participant, documentType, process);
    }

    private static EndpointResolver endpointResolver(ApConfig config, Optional<EndpointResolver> smp) {
        Map<ParticipantId, Endpoint> routes = new HashMap<>();
        config.staticRoutes()
                .forEach((participant, route) ->
                        routes.put(participant, new Endpoint(route.url(), readCertificate(route.certificatePem()))));
        StaticEndpointResolver fixed = new StaticEndpointResolver(routes, Optional.empty());
        return smp.<EndpointResolver>map(s -> new ChainedEndpointResolver(fixed, s))
                .orElse(fixed);
    }

    static X509Certificate readCertificate(Path pem) {
        try {
            return PemFiles.certificate(pem);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationError("route: " + e.getMessage(), e);
        }
    }

    public ApConfig config() {
        return config;
    }

    public String id() {
        return identity.apId();
    }

    public X509Certificate certificate() {
        return identity.certificate();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String as4Url() {
        return baseUrl + "/as4";
    }

    /** The back-office API's listener, e.g. {@code https://127.0.0.1:8444}; its resources are under {@code /api/v1}. */
    public String apiUrl() {
        return apiUrl;
    }

    /** The API clients: who may call the back-office API, with which participants. */
    public ApiClients clients() {
        return clients;
    }

    /** The AS4 sender alone, for sending a prepared message without the journal (the conformance kit). */
    public MessageSender as4Sender() {
        return sender;
    }

    public OutboundPreparation preparation() {
        return preparation;
    }

    /** The back office's way in, as the REST API, the JMS entry and the pickup folder use it. */
    public SubmitPipeline submissions() {
        return submissions;
    }

    public SendAttempts sending() {
        return sending;
    }

    public InboxDelivery inbox() {
        return inbox;
    }

    public Journal journal() {
        return journal;
    }

    public MessageFiles files() {
        return files;
    }

    /** The embedded broker, unless an external one is configured. */
    public Optional<EmbeddedBroker> broker() {
        return broker;
    }

    @Override
    public void close() {
        closeAll(closeInOrder);
    }

    private static void closeAll(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(AccessPoint.class)
                        .warn("stopping a part of the access point failed", e);
            }
        }
    }

    /** A setting that cannot be used, named in the message; the command line exits with 2. */
    public static final class ConfigurationError extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ConfigurationError(String message, Throwable cause) {
            super(message, cause);
        }

        ConfigurationError(String message) {
            super(message);
        }
    }
}
