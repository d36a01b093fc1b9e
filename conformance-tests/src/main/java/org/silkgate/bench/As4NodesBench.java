package org.silkgate.bench;

import com.sun.net.httpserver.HttpsServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.silkgate.ap.AccessPoint;
import org.silkgate.ap.ApConfig;
import org.silkgate.ap.broker.DeliveryBackOff;
import org.silkgate.ap.broker.EmbeddedBroker;
import org.silkgate.ap.clients.ApiClient;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.outbound.Submission;
import org.silkgate.ap.validation.InvalidDocumentPolicy;
import org.silkgate.network.PkiTls;
import org.silkgate.security.KeystoreException;
import org.silkgate.security.Keystores;
import org.silkgate.validation.DocumentValidator;

/**
 * {@code bench as4 --nodes N}: the sending access point (KZ) as N active nodes, against one node measured in the same
 * run. The nodes share what nodes share in production: one PostgreSQL journal (payloads and receipts in it), one
 * Artemis broker reached over TLS (started here the way {@code ap broker} starts one) and the access point's id and
 * keys; each has its own data folder and node name. Submissions go round-robin to the nodes; whichever node takes a
 * message from the shared send queue sends it. The receiving side is one GE access point with its own H2 journal, as
 * in the pair rows, so that only the sending side changes between the baseline and the group.
 * <p>
 * Runs, each on a fresh schema, broker and receiver: an unmeasured one node run that warms the JVM, then 1 node,
 * N nodes and 1 node again; the baseline is both 1 node runs together, so that the machine's drift falls on both
 * sides. Each run ends with the exactly-once check ({@link ExactlyOnceLedger}); a run that fails it fails the bench.
 * <p>
 * The CPU per message is this JVM's (every node, the broker, the receiver and the bench's own submitting threads)
 * plus the PostgreSQL server's, which runs as its own processes; on a machine with few cores the nodes compete for the
 * same cores, so the group's messages/s does not grow with N, and the CPU per message is the figure sizing needs.
 */
final class As4NodesBench {
    /** The timer every node's {@code /metrics} counts its AS4 sends in ({@code ApMetrics.sendLatency}). */
    static final String SEND_COUNT = "silkgate_send_latency_seconds_count";

    /** How long a run's last messages may take to be journaled SENT and DELIVERED after the last one arrived. */
    private static final Duration SETTLING = Duration.ofMinutes(2);

    private static final String BROKER_USER = "silkgate-ap";
    private static final String METRICS_CLIENT = "bench-metrics";

    private final As4Bench bench;
    private final int nodes;
    private final Optional<String> db;

    As4NodesBench(As4Bench bench, int nodes, Optional<String> db) {
        this.bench = bench;
        this.nodes = nodes;
        this.db = db;
    }

    /**
     * What is wrong with {@code --nodes} and the options that go with it, in words; empty when nothing is (or
     * {@code --nodes} is not given and neither is {@code --db}).
     */
    static Optional<String> optionProblem(Integer nodes, String db, int steady, int messages, int warmup, int threads) {
        if (nodes == null) {
            return db == null ? Optional.empty() : Optional.of("--db is the journal of --nodes: give --nodes too");
        }
        if (nodes < 1) return Optional.of("--nodes: at least 1 node, got " + nodes);
        if (steady > 0) return Optional.of("--nodes and --steady are two different runs: give one of them");
        if (messages < 1) return Optional.of("--messages: at least 1 measured message per run, got " + messages);
        if (warmup < 0) return Optional.of("--warmup: 0 or more, got " + warmup);
        if (threads < 1) return Optional.of("--threads: at least 1, got " + threads);
        if (db != null && !db.startsWith("jdbc:postgresql:"))
            return Optional.of("--db: the nodes share a PostgreSQL journal, give jdbc:postgresql://HOST/DB?user=…");
        return Optional.empty();
    }

