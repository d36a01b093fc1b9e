package org.silkgate.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.silkgate.ap.AccessPoint;
import org.silkgate.ap.ApConfig;
import org.silkgate.ap.clients.ApiClient;
import org.silkgate.ap.model.DocumentIdentifiers;
import org.silkgate.ap.model.Mls;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.validation.DocumentCheck;
import org.silkgate.ap.validation.InvalidDocumentPolicy;
import org.silkgate.pki.DevPki;
import org.silkgate.pki.PkiOptions;
import org.silkgate.security.Keystores;
import org.silkgate.smp.SmpConfig;
import org.silkgate.smp.SmpServer;
import org.silkgate.validation.DocumentTypeRegistry;
import org.silkgate.validation.DocumentValidator;

/**
 * The three-country network of docs/network.md, in this process on 127.0.0.1: a fresh development PKI, the SMP
 * registry and the access points of Kazakhstan, Azerbaijan and Georgia, each a real server on its own free port,
 * with every participant registered through the registry's management API over HTTPS. Everything speaks TLS: the
 * registry presents {@code tls-smp.p12}, each access point {@code tls-CC.p12}; the access points and every client
 * here trust the dev root ({@code tls-truststore.p12}) and check host names. The demo and the conformance suite
 * start it the same way.
 */
public final class DemoNetwork implements AutoCloseable {
    /** The registry account the network's operator registers participants with. */
    public static final String OPERATOR = "silkgate-operator";

    private static final int REGISTRATION_WRITERS = 4;

    private final Path dataDir;
    private final Path pkiDir;
    private final SmpServer registry;
    private final Map<String, AccessPoint> accessPoints;
    private final RegistryClient registryClient;
    private final SSLContext clientTls;
    private final char[] operatorPassword;
    private final int registrations;

    private DemoNetwork(
            Path dataDir,
            Path pkiDir,
            SmpServer registry,
            Map<String, AccessPoint> accessPoints,
            RegistryClient registryClient,
            SSLContext clientTls,
            char[] operatorPassword,
            int registrations) {
        this.dataDir = dataDir;
        this.pkiDir = pkiDir;
        this.clientTls = clientTls;
        this.registry = registry;
        this.accessPoints = Collections.unmodifiableMap(accessPoints);
        this.registryClient = registryClient;
        this.operatorPassword = operatorPassword;
        this.registrations = registrations;
    }

