package org.silkgate.ap;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.silkgate.ap.as4.Phase4Runtime;
import org.silkgate.ap.broker.DeliveryBackOff;
import org.silkgate.ap.broker.EmbeddedBroker;
import org.silkgate.ap.files.Durability;
import org.silkgate.ap.model.Mls;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.outbound.RetryPolicy;
import org.silkgate.ap.validation.InvalidDocumentPolicy;
import org.silkgate.security.KeystoreException;
import org.silkgate.security.Keystores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./silkgate ap}: runs a national access point. Long because {@code ap serve} has one option per setting. */
@Command(
        name = "silkgate ap",
        mixinStandardHelpOptions = true,
        subcommands = {
            ApCommand.Serve.class,
            ApCommand.Broker.class,
            ApOfflineCommands.Client.class,
            ApOfflineCommands.Operator.class,
            ApOfflineCommands.Node.class,
            ApOfflineCommands.Audit.class,
            ApOfflineCommands.Report.class,
            ApOfflineCommands.Statistics.class,
            HaproxyConfigCommand.class
        },
        description = "Run a SilkGate national access point (AS4 send and receive, journal, broker, REST API).")
public final class ApCommand implements Runnable {

    public static void main(String[] args) {
        Phase4Runtime.configureJvm(); // before any XML or mail class is touched
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(out, err, args));
    }

    /** Runs one command line without exiting the JVM. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new ApCommand());
        commandLine.setOut(out).setErr(err);
        // --ha primary as well as --ha PRIMARY
        commandLine.getSubcommands().get("broker").setCaseInsensitiveEnumValuesAllowed(true);
        configFile(args)
                .ifPresent(file -> commandLine
                        .getSubcommands()
                        .get("serve")
                        .setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(load(file))));
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "missing command: serve or broker");
    }

    /** Prints the ready line, then waits until SIGTERM / Ctrl-C, which closes {@code running}. */
    private static int runUntilStopped(CommandLine.Model.CommandSpec spec, AutoCloseable running, String readyLine)
            throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                running.close();
                            } catch (Exception e) {
                                org.slf4j.LoggerFactory.getLogger(ApCommand.class)
                                        .warn("stopping failed", e);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "silkgate-shutdown"));
        spec.commandLine().getOut().println(readyLine);
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    /** Finds {@code --config FILE} before parsing, so the file can supply defaults for every other option. */
    static Optional<Path> configFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) return Optional.of(Path.of(args[i + 1]));
            if (args[i].startsWith("--config=")) return Optional.of(Path.of(args[i].substring("--config=".length())));
        }
        return Optional.empty();
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return properties;
    }

    /** {@code --durability}: {@code process-crash} or {@code power-loss}, refused with the values that work. */
    public static final class DurabilityOption implements CommandLine.ITypeConverter<Durability> {
        @Override
        public Durability convert(String value) {
            try {
                return Durability.ofOption(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code files} or {@code database}, in any case. */
    public static final class PayloadStoreOption implements CommandLine.ITypeConverter<ApConfig.PayloadStore> {
        @Override
        public ApConfig.PayloadStore convert(String value) {
            try {
                return ApConfig.PayloadStore.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a payload store: files or database");
            }
        }
    }

    /** How a failed delivery to the back office is tried again: the embedded broker's, or a standalone one's. */
    static final class DeliveryRetryOptions {
        @Option(
                names = "--delivery-retry-first",
                defaultValue = "PT1S",
                description =
                        "first delay before a failed back-office delivery is tried again (default ${DEFAULT-VALUE})")
        Duration first;

        @Option(
                names = "--delivery-retry-cap",
                defaultValue = "PT5M",
                description = "longest delay between delivery attempts (default ${DEFAULT-VALUE})")
        Duration cap;

        @Option(
                names = "--delivery-attempts",
                defaultValue = "100",
                description =
                        "delivery attempts before the id is parked on the broker's dead letters (default ${DEFAULT-VALUE})")
        int attempts;

        DeliveryBackOff toBackOff() {
            return new DeliveryBackOff(first, cap, attempts);
        }

        DeliveryBackOff toBackOff(CommandLine.Model.CommandSpec spec) {
            try {
                return toBackOff();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    @Command(
            name = "broker",
            mixinStandardHelpOptions = true,
            description = {
                "Run a standalone Artemis broker for access points started with --broker tcp://HOST:PORT, "
                        + "with the queue settings of the embedded one and a persistent journal; runs until stopped (SIGTERM).",
                "Only --user with the password of --password-file may connect; TLS with --tls-keystore (clients then "
                        + "use tcp://HOST:PORT?sslEnabled=true&trustStorePath=…&trustStorePassword=…"
                        + "&trustStoreType=PKCS12&verifyHost=true). Its port belongs on an internal network.",
                "Each access point needs a broker of its own: they share queue names."
            })
    static final class Broker implements Callable<Integer> {
        @Option(
                names = "--data",
                required = true,
                paramLabel = "DIR",
                description = "the broker's journal, bindings and paging")
        Path data;

        @Option(
                names = "--port",
                defaultValue = "61616",
                description = "TCP port of the core protocol (default ${DEFAULT-VALUE})")
        int port;

        @Option(
                names = "--host",
                defaultValue = "127.0.0.1",
                description = "interface to listen on (default ${DEFAULT-VALUE})")
        String host;

        @Option(
                names = "--user",
                required = true,
                paramLabel = "NAME",
                description = "the one user that may connect (the access point's --broker-user)")
        String user;

        @Option(
                names = "--password-file",
                required = true,
                paramLabel = "FILE",
                description = "its password: the file's first line (the access point's --broker-password-file)")
        Path passwordFile;

        @Option(
                names = "--tls-keystore",
                paramLabel = "FILE",
                description =
                        "PKCS#12 with the TLS server key of the acceptor (tls-CC.p12); its certificate must name the "
                                + "host the access points connect to")
        Path tlsKeystore;

        @Option(
                names = "--tls-keystore-password-file",
                paramLabel = "FILE",
                description = "its password (default: passwords.properties beside it)")
        Path tlsKeystorePasswordFile;

        @Option(names = "--insecure-tcp", description = "accept plain TCP, no TLS: a lab only, never a network")
        boolean insecureTcp;

        @Option(
                names = "--ha",
                paramLabel = "ROLE",
                description = "one broker of a live/backup pair with replication: PRIMARY (active at first) or "
                        + "BACKUP (replicates, takes over when the primary dies); needs --ha-peer")
        EmbeddedBroker.HaRole haRole;

        @Option(
                names = "--ha-peer",
                paramLabel = "HOST:PORT",
                description = "the other broker of the pair (its --host and --port)")
        String haPeer;

        @Option(
                names = "--ha-cluster-user",
                defaultValue = "silkgate-cluster",
                paramLabel = "NAME",
                description = "the user the two brokers connect to each other as (default ${DEFAULT-VALUE})")
        String haClusterUser;

        @Option(
                names = "--ha-cluster-password-file",
                paramLabel = "FILE",
                description = "its password, the same file content on both brokers: the file's first line")
        Path haClusterPasswordFile;

        @Option(
                names = "--ha-truststore",
                paramLabel = "FILE",
                description = "PKCS#12 with the TLS roots to check the peer's certificate with (tls-truststore.p12)")
        Path haTruststore;

        @Option(
                names = "--ha-truststore-password-file",
                paramLabel = "FILE",
                description = "its password (default: passwords.properties beside it)")
        Path haTruststorePasswordFile;

        @CommandLine.Mixin
        DeliveryRetryOptions deliveryRetry;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            EmbeddedBroker.Listener listener = listener();
            Optional<EmbeddedBroker.Ha> ha = ha(listener);
            EmbeddedBroker broker;
            try {
                broker = EmbeddedBroker.listen(data, listener, ha, deliveryRetry.toBackOff(spec));
            } catch (IllegalStateException notStarted) {
                spec.commandLine().getErr().println(notStarted.getMessage());
                return 1;
            }
            ha.ifPresent(pair -> reportStateChanges(broker));
            return runUntilStopped(
                    spec,
                    broker,
                    "SilkGate broker listening at " + broker.url()
                            + (listener.tls().isPresent() ? " with TLS" : " on plain TCP") + " for user " + user
                            + " (journal under " + data.toAbsolutePath() + ")"
                            + ha.map(pair -> ", " + pair.role() + " of a pair with " + pair.peerHost() + ":"
                                            + pair.peerPort())
                                    .orElse(""));
        }

        /** Prints each change of a pair broker's state: "SilkGate broker state: active" and the like. */
        private void reportStateChanges(EmbeddedBroker broker) {
            Thread watcher = new Thread(
                    () -> {
                        String reported = "";
                        while (!Thread.currentThread().isInterrupted()) {
                            String now = broker.state();
                            if (!now.equals(reported)) {
                                spec.commandLine().getOut().println("SilkGate broker state: " + now);
                                spec.commandLine().getOut().flush();
                                reported = now;
                            }
                            try {
                                Thread.sleep(200);
                            } catch (InterruptedException stop) {
                                return;
                            }
                        }
                    },
                    "silkgate-broker-state");
            watcher.setDaemon(true);
            watcher.start();
        }

        /** The pair options, each checked before the broker starts; empty without --ha. */
        Optional<EmbeddedBroker.Ha> ha(EmbeddedBroker.Listener listener) {
            if (haRole == null) {
                if (haPeer != null || haClusterPasswordFile != null || haTruststore != null)
                    throw new CommandLine.ParameterException(
                            spec.commandLine(), "--ha-peer, --ha-cluster-password-file and --ha-truststore need --ha");
                return Optional.empty();
            }
            if (haPeer == null || !haPeer.matches("[^:]+:\\d{1,5}"))
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--ha needs --ha-peer HOST:PORT, the other broker of the pair");
            if (haClusterPasswordFile == null)
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--ha needs --ha-cluster-password-file: the pair's shared secret, the same on both brokers");
            if (listener.tls().isPresent() && haTruststore == null)
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--ha with TLS needs --ha-truststore (the dev PKI's tls-truststore.p12) to check the peer");
            try {
                Optional<EmbeddedBroker.Tls> trust = Optional.empty();
                if (haTruststore != null) {
                    char[] password = Keystores.password(haTruststore, Optional.ofNullable(haTruststorePasswordFile));
                    Keystores.load(haTruststore, password);
                    trust = Optional.of(new EmbeddedBroker.Tls(haTruststore, new String(password)));
                }
                int colon = haPeer.lastIndexOf(':');
                return Optional.of(new EmbeddedBroker.Ha(
                        haRole,
                        haPeer.substring(0, colon),
                        Integer.parseInt(haPeer.substring(colon + 1)),
                        haClusterUser,
                        EmbeddedBroker.readPassword(haClusterPasswordFile),
                        trust));
            } catch (KeystoreException | IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        /** The user, its password and the TLS keystore, each checked before the broker starts. */
        EmbeddedBroker.Listener listener() {
            if (tlsKeystore == null && !insecureTcp) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--tls-keystore is missing: without TLS "
                                + "the broker's password and every message cross the network in clear; give --tls-keystore "
                                + "(the dev PKI's tls-CC.p12) or, in a lab, --insecure-tcp");
            }
            if (tlsKeystore != null && insecureTcp) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--tls-keystore and --insecure-tcp exclude each other");
            }
            try {
                String password = EmbeddedBroker.readPassword(passwordFile);
                Optional<EmbeddedBroker.Tls> tls = Optional.empty();
                if (tlsKeystore != null) {
                    char[] keystorePassword =
                            Keystores.password(tlsKeystore, Optional.ofNullable(tlsKeystorePasswordFile));
                    Keystores.load(
                            tlsKeystore, keystorePassword); // a wrong password or file is told here, not by Netty
                    tls = Optional.of(new EmbeddedBroker.Tls(tlsKeystore, new String(keystorePassword)));
                } else {
                    org.slf4j.LoggerFactory.getLogger(ApCommand.class)
                            .warn(
                                    "the broker accepts plain TCP on {}:{} "
                                            + "(--insecure-tcp): its password and every message cross the network in clear; a lab only",
                                    host,
                                    port);
                }
                return new EmbeddedBroker.Listener(host, port, user, password, tls);
            } catch (KeystoreException | IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    @Command(
            name = "serve",
            mixinStandardHelpOptions = true,
            description = {
                "Start the access point and run until stopped (Ctrl-C / SIGTERM).",
                "Every option can also be given in the --config properties file, keyed by its long name "
                        + "without dashes (id=SG-AP-KZ-001, public-url=…)."
            })
    static final class Serve implements Callable<Integer> {
        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "properties file with defaults for the options below")
        Path config;

        @Option(
                names = "--id",
                required = true,
                description = "AP id, the CN of the keystore's certificate (SG-AP-KZ-001)")
        String id;

        @Option(names = "--country", required = true, description = "ISO 3166 alpha-2 country of the operator")
        String country;

        @Option(
                names = "--port",
                defaultValue = "8443",
                description = "HTTP port (0 = any free port; default ${DEFAULT-VALUE})")
        int port;

        @Option(
                names = "--bind",
                defaultValue = "127.0.0.1",
                description = "interface to listen on (default ${DEFAULT-VALUE})")
        String bind;

        @Option(names = "--public-url", description = "base URL other access points reach this one at")
        String publicUrl;

        @Option(
                names = "--smp",
                paramLabel = "URL",
                description = "SMP registry base URL (discovery and served participants)")
        String smp;

        @Option(names = "--keystore", required = true, description = "PKCS#12 with this AP's key and certificate")
        Path keystore;

        @Option(
                names = "--keystore-password-file",
                paramLabel = "FILE",
                description = "keystore password (default: passwords.properties beside the keystore)")
        Path keystorePasswordFile;

        @Option(names = "--truststore", required = true, description = "PKCS#12 trust store with the network's CAs")
        Path truststore;

        @Option(
                names = "--ap-ca",
                paramLabel = "PEM",
                description =
                        "CA every peer access point's certificate must chain to (default: ap-ca.pem beside the trust store)")
        Path apCa;

        @Option(
                names = "--smp-ca",
                paramLabel = "PEM",
                description =
                        "CA the SMP's signing certificate must chain to (default: smp-ca.pem beside the trust store)")
        Path smpCa;

        @Option(
                names = "--tls-keystore",
                paramLabel = "FILE",
                description = "PKCS#12 with the TLS server key of the listener (tls-CC.p12)")
        Path tlsKeystore;

        @Option(
                names = "--tls-keystore-password-file",
                paramLabel = "FILE",
                description = "its password (default: passwords.properties beside it)")
        Path tlsKeystorePasswordFile;

        @Option(
                names = "--tls-truststore",
                paramLabel = "FILE",
                description =
                        "TLS anchors (PEM or PKCS#12) added to the JDK's for the servers this access point connects to")
        Path tlsTruststore;

        @Option(
                names = "--insecure-http",
                description = "listen and connect on plain HTTP: a lab only, never a network")
        boolean insecureHttp;

        @Option(
                names = "--api-port",
                defaultValue = "8444",
                description =
                        "port of the back-office API's own listener (0 = any free port; default ${DEFAULT-VALUE})")
        int apiPort;

        @Option(
                names = "--api-bind",
                defaultValue = "127.0.0.1",
                description = "interface of the back-office API's listener (default ${DEFAULT-VALUE})")
        String apiBind;

        @Option(
                names = "--max-submission-bytes",
                defaultValue = "52428800",
                description = "largest document the API reads; larger ones get 413 (default ${DEFAULT-VALUE})")
        int maxSubmissionBytes;

        @Option(
                names = "--max-concurrent-submissions",
                defaultValue = "16",
                description = "submissions the API reads at once; more get 429 (default ${DEFAULT-VALUE})")
        int maxConcurrentSubmissions;

        @Option(
                names = "--crl",
                paramLabel = "FILE",
                split = ",",
                description = "CRL files (default: every *.crl beside the trust store)")
        List<Path> crls = new ArrayList<>();

        @Option(
                names = "--data",
                required = true,
                paramLabel = "DIR",
                description = "journal, payloads, receipts, broker data")
        Path data;

        @Option(
                names = "--broker",
                paramLabel = "URL",
                description =
                        "external Artemis broker (tcp://host:61616, e.g. one run by ap broker) instead of the embedded one; "
                                + "with TLS tcp://host:61616?sslEnabled=true&trustStorePath=…&trustStorePassword=…&trustStoreType=PKCS12&verifyHost=true")
        String broker;

        @Option(
                names = "--broker-user",
                paramLabel = "NAME",
                description = "the user the access point connects to --broker as")
        String brokerUser;

        @Option(
                names = "--broker-password-file",
                paramLabel = "FILE",
                description = "its password: the file's first line")
        Path brokerPasswordFile;

        @Option(
                names = "--db",
                paramLabel = "JDBC-URL",
                description = "journal database (default: H2 file under --data)")
        String db;

        @Option(
                names = "--node",
                paramLabel = "NAME",
                description = "this node's name among the nodes of one access point sharing a PostgreSQL --db and a"
                        + " --broker (default: the host name); unique per node")
        String node;

        @Option(
                names = "--payload-store",
                paramLabel = "files|database",
                converter = PayloadStoreOption.class,
                description = "where payloads and receipts are kept: files under --data (one node) or the journal's"
                        + " database (nodes share it); default database with a PostgreSQL --db, else files")
        ApConfig.PayloadStore payloadStore;

        @Option(
                names = "--inbox",
                paramLabel = "DIR",
                description = "delivery folder for the back office (default: DATA/inbox)")
        Path inbox;

        @Option(
                names = "--serve",
                paramLabel = "PARTICIPANT",
                split = ",",
                description =
                        "participants received for (9972:204493002,…); default: whatever the SMP points at this AP")
        List<String> served = new ArrayList<>();

        @Option(
                names = "--route",
                paramLabel = "PARTICIPANT=URL|CERT.pem",
                split = ",",
                description = "fixed endpoint for a receiver, consulted before the SMP")
        List<String> routes = new ArrayList<>();

        @Option(
                names = "--deliver-to-queue",
                description = "also put each received document on the broker queue silkgate.inbound")
        boolean deliverToQueue;

        @Option(
                names = "--webhook",
                paramLabel = "URL",
                description = "also POST each received document to this back-office URL")
        String webhook;

        @Option(
                names = "--max-message-bytes",
                paramLabel = "BYTES",
                defaultValue = "" + ApConfig.DEFAULT_MAX_MESSAGE_BYTES,
                description = "largest AS4 request read; larger ones get HTTP 413 (default ${DEFAULT-VALUE})")
        long maxMessageBytes;

        @Option(
                names = "--max-payload-bytes",
                paramLabel = "BYTES",
                defaultValue = "" + ApConfig.DEFAULT_MAX_PAYLOAD_BYTES,
                description =
                        "largest payload once decompressed; larger ones get an AS4 error (default ${DEFAULT-VALUE})")
        long maxPayloadBytes;

        @Option(
                names = "--invalid-documents",
                defaultValue = "REJECT",
                description =
                        "documents failing validation: ${COMPLETION-CANDIDATES}; OFF validates nothing (default ${DEFAULT-VALUE})")
        InvalidDocumentPolicy invalidDocuments;

        @Option(
                names = "--mls-type",
                defaultValue = "ALWAYS_SEND",
                description = "the Peppol Message Level Status every sent document asks of the receiving access point:"
                        + " ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
        Mls.Type mlsType;

        @Option(
                names = "--reporting-receiver",
                paramLabel = "PARTICIPANT",
                description = "send the monthly Peppol reports (TSR, EUSR) to this participant, the network's reporting"
                        + " receiver (the CAREC Secretariat), from this access point's service provider id;"
                        + " without it none are sent")
        String reportingReceiver;

        @Option(
                names = "--outbound-waive",
                split = ",",
                paramLabel = "RULE",
                description = "rule ids not enforced on the documents this access point sends (their findings become"
                        + " warnings); the receiving access point may still enforce them, and answers with an MLS RE")
        List<String> outboundWaive = new ArrayList<>();

        @Option(
                names = "--reporting-check",
                defaultValue = "PT1H",
                description = "how often to look whether last month's reports are still to be sent (default"
                        + " ${DEFAULT-VALUE})")
        Duration reportingCheck;

        @Option(
                names = "--durability",
                paramLabel = "process-crash|power-loss",
                converter = DurabilityOption.class,
                description =
                        "what a stored message survives: process-crash (no syncs) or power-loss (files, journal and "
                                + "broker synced to disk); default power-loss with a PostgreSQL --db, else process-crash")
        Durability durability;

        @Option(
                names = "--retry-base",
                defaultValue = "PT5S",
                description = "first retry delay, ISO-8601 (default ${DEFAULT-VALUE})")
        Duration retryBase;

        @Option(
                names = "--retry-cap",
                defaultValue = "PT10M",
                description = "longest retry delay (default ${DEFAULT-VALUE})")
        Duration retryCap;

        @Option(
                names = "--retry-max-age",
                defaultValue = "PT24H",
                description = "give up after (default ${DEFAULT-VALUE})")
        Duration retryMaxAge;

        @CommandLine.Mixin
        DeliveryRetryOptions deliveryRetry;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            ApConfig apConfig;
            try {
                apConfig = toConfig();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            AccessPoint accessPoint;
            try {
                accessPoint = AccessPoint.start(apConfig);
            } catch (AccessPoint.ConfigurationError e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            return runUntilStopped(
                    spec,
                    accessPoint,
                    accessPoint.id() + " serving at " + accessPoint.baseUrl() + " (AS4 " + accessPoint.as4Url()
                            + "), back-office API at " + accessPoint.apiUrl());
        }

        ApConfig toConfig() {
            Map<ParticipantId, ApConfig.StaticRoute> staticRoutes = new HashMap<>();
            for (String route : routes) {
                int equals = route.indexOf('=');
                int bar = route.lastIndexOf('|');
                if (equals < 1 || bar < equals) {
                    throw new IllegalArgumentException("--route must be PARTICIPANT=URL|CERT.pem, got '" + route + "'");
                }
                staticRoutes.put(
                        ParticipantId.parse(route.substring(0, equals)),
                        new ApConfig.StaticRoute(
                                route.substring(equals + 1, bar).strip(),
                                Path.of(route.substring(bar + 1).strip())));
            }
            if (broker == null && (brokerUser != null || brokerPasswordFile != null)) {
                throw new IllegalArgumentException("--broker-user and --broker-password-file need --broker");
            }
            Optional<ApConfig.ExternalBroker> externalBroker = Optional.ofNullable(broker)
                    .map(url -> new ApConfig.ExternalBroker(
                            url, Optional.ofNullable(brokerUser), Optional.ofNullable(brokerPasswordFile)));
            return new ApConfig(
                    id,
                    country,
                    port,
                    bind,
                    Optional.ofNullable(publicUrl),
                    Optional.ofNullable(smp),
                    keystore,
                    Optional.ofNullable(keystorePasswordFile),
                    truststore,
                    crls,
                    data,
                    externalBroker,
                    Optional.ofNullable(db),
                    Optional.ofNullable(inbox),
                    served.stream().map(ParticipantId::parse).collect(java.util.stream.Collectors.toSet()),
                    staticRoutes,
                    invalidDocuments,
                    new RetryPolicy(retryBase, retryCap, retryMaxAge),
                    deliverToQueue,
                    Optional.ofNullable(webhook),
                    deliveryRetry.toBackOff(),
                    maxMessageBytes,
                    maxPayloadBytes,
                    Optional.ofNullable(durability),
                    new ApConfig.Tls(
                            Optional.ofNullable(tlsKeystore),
                            Optional.ofNullable(tlsKeystorePasswordFile),
                            Optional.ofNullable(tlsTruststore),
                            insecureHttp),
                    Optional.ofNullable(apCa),
                    Optional.ofNullable(smpCa),
                    new ApConfig.Api(apiPort, apiBind, maxSubmissionBytes, maxConcurrentSubmissions),
                    mlsType,
                    new ApConfig.Reporting(
                            Optional.ofNullable(reportingReceiver).map(ParticipantId::parse), reportingCheck),
                    Set.copyOf(outboundWaive),
                    new ApConfig.Node(Optional.ofNullable(node), Optional.ofNullable(payloadStore)));
        }
    }
}