    /** The AS4 sends counted in one node's {@code /metrics} text (Prometheus exposition format). */
    static long sendAttempts(String metrics) {
        return metrics.lines()
                .filter(line -> line.startsWith(SEND_COUNT + " ") || line.startsWith(SEND_COUNT + "{"))
                .mapToLong(line -> {
                    String afterLabels = line.contains("}") ? line.substring(line.lastIndexOf('}') + 1) : line;
                    String[] fields = afterLabels.trim().split("\\s+");
                    return (long) Double.parseDouble(fields[line.contains("}") ? 0 : 1]);
                })
                .reduce(Long::sum)
                .orElseThrow(() -> new IllegalStateException("no " + SEND_COUNT + " in the node's /metrics"));
    }

    void run(PrintWriter out) throws Exception {
        double loadAtStart = As4Bench.loadAverage();
        BenchTender document = BenchTender.ofSize("10k");
        BenchTender.requireValid(DocumentValidator.create(), List.of(document));
        Path run = bench.runFolder();
        Path pki = As4Bench.pki(run);
        try (JournalServer postgres = JournalServer.start(db, run)) {
            out.printf(
                    "nodes: %d sending KZ nodes of one access point (SG-AP-KZ-001), sharing %s (a schema per run,"
                            + " payloads and receipts in it) and one Artemis broker in this process (Core over TLS on"
                            + " loopback, started as ap broker starts one); each node its own data folder and name;"
                            + " receiving: one GE access point with its own H2 journal and broker, as in the pair rows%n",
                    nodes, postgres.description());
            out.printf(
                    "%d bytes per document, validation off, durability %s, %d submitting threads round-robin over the"
                            + " nodes; per run %d warm-up + %d measured messages; runs: 1 node (JVM warm-up,"
                            + " unmeasured), 1 node, %d nodes, 1 node%n",
                    document.xml().length, bench.durabilityText(), bench.threads, bench.warmup, bench.messages, nodes);
            out.flush();

            Place place = new Place(pki, run, document, postgres);
            // the JIT compiles the code every run shares on the first messages: not charged to the first measured run
            measure(out, "JVM warm-up, 1 node", 1, 0, bench.warmup, place);
            NodeGroupRun first = measure(out, "1 node, run 1", 1, bench.warmup, bench.messages, place);
            NodeGroupRun group = measure(out, nodes + " nodes", nodes, bench.warmup, bench.messages, place);
            NodeGroupRun second = measure(out, "1 node, run 2", 1, bench.warmup, bench.messages, place);
            NodeGroupRun baseline = first.plus(second, "1 node, runs 1+2 (baseline)");

            out.println();
            out.printf(
                    "%-30s %9s %9s %8s %8s %12s %12s %12s%n",
                    "", "messages", "msg/s", "p50 ms", "p99 ms", "JVM CPU ms", "PG CPU ms", "CPU ms/msg");
            for (NodeGroupRun measured : List.of(first, group, second, baseline)) print(out, measured);
            out.printf(
                    "ratio %d nodes / 1 node (msg/s): %.2f×; CPU ms per message %d nodes / 1 node: %.2f×"
                            + " (informative: on %d cores every node competes for the same cores)%n",
                    nodes,
                    group.throughputRatioTo(baseline),
                    nodes,
                    group.cpuRatioTo(baseline),
                    Runtime.getRuntime().availableProcessors());
            out.println("CPU ms/msg: this JVM (every node, the broker, the receiving access point and the submitting"
                    + " threads) + the PostgreSQL server" + (postgres.cpu().isPresent() ? "" : " (not measured: --db)")
                    + ", over the measured messages");
            out.printf(
                    "load average %.2f at start, %.2f at end; %d cores%n",
                    loadAtStart, As4Bench.loadAverage(), Runtime.getRuntime().availableProcessors());
            out.flush();
        }
    }