    /**
     * Creates the PKI, starts the registry and the access points in parallel and registers the participants.
     *
     * @param progress receives one line per step, for people watching
     */
    public static DemoNetwork start(NetworkOptions options, Consumer<String> progress) {
        Path dataDir = options.dataDir().toAbsolutePath();
        Path pkiDir = dataDir.resolve("pki");
        // Its own threads: the common pool has a single thread on a two-core machine.
        ExecutorService starters =
                Executors.newFixedThreadPool(1 + Participants.COUNTRIES.size(), daemon("network-start"));
        // Key generation keeps one core busy; the access points' shared validator compiles its rules on another
        // meanwhile (each access point would otherwise build it first thing at start).
        DocumentCheck validation = DocumentCheck.sharing(DocumentValidator::create);
        CompletableFuture<Void> validator = CompletableFuture.runAsync(validation::prepare, starters);
        try {
            Files.createDirectories(dataDir);
            DevPki.init(new PkiOptions(
                    pkiDir, Participants.COUNTRIES, PkiOptions.DEFAULT_VALIDITY_DAYS, Optional.empty(), false));
        } catch (IOException e) {
            starters.shutdown();
            throw new UncheckedIOException("cannot create " + dataDir, e);
        } catch (Exception e) {
            starters.shutdown();
            throw new IllegalStateException(
                    "cannot create the development PKI in " + pkiDir + ": " + e.getMessage(), e);
        }
        progress.accept("development PKI created in " + pkiDir);

        // The access points are configured with the registry's URL, so its port is chosen before anything starts.
        int registryPort = freeLoopbackPort();
        String registryUrl = "https://127.0.0.1:" + registryPort;
        CompletableFuture<SmpServer> registryStart = CompletableFuture.supplyAsync(
                () -> {
                    SmpServer server =
                            SmpServer.start(SmpConfig.defaults(dataDir.resolve("registry"), pkiDir.resolve("smp.p12"))
                                    .withPort(registryPort)
                                    .withTls(PkiTls.registryKeystore(pkiDir), null));
                    progress.accept("SMP registry listening at " + server.baseUrl());
                    return server;
                },
                starters);
        Map<String, CompletableFuture<AccessPoint>> apStarts = new LinkedHashMap<>();
        for (String country : Participants.COUNTRIES) {
            ApConfig config = options.apConfig().apply(accessPointConfig(country, pkiDir, dataDir, registryUrl));
            apStarts.put(
                    country,
                    CompletableFuture.supplyAsync(
                            () -> {
                                AccessPoint ap = AccessPoint.start(config, validation, Clock.systemUTC());
                                progress.accept("access point " + ap.id() + " listening at " + ap.baseUrl());
                                return ap;
                            },
                            starters));
        }

        List<AutoCloseable> started = new ArrayList<>();
        RuntimeException failure = null;
        SmpServer registry = null;
        Map<String, AccessPoint> accessPoints = new LinkedHashMap<>();
        try {
            registry = registryStart.join();
            started.add(registry);
        } catch (CompletionException e) {
            failure = unwrap(e, "the SMP registry");
        }
        for (Map.Entry<String, CompletableFuture<AccessPoint>> start : apStarts.entrySet()) {
            try {
                AccessPoint ap = start.getValue().join();
                accessPoints.put(start.getKey(), ap);
                started.add(ap);
            } catch (CompletionException e) {
                RuntimeException cause = unwrap(e, "access point " + Participants.apId(start.getKey()));
                if (failure == null) failure = cause;
                else failure.addSuppressed(cause);
            }
        }
        starters.shutdown();
        validator
                .exceptionally(failed -> null)
                .join(); // a failure shows again, with its cause, in the access points' start
        try {
            if (failure != null) throw failure;
            char[] password = newPassword();
            registry.users().add(OPERATOR, password);
            SSLContext clientTls = PkiTls.clientContext(pkiDir);
            RegistryClient client = new RegistryClient(registry.baseUrl(), OPERATOR, password, clientTls);
            int registered = register(client, accessPoints, options.story());
            progress.accept("registered " + Participants.ALL.size() + " participants and " + registered
                    + " document types through " + registry.baseUrl());
            return new DemoNetwork(dataDir, pkiDir, registry, accessPoints, client, clientTls, password, registered);
        } catch (RuntimeException | java.sql.SQLException e) {
            closeAll(started);
            if (e instanceof RuntimeException runtime) throw runtime;
            throw new IllegalStateException("cannot create the registry operator: " + e.getMessage(), e);
        }
    }

    /**
     * The configuration of one country's access point: its key, the shared trust store, its TLS listener
     * ({@code tls-CC.p12}) and TLS anchor (the dev root), the registry, whom it serves, the reporting receiver its
     * monthly Peppol reports go to. Kazakhstan waives the rules of {@link DemoStory#KAZAKHSTAN_WAIVES} on what it
     * sends; Georgia answers an invalid document with an MLS RE instead of an AS4 error.
     */
    static ApConfig accessPointConfig(String country, Path pkiDir, Path dataDir, String registryUrl) {
        Set<ParticipantId> served = Participants.servedIn(country).stream()
                .flatMap(p -> p.identifiers().stream())
                .map(ParticipantId::parse)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return ApConfig.of(
                        Participants.apId(country),
                        country,
                        pkiDir.resolve("ap-" + country + ".p12"),
                        pkiDir.resolve(Keystores.TRUSTSTORE_FILE),
                        dataDir.resolve("ap-" + country))
                .withTls(ApConfig.Tls.of(PkiTls.accessPointKeystore(pkiDir, country), PkiTls.truststore(pkiDir)))
                .withSmpUrl(registryUrl)
                .withServedParticipants(served)
                .withReporting(new ApConfig.Reporting(
                        Optional.of(ParticipantId.parse(Participants.SECRETARIAT.primaryIdentifier())),
                        Duration.ofHours(1)))
                .withOutboundWaivedRules(country.equals("KZ") ? DemoStory.KAZAKHSTAN_WAIVES : Set.of())
                .withInvalidDocuments(
                        country.equals("GE") ? InvalidDocumentPolicy.RESPOND : InvalidDocumentPolicy.REJECT);
    }

