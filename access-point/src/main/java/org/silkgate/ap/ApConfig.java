package org.silkgate.ap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.silkgate.ap.broker.DeliveryBackOff;
import org.silkgate.ap.files.Durability;
import org.silkgate.ap.model.Mls;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.outbound.RetryPolicy;
import org.silkgate.ap.validation.InvalidDocumentPolicy;

/**
 * Everything an access point needs to start; immutable and checked when built, each problem naming its setting. Long
 * because it holds one component, one check and one {@code with…} method per setting, all in one place.
 * {@link #of} fills the defaults, the {@code with…} methods change one setting.
 *
 * @param id the AP id; must equal the CN of the keystore's certificate ({@code SG-AP-KZ-001})
 * @param country ISO 3166 alpha-2 code of the operator (the C1 country of documents sent from here)
 * @param port HTTP port, 0 for any free port
 * @param bindHost interface to listen on
 * @param publicUrl base URL other access points reach this one at; default {@code http://bindHost:port}
 * @param smpUrl the SMP registry's base URL (endpoint discovery, served participants)
 * @param crlFiles CRLs checked against; empty means every {@code *.crl} beside the trust store
 * @param dataDir journal, payloads, receipts and broker data live here
 * @param externalBroker an external Artemis broker instead of the embedded one
 * @param jdbcUrl journal database; default an H2 file under {@code dataDir}
 * @param inboxDir folder delivery to the back office; default {@code dataDir/inbox}
 * @param servedParticipants participants this AP receives for; empty means whatever the SMP points at it
 * @param staticRoutes receiver participant → fixed endpoint, consulted before the SMP
 * @param invalidDocuments whether documents are validated, and what to do with an inbound one that fails
 * @param retry back-off for transient send failures
 * @param deliverToQueue also put each received document on the broker queue {@code silkgate.inbound}
 * @param webhookUrl also POST each received document to this back-office URL (retried until it answers 2xx)
 * @param deliveryBackOff how a failed delivery to the back office is tried again
 * @param maxMessageBytes the largest AS4 request read
 * @param maxPayloadBytes the largest payload read once decompressed
 * @param durability what stored messages survive; default {@link #effectiveDurability}
 * @param tls the TLS listener and what the access point trusts as a TLS client
 * @param apCa PEM with the CA every peer access point's certificate must chain to; default {@code ap-ca.pem} beside
 *        the trust store
 * @param smpCa PEM with the CA the SMP's signing certificate must chain to; default {@code smp-ca.pem} beside the
 *        trust store
 * @param api the back-office API's own listener
 * @param mlsType the Peppol Message Level Status every document sent from here asks for
 * @param reporting where and how often the monthly Peppol reports are sent
 * @param outboundWaivedRules rule ids this access point does not enforce on the documents it sends (their findings
 *        become warnings); the receiving access point may still enforce them
 * @param node this process as one node of the access point, and where the nodes keep payloads and receipts
 */