    private static void print(PrintWriter out, NodeGroupRun run) {
        As4Bench.Figures figures = run.figures();
        out.printf(
                "%-30s %9d %9.1f %8.1f %8.1f %12.2f %12s %12.2f%n",
                run.name(),
                run.messages(),
                run.perSecond(),
                figures.percentileMillis(0.5),
                figures.percentileMillis(0.99),
                run.jvmCpuMillisPerMessage(),
                run.postgresCpuMillisPerMessage().isPresent()
                        ? "%.2f".formatted(run.postgresCpuMillisPerMessage().getAsDouble())
                        : "-",
                run.cpuMillisPerMessage());
        for (int node = 0; node < run.nodes(); node++) {
            out.printf(
                    "%-30s %9d %9.1f%n", "  sent by node " + nodeName(node), run.sentBy(node), run.perSecondOf(node));
        }
    }

    private static String nodeName(int index) {
        return "kz-" + (index + 1);
    }

    /** What every run of one invocation shares: the PKI, the run folder, the document and the PostgreSQL server. */
    private record Place(Path pki, Path run, BenchTender document, JournalServer postgres) {}

    /**
     * Starts a group of {@code count} nodes, sends {@code warm} messages unmeasured, measures {@code measured}, checks
     * that every message went exactly once and stops the group.
     */
    private NodeGroupRun measure(PrintWriter out, String name, int count, int warm, int measured, Place place)
            throws Exception {
        String label = name.replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(java.util.Locale.ROOT);
        BenchTender document = place.document();
        try (NodeGroup group =
                NodeGroup.start(bench, count, place.pki(), place.run().resolve(label), document, place.postgres())) {
            System.err.printf("warming up: %s%n", name);
            bench.closedLoop(group, warm);
            long[] before = group.awaitSendAttempts(group.submitted());
            System.err.printf("measuring: %s%n", name);
            long cpuBefore = As4Bench.processCpuNanos();
            OptionalDouble postgresBefore = place.postgres().cpuMillis();
            long start = System.nanoTime();
            long[] latencies = bench.closedLoop(group, measured);
            double seconds = (System.nanoTime() - start) / 1e9;
            // the last sends' journal writes come after their documents arrived: counted once they are done
            long[] after = group.awaitSendAttempts(group.submitted());
            double cpuMillis = (As4Bench.processCpuNanos() - cpuBefore) / 1e6;
            OptionalDouble postgresCpu = postgresBefore.isPresent()
                    ? OptionalDouble.of(place.postgres().cpuMillis().getAsDouble() - postgresBefore.getAsDouble())
                    : OptionalDouble.empty();
            long[] sent = new long[count];
            for (int node = 0; node < count; node++) sent[node] = after[node] - before[node];

            ExactlyOnceLedger ledger = group.settledLedger();
            List<String> problems = ledger.problems();
            if (!problems.isEmpty()) {
                throw new IllegalStateException(name + ": not every message went exactly once: "
                        + String.join("; ", problems) + " (" + ledger.summary() + ")");
            }
            out.printf("exactly once, %s: %s%n", name, ledger.summary());
            out.flush();
            return new NodeGroupRun(
                    new As4Bench.Figures(name, document.label(), seconds, latencies, cpuMillis), sent, postgresCpu);
        }
    }

    /**
     * The PostgreSQL server of the nodes' journals: the one {@code --db} names, else an embedded PostgreSQL 16 started
     * here. Each run gets a schema of its own.
     */
    private static final class JournalServer implements AutoCloseable {
        private final Optional<EmbeddedPostgres> embedded;
        private final String adminUrl;
        private final Optional<ProcessTreeCpu> cpu;

        private JournalServer(Optional<EmbeddedPostgres> embedded, String adminUrl, Optional<ProcessTreeCpu> cpu) {
            this.embedded = embedded;
            this.adminUrl = adminUrl;
            this.cpu = cpu;
        }

        static JournalServer start(Optional<String> db, Path run) throws IOException, SQLException {
            if (db.isPresent()) return new JournalServer(Optional.empty(), db.get(), Optional.empty());
            EmbeddedPostgres embedded = EmbeddedPostgres.builder()
                    .setDataDirectory(run.resolve("postgres"))
                    // the embedded server's own default is off (fast tests); a journal's server commits durably
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            try {
                String adminUrl = embedded.getJdbcUrl("postgres", "postgres");
                return new JournalServer(Optional.of(embedded), adminUrl, postmasterCpu(adminUrl));
            } catch (SQLException | RuntimeException e) {
                embedded.close();
                throw e;
            }
        }