    /**
     * A service group for every identifier of every participant, then service metadata for each document type a
     * participant receives in the story, pointing at its country's access point. The PUTs of each step go in
     * parallel: each is a small signed write that waits mostly on the registry's database.
     *
     * @return the number of service metadata registrations of the story's receivers (the access points' own, for
     *     Message Level Status, come on top)
     */
    private static int register(
            RegistryClient client, Map<String, AccessPoint> accessPoints, List<StoryDocument> story) {
        List<Runnable> serviceGroups = new ArrayList<>();
        for (Participant participant : Participants.ALL) {
            for (String id : participant.identifiers()) {
                serviceGroups.add(() -> client.putServiceGroup(id, participant.name(), participant.country()));
            }
        }
        // each access point's service provider id receives the Message Level Status the others send back to it
        DocumentIdentifiers mls = new DocumentIdentifiers(
                "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2",
                "ApplicationResponse",
                Mls.CUSTOMIZATION,
                "2.1",
                Mls.PROFILE);
        List<Runnable> statusReceivers = new ArrayList<>();
        for (AccessPoint ap : accessPoints.values()) {
            Mls.serviceProviderId(ap.id()).ifPresent(sp -> {
                serviceGroups.add(() -> client.putServiceGroup(
                        sp.value(), ap.id() + " (service provider)", ap.config().country()));
                statusReceivers.add(() -> client.putServiceMetadata(sp.value(), mls, ap.as4Url(), ap.certificate()));
            });
        }
        // the secretariat receives every access point's monthly reports
        AccessPoint secretariatAp = accessPoints.get(Participants.SECRETARIAT.country());
        for (DocumentIdentifiers report : List.of(REPORT_TSR, REPORT_EUSR)) {
            statusReceivers.add(() -> client.putServiceMetadata(
                    Participants.SECRETARIAT.primaryIdentifier(),
                    report,
                    secretariatAp.as4Url(),
                    secretariatAp.certificate()));
        }
        Map<String, Runnable> serviceMetadata = new LinkedHashMap<>();
        for (StoryDocument document : story) {
            if (!document.shouldArrive()) continue;
            DocumentIdentifiers ids = DocumentIdentifiers.of(document.content());
            AccessPoint receiving = accessPoints.get(document.to().country());
            serviceMetadata.putIfAbsent(
                    document.receiverId() + " " + ids.documentType(),
                    () -> client.putServiceMetadata(
                            document.receiverId(), ids, receiving.as4Url(), receiving.certificate()));
        }
        ExecutorService writers = Executors.newFixedThreadPool(REGISTRATION_WRITERS, daemon("network-register"));
        try {
            runAll(serviceGroups, writers);
            runAll(List.copyOf(serviceMetadata.values()), writers);
            runAll(statusReceivers, writers);
        } finally {
            writers.shutdown();
        }
        return serviceMetadata.size();
    }

    private static final DocumentIdentifiers REPORT_TSR = new DocumentIdentifiers(
            DocumentTypeRegistry.PEPPOL_TSR_NAMESPACE,
            "TransactionStatisticsReport",
            DocumentTypeRegistry.PEPPOL_TSR_CUSTOMIZATION,
            "1.0",
            DocumentTypeRegistry.PEPPOL_REPORTING_PROFILE);
    private static final DocumentIdentifiers REPORT_EUSR = new DocumentIdentifiers(
            DocumentTypeRegistry.PEPPOL_EUSR_NAMESPACE,
            "EndUserStatisticsReport",
            DocumentTypeRegistry.PEPPOL_EUSR_CUSTOMIZATION,
            "1.1",
            DocumentTypeRegistry.PEPPOL_REPORTING_PROFILE);