public record ApConfig(
        String id,
        String country,
        int port,
        String bindHost,
        Optional<String> publicUrl,
        Optional<String> smpUrl,
        Path keystore,
        Optional<Path> keystorePasswordFile,
        Path truststore,
        List<Path> crlFiles,
        Path dataDir,
        Optional<ExternalBroker> externalBroker,
        Optional<String> jdbcUrl,
        Optional<Path> inboxDir,
        Set<ParticipantId> servedParticipants,
        Map<ParticipantId, StaticRoute> staticRoutes,
        InvalidDocumentPolicy invalidDocuments,
        RetryPolicy retry,
        boolean deliverToQueue,
        Optional<String> webhookUrl,
        DeliveryBackOff deliveryBackOff,
        long maxMessageBytes,
        long maxPayloadBytes,
        Optional<Durability> durability,
        Tls tls,
        Optional<Path> apCa,
        Optional<Path> smpCa,
        Api api,
        Mls.Type mlsType,
        Reporting reporting,
        Set<String> outboundWaivedRules,
        Node node) {

    /**
     * The largest AS4 message (the whole MIME request) the access point reads: 100 MiB, far above any business
     * document and far below what would strain a server. Larger requests are refused with HTTP 413 unread.
     */
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 100L * 1024 * 1024;

    /** The largest payload once decompressed: a compressed payload may be far smaller on the wire than in memory. */
    public static final long DEFAULT_MAX_PAYLOAD_BYTES = 100L * 1024 * 1024;

    /**
     * @param keystore the TLS server key and certificate of the listener; without it the access point refuses to
     *        start unless {@code insecureHttp}
     * @param truststore TLS anchors added to the JDK's for the servers this access point connects to (other access
     *        points, the SMP, the webhook): PEM or PKCS#12
     * @param insecureHttp plain HTTP allowed, listening and connecting (a lab; never on a network)
     */
    public record Tls(
            Optional<Path> keystore,
            Optional<Path> keystorePasswordFile,
            Optional<Path> truststore,
            boolean insecureHttp) {
        public static final Tls NONE = new Tls(Optional.empty(), Optional.empty(), Optional.empty(), false);

        public static Tls of(Path keystore, Path truststore) {
            return new Tls(Optional.of(keystore), Optional.empty(), Optional.of(truststore), false);
        }
    }

    /**
     * The back-office API's listener, apart from the public AS4 one so that it can stay on an internal interface.
     *
     * @param port 0 for any free port
     * @param bind the interface, {@code 127.0.0.1} unless the back offices are elsewhere
     * @param maxBodyBytes the largest submission read (413 beyond)
     * @param maxConcurrentSubmissions submissions read at once (429 beyond): with the body limit, the API's memory
     */
    /**
     * The monthly Peppol reports (TSR, EUSR): sent to {@code receiver}, the network's reporting receiver (the CAREC
     * Secretariat); without one nothing is sent and {@code ap report} writes them to files instead.
     *
     * @param checkEvery how often the schedule looks whether last month's reports are still to be sent
     */
    public record Reporting(Optional<ParticipantId> receiver, Duration checkEvery) {
        public static final Reporting NONE = new Reporting(Optional.empty(), Duration.ofHours(1));

        public Reporting {
            if (checkEvery.isNegative() || checkEvery.isZero())
                throw new IllegalArgumentException("reporting-check: must be positive, got " + checkEvery);
        }
    }

    public record Api(int port, String bind, int maxBodyBytes, int maxConcurrentSubmissions) {
        public static final Api DEFAULT = new Api(0, "127.0.0.1", 50 * 1024 * 1024, 16);

        public Api {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("api-port: " + port + " is out of range");
            if (maxBodyBytes <= 0) throw new IllegalArgumentException("max-submission-bytes: must be positive");
            if (maxConcurrentSubmissions <= 0)
                throw new IllegalArgumentException("max-concurrent-submissions: must be positive");
        }
    }

    /**
     * A broker in another process, such as one run by {@code ap broker}.
     *
     * @param url its Core URL: {@code tcp://host:61616}, with TLS
     *        {@code tcp://host:61616?sslEnabled=true&trustStorePath=…&trustStorePassword=…&trustStoreType=PKCS12&verifyHost=true}
     * @param user the user the access point connects as
     * @param passwordFile its password, the file's first line; given exactly when {@code user} is
     */
    public record ExternalBroker(String url, Optional<String> user, Optional<Path> passwordFile) {
        public ExternalBroker {
            if (url == null || url.isBlank()) throw new IllegalArgumentException("broker: the URL is empty");
            if (user.isPresent() != passwordFile.isPresent()) {
                throw new IllegalArgumentException("broker-user and broker-password-file: give both or neither");
            }
        }

        public static ExternalBroker of(String url) {
            return new ExternalBroker(url, Optional.empty(), Optional.empty());
        }
    }

    /** Where payloads, receipts and validation reports are kept. */
    public enum PayloadStore {
        /** Files under the data folder: one node. */
        FILES,
        /** The journal's database: every node reads what any stored. */
        DATABASE
    }

    /**
     * This process among the nodes of one access point (same id, key, journal and broker).
     *
     * @param name unique per node of the access point; default the host name
     * @param payloadStore default {@link PayloadStore#DATABASE} with a PostgreSQL journal (nodes share it), else files
     */
    public record Node(Optional<String> name, Optional<PayloadStore> payloadStore) {
        public static final Node DEFAULT = new Node(Optional.empty(), Optional.empty());

        public Node {
            name.ifPresent(n -> {
                if (!n.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
                    throw new IllegalArgumentException(
                            "node: '" + n + "' must be 1-100 letters, digits, '.', '_' or '-'");
                }
            });
        }
    }

    /** The node's name, else this host's name. */
    public String effectiveNodeName() {
        return node.name().orElseGet(() -> {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                return "node";
            }
        });
    }

    public PayloadStore effectivePayloadStore() {
        return node.payloadStore().orElse(postgresJournal() ? PayloadStore.DATABASE : PayloadStore.FILES);
    }

    private boolean postgresJournal() {
        return jdbcUrl.filter(url -> url.startsWith("jdbc:postgresql:")).isPresent();
    }

    /** A fixed endpoint: the receiving AP's AS4 URL and its certificate (PEM file). */
    public record StaticRoute(String url, Path certificatePem) {}

    public ApConfig {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("id: the AP id is missing");
        if (country == null || !country.matches("[A-Za-z]{2}")) {
            throw new IllegalArgumentException("country: must be an ISO 3166 alpha-2 code, got '" + country + "'");
        }
        country = country.toUpperCase(Locale.ROOT);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port: " + port + " is out of range");
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("max-message-bytes: must be positive, got " + maxMessageBytes);
        }
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("max-payload-bytes: must be positive, got " + maxPayloadBytes);
        }
        publicUrl.ifPresent(url -> requireHttpUrl("public-url", url));
        smpUrl.ifPresent(url -> requireHttpUrl("smp", url));
        webhookUrl.ifPresent(url -> requireHttpUrl("webhook", url));
        staticRoutes.forEach((participant, route) -> requireHttpUrl("route " + participant, route.url()));
        if (mlsType == null) throw new IllegalArgumentException("mls-type: ALWAYS_SEND or FAILURE_ONLY");
        if (reporting == null) reporting = Reporting.NONE;
        outboundWaivedRules = outboundWaivedRules == null ? Set.of() : Set.copyOf(outboundWaivedRules);
        if (node == null) node = Node.DEFAULT;
        crlFiles = List.copyOf(crlFiles);
        servedParticipants = Set.copyOf(servedParticipants);
        staticRoutes = Map.copyOf(staticRoutes);
    }

    public static ApConfig of(String id, String country, Path keystore, Path truststore, Path dataDir) {
        return new ApConfig(
                id,
                country,
                0,
                "127.0.0.1",
                Optional.empty(),
                Optional.empty(),
                keystore,
                Optional.empty(),
                truststore,
                List.of(),
                dataDir,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Set.of(),
                Map.of(),
                InvalidDocumentPolicy.REJECT,
                RetryPolicy.DEFAULT,
                false,
                Optional.empty(),
                DeliveryBackOff.DEFAULT,
                DEFAULT_MAX_MESSAGE_BYTES,
                DEFAULT_MAX_PAYLOAD_BYTES,
                Optional.empty(),
                Tls.NONE,
                Optional.empty(),
                Optional.empty(),
                Api.DEFAULT,
                Mls.Type.ALWAYS_SEND,
                Reporting.NONE,
                Set.of(),
                Node.DEFAULT);
    }

    public ApConfig withPort(int newPort) {
        return with(b -> b.port = newPort);
    }

    public ApConfig withPublicUrl(String url) {
        return with(b -> b.publicUrl = Optional.of(url));
    }

    public ApConfig withSmpUrl(String url) {
        return with(b -> b.smpUrl = Optional.of(url));
    }

    public ApConfig withKeystore(Path newKeystore, Optional<Path> passwordFile) {
        return with(b -> {
            b.keystore = newKeystore;
            b.keystorePasswordFile = passwordFile;
        });
    }

    public ApConfig withJdbcUrl(String url) {
        return with(b -> b.jdbcUrl = Optional.of(url));
    }

    public ApConfig withBrokerUrl(String url) {
        return withExternalBroker(ExternalBroker.of(url));
    }

    public ApConfig withExternalBroker(ExternalBroker broker) {
        return with(b -> b.externalBroker = Optional.of(broker));
    }

    /** The external broker's URL, if there is one. */
    public Optional<String> brokerUrl() {
        return externalBroker.map(ExternalBroker::url);
    }

    public ApConfig withInbox(Path inbox) {
        return with(b -> b.inboxDir = Optional.of(inbox));
    }

    public ApConfig withServedParticipants(Set<ParticipantId> participants) {
        return with(b -> b.servedParticipants = participants);
    }

    public ApConfig withStaticRoutes(Map<ParticipantId, StaticRoute> routes) {
        return with(b -> b.staticRoutes = routes);
    }

    public ApConfig withInvalidDocuments(InvalidDocumentPolicy policy) {
        return with(b -> b.invalidDocuments = policy);
    }

    public ApConfig withRetry(RetryPolicy policy) {
        return with(b -> b.retry = policy);
    }

    public ApConfig withBackOfficeDelivery(boolean toQueue, Optional<String> webhook) {
        return with(b -> {
            b.deliverToQueue = toQueue;
            b.webhookUrl = webhook;
        });
    }

    public ApConfig withDeliveryBackOff(DeliveryBackOff backOff) {
        return with(b -> b.deliveryBackOff = backOff);
    }

    public ApConfig withMaxMessageBytes(long bytes) {
        return with(b -> b.maxMessageBytes = bytes);
    }

    public ApConfig withMaxPayloadBytes(long bytes) {
        return with(b -> b.maxPayloadBytes = bytes);
    }

    public ApConfig withDurability(Durability value) {
        return with(b -> b.durability = Optional.of(value));
    }

    public ApConfig withTls(Tls value) {
        return with(b -> b.tls = value);
    }

    public ApConfig withMlsType(Mls.Type value) {
        return with(b -> b.mlsType = value);
    }

    public ApConfig withOutboundWaivedRules(Set<String> ruleIds) {
        return with(b -> b.outboundWaivedRules = ruleIds);
    }

    public ApConfig withReporting(Reporting value) {
        return with(b -> b.reporting = value);
    }

    public ApConfig withNode(Node value) {
        return with(b -> b.node = value);
    }

    public ApConfig withApi(Api value) {
        return with(b -> b.api = value);
    }

    /** Plain HTTP, listening and connecting: for a lab only. */
    public ApConfig withInsecureHttp() {
        return with(b -> b.tls = new Tls(b.tls.keystore(), b.tls.keystorePasswordFile(), b.tls.truststore(), true));
    }

    public Path effectiveApCa() {
        return apCa.orElse(truststore.toAbsolutePath().resolveSibling("ap-ca.pem"));
    }

    public Path effectiveSmpCa() {
        return smpCa.orElse(truststore.toAbsolutePath().resolveSibling("smp-ca.pem"));
    }

    /**
     * The durability asked for, else what the journal database gives: an H2 file (the embedded default) does not
     * sync its commits, so {@code PROCESS_CRASH}; PostgreSQL, the production database, syncs them, so
     * {@code POWER_LOSS}, and files and broker are synced to match.
     */
    public Durability effectiveDurability() {
        return durability.orElse(postgresJournal() ? Durability.POWER_LOSS : Durability.PROCESS_CRASH);
    }

    /** The configured CRLs, or every {@code *.crl} beside the trust store. */
    public List<Path> effectiveCrlFiles() {
        if (!crlFiles.isEmpty()) return crlFiles;
        Path folder = truststore.toAbsolutePath().getParent();
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(".crl"))
                    .sorted()
                    .toList();
            if (found.isEmpty())
                throw new IllegalArgumentException("crl: no *.crl file beside the trust store in " + folder);
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    public Path effectiveInbox() {
        return inboxDir.orElse(dataDir.resolve("inbox"));
    }

    /** The folder back offices drop outbound documents into: {@code dataDir/outbox}. */
    public Path effectivePickup() {
        return dataDir.resolve("outbox");
    }

    private static void requireHttpUrl(String setting, String url) {
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException(setting + ": '" + url + "' is not an http(s) URL with a host");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(setting + ": '" + url + "' is not a URL: " + e.getMessage(), e);
        }
    }

    private ApConfig with(Consumer<Builder> change) {
        Builder builder = new Builder(this);
        change.accept(builder);
        return builder.build();
    }

    /** One setting changed, the others kept: what the {@code with…} methods share. */
    private static final class Builder {
        String id;
        String country;
        int port;
        String bindHost;
        Optional<String> publicUrl;
        Optional<String> smpUrl;
        Path keystore;
        Optional<Path> keystorePasswordFile;
        Path truststore;
        List<Path> crlFiles;
        Path dataDir;
        Optional<ExternalBroker> externalBroker;
        Optional<String> jdbcUrl;
        Optional<Path> inboxDir;
        Set<ParticipantId> servedParticipants;
        Map<ParticipantId, StaticRoute> staticRoutes;
        InvalidDocumentPolicy invalidDocuments;
        RetryPolicy retry;
        boolean deliverToQueue;
        Optional<String> webhookUrl;
        DeliveryBackOff deliveryBackOff;
        long maxMessageBytes;
        long maxPayloadBytes;
        Optional<Durability> durability;
        Tls tls;
        Optional<Path> apCa;
        Optional<Path> smpCa;
        Api api;
        Mls.Type mlsType;
        Reporting reporting;
        Set<String> outboundWaivedRules;
        Node node;

        Builder(ApConfig c) {
            id = c.id;
            country = c.country;
            port = c.port;
            bindHost = c.bindHost;
            publicUrl = c.publicUrl;
            smpUrl = c.smpUrl;
            keystore = c.keystore;
            keystorePasswordFile = c.keystorePasswordFile;
            truststore = c.truststore;
            crlFiles = c.crlFiles;
            dataDir = c.dataDir;
            externalBroker = c.externalBroker;
            jdbcUrl = c.jdbcUrl;
            inboxDir = c.inboxDir;
            servedParticipants = c.servedParticipants;
            staticRoutes = c.staticRoutes;
            invalidDocuments = c.invalidDocuments;
            retry = c.retry;
            deliverToQueue = c.deliverToQueue;
            webhookUrl = c.webhookUrl;
            deliveryBackOff = c.deliveryBackOff;
            maxMessageBytes = c.maxMessageBytes;
            maxPayloadBytes = c.maxPayloadBytes;
            durability = c.durability;
            tls = c.tls;
            apCa = c.apCa;
            smpCa = c.smpCa;
            api = c.api;
            mlsType = c.mlsType;
            reporting = c.reporting;
            outboundWaivedRules = c.outboundWaivedRules;
            node = c.node;
        }

        ApConfig build() {
            return new ApConfig(
                    id,
                    country,
                    port,
                    bindHost,
                    publicUrl,
                    smpUrl,
                    keystore,
                    keystorePasswordFile,
                    truststore,
                    crlFiles,
                    dataDir,
                    externalBroker,
                    jdbcUrl,
                    inboxDir,
                    servedParticipants,
                    staticRoutes,
                    invalidDocuments,
                    retry,
                    deliverToQueue,
                    webhookUrl,
                    deliveryBackOff,
                    maxMessageBytes,
                    maxPayloadBytes,
                    durability,
                    tls,
                    apCa,
                    smpCa,
                    api,
                    mlsType,
                    reporting,
                    outboundWaivedRules,
                    node);
        }
    }
}