        /** The server's processes: the parent of a connection's backend process is the postmaster. */
        private static Optional<ProcessTreeCpu> postmasterCpu(String adminUrl) throws SQLException {
            try (Connection connection = DriverManager.getConnection(adminUrl);
                    Statement statement = connection.createStatement();
                    ResultSet backend = statement.executeQuery("SELECT pg_backend_pid()")) {
                backend.next();
                return ProcessHandle.of(backend.getLong(1))
                        .flatMap(ProcessHandle::parent)
                        .flatMap(postmaster -> ProcessTreeCpu.of(postmaster.pid()));
            }
        }

        String description() {
            return embedded.isPresent()
                    ? "one embedded PostgreSQL 16 (synchronous_commit on)"
                    : "the PostgreSQL of --db";
        }

        Optional<ProcessTreeCpu> cpu() {
            return cpu;
        }

        OptionalDouble cpuMillis() {
            return cpu.map(tree -> OptionalDouble.of(tree.nanos() / 1e6)).orElse(OptionalDouble.empty());
        }

        /** A schema of the server and the JDBC URL the nodes open it with. */
        record Schema(String name, String jdbcUrl) {}

        /** A fresh schema: {@code prefix} and a random suffix, so that runs (and earlier benches on --db) never meet. */
        Schema createSchema(String prefix) throws SQLException {
            String name = prefix + "_" + Long.toHexString(new SecureRandom().nextLong() & Long.MAX_VALUE);
            execute("CREATE SCHEMA " + name);
            return new Schema(name, adminUrl + (adminUrl.contains("?") ? "&" : "?") + "currentSchema=" + name);
        }

        void drop(Schema schema) throws SQLException {
            execute("DROP SCHEMA " + schema.name() + " CASCADE");
        }

        private void execute(String sql) throws SQLException {
            try (Connection connection = DriverManager.getConnection(adminUrl);
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }

        @Override
        public void close() throws IOException {
            if (embedded.isPresent()) embedded.get().close();
        }
    }

    /** One run's arrangement: the broker, the KZ nodes, the GE access point and its back office's webhook. */
    private static final class NodeGroup implements As4Bench.Side {
        private final List<AccessPoint> kazakhstan;
        private final AccessPoint georgia;
        private final List<AutoCloseable> started;
        private final Map<String, CompletableFuture<Long>> arrivals;
        private final AtomicLong backOfficeCalls;
        private final Set<String> submitted = ConcurrentHashMap.newKeySet();
        private final AtomicInteger nextNode = new AtomicInteger();
        private final HttpClient metricsClient;
        private final String metricsToken;
        private final BenchTender document;

        private NodeGroup(
                List<AccessPoint> kazakhstan,
                AccessPoint georgia,
                List<AutoCloseable> started,
                Map<String, CompletableFuture<Long>> arrivals,
                AtomicLong backOfficeCalls,
                HttpClient metricsClient,
                String metricsToken,
                BenchTender document) {
            this.kazakhstan = kazakhstan;
            this.georgia = georgia;
            this.started = started;
            this.arrivals = arrivals;
            this.backOfficeCalls = backOfficeCalls;
            this.metricsClient = metricsClient;
            this.metricsToken = metricsToken;
            this.document = document;
        }