    private static void runAll(List<Runnable> tasks, ExecutorService executor) {
        List<CompletableFuture<Void>> running =
                tasks.stream().map(t -> CompletableFuture.runAsync(t, executor)).toList();
        RuntimeException failure = null;
        for (CompletableFuture<Void> task : running) {
            try {
                task.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                if (failure == null) failure = cause;
                else failure.addSuppressed(cause);
            }
        }
        if (failure != null) throw failure;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path pkiDir() {
        return pkiDir;
    }

    public SmpServer registry() {
        return registry;
    }

    public RegistryClient registryClient() {
        return registryClient;
    }

    /** The password of the registry account {@link #OPERATOR}, generated for this network. */
    public char[] operatorPassword() {
        return operatorPassword.clone();
    }

    /** The number of (participant, document type) registrations made at start. */
    public int registrations() {
        return registrations;
    }

    /** Country code → running access point, in start order. */
    public Map<String, AccessPoint> accessPoints() {
        return accessPoints;
    }

    public AccessPoint accessPoint(String country) {
        AccessPoint ap = accessPoints.get(country);
        if (ap == null)
            throw new IllegalArgumentException("the network has no access point for country '" + country + "'");
        return ap;
    }

    /**
     * A back office's client of the access point that serves this participant (over TLS, trusting the dev root), as
     * an API client of that access point acting for the participant's identifiers; created on first use.
     */
    public AccessPointClient clientFor(Participant participant) {
        AccessPoint ap = accessPoint(participant.country());
        String token = backOfficeTokens.computeIfAbsent(
                participant.identifiers().get(0),
                first -> ap.clients()
                        .add(
                                new ApiClient(
                                        first.replace(':', '-') + "-back-office",
                                        participant.identifiers().stream()
                                                .map(ParticipantId::parse)
                                                .collect(Collectors.toSet()),
                                        false),
                                "demo"));
        return new AccessPointClient(ap.apiUrl(), token, clientTls);
    }

    /** An operator's token for an access point of the network (what a national operator signs in with). */
    public String operatorToken(String country) {
        AccessPoint ap = accessPoint(country);
        return operatorTokens.computeIfAbsent(
                country,
                c -> ap.clients()
                        .add(
                                new ApiClient("operator-" + c.toLowerCase(java.util.Locale.ROOT), Set.of(), true),
                                "demo"));
    }

    private final Map<String, String> backOfficeTokens = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> operatorTokens = new java.util.concurrent.ConcurrentHashMap<>();

    /** The console operator every access point of the demo has ({@link #consolePassword}). */
    public static final String CONSOLE_OPERATOR = "operator";

    private final Map<String, char[]> consolePasswords = new java.util.concurrent.ConcurrentHashMap<>();

    /** The password of {@link #CONSOLE_OPERATOR} at the country's access point, created on first use. */
    public String consolePassword(String country) {
        AccessPoint ap = accessPoint(country);
        return new String(consolePasswords.computeIfAbsent(country, c -> {
            char[] password = newPassword();
            new org.silkgate.ap.clients.Operators(
                            ap.journal().database(), ap.journal().audit(), Clock.systemUTC())
                    .add(CONSOLE_OPERATOR, password, "demo");
            return password;
        }));
    }

    /** The TLS client context of the network's clients: the JDK's anchors plus the dev root. */
    public SSLContext clientTls() {
        return clientTls;
    }

    /** Where the receiving access point puts the document of this message for the back office. */
    public Path inboxDocument(StoryDocument document, String messageId) {
        return accessPoint(document.to().country())
                .inbox()
                .documentPath(ParticipantId.parse(document.receiverId()), messageId);
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(accessPoints.values());
        all.add(registry);
        closeAll(all);
    }

    /** Stops the access points in parallel, then the registry; the first failure is thrown after all are stopped. */
    private static void closeAll(List<AutoCloseable> servers) {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        ExecutorService stoppers = Executors.newFixedThreadPool(Math.max(1, servers.size()), daemon("network-stop"));
        AutoCloseable registry = null;
        for (AutoCloseable server : servers) {
            if (server instanceof SmpServer) {
                registry = server;
                continue;
            }
            stops.add(CompletableFuture.runAsync(() -> closeQuietly(server), stoppers));
        }
        stops.forEach(CompletableFuture::join);
        stoppers.shutdown();
        if (registry != null) closeQuietly(registry);
    }

    private static void closeQuietly(AutoCloseable server) {
        try {
            server.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(DemoNetwork.class).warn("stopping {} failed", server, e);
        }
    }

    private static RuntimeException unwrap(CompletionException e, String what) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return new IllegalStateException(what + " failed to start: " + cause.getMessage(), cause);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static char[] newPassword() {
        SecureRandom random = new SecureRandom();
        char[] password = new char[24];
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        for (int i = 0; i < password.length; i++) password[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        return password;
    }
}