        static NodeGroup start(
                As4Bench bench, int count, Path pki, Path folder, BenchTender document, JournalServer postgres)
                throws Exception {
            // closed in reverse order when the start fails or the run ends: nodes first, the schema last
            List<AutoCloseable> started = new ArrayList<>();
            try {
                JournalServer.Schema schema = postgres.createSchema("bench_nodes");
                started.add(() -> postgres.drop(schema));

                Map<String, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();
                AtomicLong backOfficeCalls = new AtomicLong();
                HttpsServer backOffice = PkiTls.loopbackHttpsServer(PkiTls.accessPointKeystore(pki, "GE"));
                ExecutorService backOfficeThreads = Executors.newFixedThreadPool(4);
                backOffice.setExecutor(backOfficeThreads);
                backOffice.createContext("/c4", exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    backOfficeCalls.incrementAndGet();
                    String id = exchange.getRequestHeaders().getFirst("X-SilkGate-Message-Id");
                    arrivals.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(System.nanoTime());
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                });
                backOffice.start();
                started.add(backOfficeThreads::shutdownNow);
                started.add(() -> backOffice.stop(0));

                EmbeddedBroker broker = tlsBroker(pki, folder);
                started.add(broker);
                ApConfig.ExternalBroker sharedBroker = new ApConfig.ExternalBroker(
                        brokerUrl(pki, broker.url()),
                        Optional.of(BROKER_USER),
                        Optional.of(folder.resolve("broker.password")));

                AccessPoint georgia = AccessPoint.start(
                        bench.georgia(
                                pki,
                                folder.resolve("ge"),
                                InvalidDocumentPolicy.OFF,
                                "https://127.0.0.1:" + backOffice.getAddress().getPort() + "/c4"),
                        bench.validator,
                        Clock.systemUTC());
                started.add(georgia);
                List<AccessPoint> kazakhstan = new ArrayList<>();
                for (int node = 0; node < count; node++) {
                    AccessPoint kazakhstanNode = AccessPoint.start(
                            bench.kazakhstan(
                                            pki,
                                            folder.resolve(nodeName(node)),
                                            InvalidDocumentPolicy.OFF,
                                            georgia.as4Url())
                                    .withJdbcUrl(schema.jdbcUrl())
                                    .withExternalBroker(sharedBroker)
                                    .withNode(new ApConfig.Node(Optional.of(nodeName(node)), Optional.empty())),
                            bench.validator,
                            Clock.systemUTC());
                    started.add(kazakhstanNode);
                    kazakhstan.add(kazakhstanNode);
                }
                // the API clients live in the shared journal: one operator reads every node's /metrics
                String token = kazakhstan.get(0).clients().add(new ApiClient(METRICS_CLIENT, Set.of(), true), "bench");
                return new NodeGroup(
                        List.copyOf(kazakhstan),
                        georgia,
                        started,
                        arrivals,
                        backOfficeCalls,
                        PkiTls.httpClient(pki).build(),
                        token,
                        document);
            } catch (Exception | Error e) {
                Collections.reverse(started);
                As4Bench.closeAfterFailure(e, started.toArray(AutoCloseable[]::new));
                throw e;
            }
        }

        /** A broker as {@code ap broker --tls-keystore tls-KZ.p12} runs it, for the nodes' user only. */
        private static EmbeddedBroker tlsBroker(Path pki, Path folder) throws IOException, KeystoreException {
            Files.createDirectories(folder);
            byte[] secret = new byte[18];
            new SecureRandom().nextBytes(secret);
            String password = Base64.getUrlEncoder().encodeToString(secret);
            Files.writeString(folder.resolve("broker.password"), password + "\n");
            Path keystore = PkiTls.accessPointKeystore(pki, "KZ");
            EmbeddedBroker.Tls tls =
                    new EmbeddedBroker.Tls(keystore, new String(Keystores.password(keystore, Optional.empty())));
            return EmbeddedBroker.listen(
                    folder.resolve("broker"),
                    new EmbeddedBroker.Listener("127.0.0.1", freePort(), BROKER_USER, password, Optional.of(tls)),
                    DeliveryBackOff.DEFAULT);
        }

        /** The broker's Core URL with TLS: the dev TLS root trusted, the host name checked. */
        private static String brokerUrl(Path pki, String plainUrl) throws KeystoreException {
            Path truststore = PkiTls.truststore(pki).toAbsolutePath();
            return plainUrl + "?sslEnabled=true&trustStorePath=" + truststore + "&trustStorePassword="
                    + new String(Keystores.password(truststore, Optional.empty()))
                    + "&trustStoreType=PKCS12&verifyHost=true";
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }

        /** Submits to the next node in turn and waits for the document at the back office. */
        @Override
        public long sendOne() throws Exception {
            AccessPoint node = kazakhstan.get(Math.floorMod(nextNode.getAndIncrement(), kazakhstan.size()));
            long start = System.nanoTime();
            String id = node.submissions()
                    .submit(new Submission(
                            document.xml(), Optional.of(As4Bench.SUPPLIER), Optional.of(As4Bench.BUYER), "bench"));
            submitted.add(id);
            long arrived =
                    arrivals.computeIfAbsent(id, k -> new CompletableFuture<>()).get(120, TimeUnit.SECONDS);
            arrivals.remove(id);
            return arrived - start;
        }

        int submitted() {
            return submitted.size();
        }

        /**
         * Each node's AS4 sends from its {@code /metrics}, once they add up to {@code expected} (or the settling time
         * is over: the exactly-once check then says what is missing).
         */
        long[] awaitSendAttempts(long expected) throws Exception {
            long deadline = System.nanoTime() + SETTLING.toNanos();
            while (true) {
                long[] perNode = new long[kazakhstan.size()];
                long sum = 0;
                for (int node = 0; node < perNode.length; node++) {
                    perNode[node] = sendAttempts(metrics(kazakhstan.get(node)));
                    sum += perNode[node];
                }
                if (sum >= expected || System.nanoTime() > deadline) return perNode;
                Thread.sleep(100);
            }
        }

        private String metrics(AccessPoint node) throws IOException, InterruptedException {
            HttpResponse<String> response = metricsClient.send(
                    HttpRequest.newBuilder(URI.create(node.apiUrl() + "/metrics"))
                            .header("Authorization", "Bearer " + metricsToken)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200)
                throw new IllegalStateException(
                        "GET " + node.apiUrl() + "/metrics answered " + response.statusCode() + ": " + response.body());
            return response.body();
        }

        /**
         * The exactly-once counts, once the journals say every message is SENT and DELIVERED (the last ones are
         * journaled after their documents arrived) or the settling time is over.
         */
        ExactlyOnceLedger settledLedger() throws Exception {
            long deadline = System.nanoTime() + SETTLING.toNanos();
            Journal sending = kazakhstan.get(0).journal();
            while (System.nanoTime() < deadline
                    && (rows(sending, Direction.OUTBOUND, MessageState.SENT) < submitted()
                            || rows(georgia.journal(), Direction.INBOUND, MessageState.DELIVERED) < submitted())) {
                Thread.sleep(100);
            }
            long receipts = submitted.stream()
                    .filter(id -> kazakhstan.get(0).files().receipt(id).isPresent())
                    .count();
            long sends = 0;
            for (long perNode : awaitSendAttempts(submitted())) sends += perNode;
            return new ExactlyOnceLedger(
                    submitted(),
                    rows(sending, Direction.OUTBOUND),
                    rows(sending, Direction.OUTBOUND, MessageState.SENT),
                    receipts,
                    sends,
                    rows(georgia.journal(), Direction.INBOUND),
                    rows(georgia.journal(), Direction.INBOUND, MessageState.DELIVERED),
                    backOfficeCalls.get());
        }

        /** Messages of a direction in the journal, in any state. */
        private static long rows(Journal journal, Direction direction) {
            return journal.countByState().stream()
                    .filter(c -> c.direction() == direction)
                    .mapToLong(Journal.StateCount::count)
                    .sum();
        }

        /** Messages of a direction in the journal in {@code state}. */
        private static long rows(Journal journal, Direction direction, MessageState state) {
            return journal.countByState().stream()
                    .filter(c -> c.direction() == direction && c.state() == state)
                    .mapToLong(Journal.StateCount::count)
                    .sum();
        }

        @Override
        public void close() throws Exception {
            List<AutoCloseable> reversed = new ArrayList<>(started);
            Collections.reverse(reversed);
            As4Bench.closeAll(reversed.toArray(AutoCloseable[]::new));
        }
    }
}
