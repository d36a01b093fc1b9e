package org.silkgate.bench;

import com.sun.net.httpserver.HttpsServer;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.silkgate.ap.AccessPoint;
import org.silkgate.ap.ApCommand;
import org.silkgate.ap.ApConfig;
import org.silkgate.ap.as4.As4Sender;
import org.silkgate.ap.as4.As4Servlet;
import org.silkgate.ap.as4.InboundAs4Processor;
import org.silkgate.ap.as4.Phase4Crypto;
import org.silkgate.ap.discovery.Endpoint;
import org.silkgate.ap.discovery.StaticEndpointResolver;
import org.silkgate.ap.files.Durability;
import org.silkgate.ap.inbound.InboundDecision;
import org.silkgate.ap.inbound.IncomingUserMessage;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.outbound.OutboundMessage;
import org.silkgate.ap.outbound.OutboundPreparation;
import org.silkgate.ap.outbound.SendResult;
import org.silkgate.ap.outbound.Submission;
import org.silkgate.ap.trust.ApIdentity;
import org.silkgate.ap.trust.CrlFiles;
import org.silkgate.ap.validation.DocumentCheck;
import org.silkgate.ap.validation.InvalidDocumentPolicy;
import org.silkgate.network.PkiTls;
import org.silkgate.pki.DevPki;
import org.silkgate.pki.PkiOptions;
import org.silkgate.validation.DocumentValidator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench as4}: SilkGate end to end against phase4 used the stock way, in one run. SilkGate is two access points
 * on this machine (KZ → GE), timed from the back-office submit at C2 to the document arriving at a C4 webhook, with
 * journal, broker and inbox on. The baseline ({@link StockPhase4Pair}) is a bare phase4 sender → receiver pair with
 * the same crypto and CRL checks, timed from the send to the signed receipt. Informative rows: SilkGate with
 * validation on, and SilkGate's own AS4 transport alone (its sender and servlet, nothing behind them).
 * <p>
 * Every side runs over TLS (1.2/1.3, the policy's suites) with the dev PKI's TLS certificates: the access points'
 * listeners and the C4 webhook, the transport row's endpoint and the stock receiver present {@code tls-GE.p12} /
 * {@code tls-KZ.p12}; every sender, the stock one included, verifies the server and its host name against the dev root.
 * <p>
 * Closed loop: each thread sends its next message when the previous one arrived. Rows run one after the other
 * (baseline, SilkGate, …, baseline again) so that drift (JIT, the neighbours' load) falls on both sides; every row gets
 * the same warm-up first.
 * <p>
 * {@code --nodes N} ({@link As4NodesBench}) measures instead the sending access point as N nodes on one PostgreSQL
 * journal and one broker against one node: messages/s per node and for the group, and the CPU per message.
 */
@Command(
        name = "as4",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "End-to-end messages/s, latency and CPU of two SilkGate access points against a stock phase4 pair.")
final class As4Bench implements Callable<Integer> {
    static final ParticipantId SUPPLIER = ParticipantId.parse("9970:980540001256");
    static final ParticipantId BUYER = ParticipantId.parse("9972:204493002");

    /** The target: SilkGate end to end, journal and broker on, at least as many messages/s as the stock phase4 pair, steady. */
    static final double TARGET_RATIO = 1.0;

    /** The stock pair restarts for each block of {@code --steady}: its connections and pools warm up again first. */
    private static final int STOCK_BLOCK_WARMUP = 200;
    /** One validator for every access point the bench starts: building one compiles every rule set. */
    final DocumentCheck validator = DocumentCheck.sharing(DocumentValidator::create);

    @Option(
            names = "--sizes",
            split = ",",
            defaultValue = "10k,1m",
            description = "document sizes: 10k, 1m (default ${DEFAULT-VALUE})")
    List<String> sizes;

    @Option(
            names = "--messages",
            defaultValue = "1500",
            description = "measured 10 KB messages per row (default ${DEFAULT-VALUE})")
    int messages;

    @Option(
            names = "--warmup",
            defaultValue = "500",
            description =
                    "unmeasured 10 KB messages before each row, and once per side before the first row (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(
            names = "--messages-1m",
            defaultValue = "60",
            description = "measured 1 MB messages per row (default ${DEFAULT-VALUE})")
    int messages1m;

    @Option(
            names = "--warmup-1m",
            defaultValue = "20",
            description =
                    "unmeasured 1 MB messages before each row, and once per side before the first row (default ${DEFAULT-VALUE})")
    int warmup1m;

    @Option(names = "--threads", defaultValue = "8", description = "sending threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(
            names = "--steady",
            defaultValue = "0",
            description =
                    "instead of the table: SilkGate end to end (10 KB, validation off unless --steady-validation) for this many messages, in ten blocks, "
                            + "between two stock baselines")
    int steady;

    @Option(
            names = "--steady-validation",
            description = "validate documents in the --steady run (REJECT on both access points)")
    boolean steadyValidation;

    @Option(
            names = "--steady-baseline",
            defaultValue = "10000",
            description =
                    "messages of the stock pair in --steady, spread over the ten blocks (default ${DEFAULT-VALUE})")
    int steadyBaseline;

    @Option(
            names = "--durability",
            paramLabel = "process-crash|power-loss",
            converter = ApCommand.DurabilityOption.class,
            description =
                    "what SilkGate's stored messages survive (default: the access point's, process-crash with its H2 journal)")
    Durability durability;

    @Option(
            names = "--nodes",
            paramLabel = "N",
            description =
                    "instead of the table: N sending KZ nodes of one access point (one PostgreSQL journal, one broker)"
                            + " against 1 node measured in the same run: messages/s per node and for the group, CPU ms"
                            + " per message (10 KB, validation off; --messages, --warmup and --threads per run)")
    Integer nodes;

    @Option(
            names = "--db",
            paramLabel = "JDBC-URL",
            description = "with --nodes: the PostgreSQL server of the nodes' journal, credentials as URL parameters"
                    + " (jdbc:postgresql://HOST/DB?user=…&password=…); each run creates a schema of its own and"
                    + " drops it (default: an embedded PostgreSQL 16 under --work)")
    String db;

    @Option(names = "--work", defaultValue = "target/bench-as4", description = "work folder (default ${DEFAULT-VALUE})")
    Path work;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One measured row: {@code latenciesNanos} holds one entry per message. */
    record Figures(String name, String size, double seconds, long[] latenciesNanos, double cpuMillis) {
        int messages() {
            return latenciesNanos.length;
        }

        double perSecond() {
            return messages() / seconds;
        }

        double cpuMillisPerMessage() {
            return cpuMillis / messages();
        }

        /** Two runs of the same side as one. */
        Figures plus(Figures other, String combinedName) {
            long[] both = Arrays.copyOf(latenciesNanos, messages() + other.messages());
            System.arraycopy(other.latenciesNanos, 0, both, messages(), other.messages());
            return new Figures(combinedName, size, seconds + other.seconds, both, cpuMillis + other.cpuMillis);
        }

        double percentileMillis(double p) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1))] / 1e6;
        }
    }

    /** A sender → receiver arrangement that is up; {@link #sendOne()} returns one message's latency in nanoseconds. */
    interface Side extends AutoCloseable {
        long sendOne() throws Exception;
    }

    @FunctionalInterface
    private interface SideFactory {
        Side start() throws Exception;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Optional<String> nodesProblem = As4NodesBench.optionProblem(nodes, db, steady, messages, warmup, threads);
        if (nodesProblem.isPresent()) throw new CommandLine.ParameterException(spec.commandLine(), nodesProblem.get());
        if (nodes != null) {
            new As4NodesBench(this, nodes, Optional.ofNullable(db)).run(out);
        } else if (steady > 0) {
            steady(out);
        } else {
            measure(out);
        }
        return 0;
    }

    /**
     * Runs with this command's options and prints the table as it goes. Rows for {@code bench all}: per size, SilkGate
     * end to end with validation off against the stock pair (the target at 10 KB), with validation on, and the
     * transport alone.
     */
    List<BenchRow> measure(PrintWriter out) throws Exception {
        double loadAtStart = loadAverage();
        List<BenchTender> documents = documents();
        Path run = runFolder();
        Path pki = pki(run);
        out.printf(
                "documents: CAREC Tender with an embedded technical proposal, %s (all pass SilkGate validation)%n",
                String.join(
                        ", ",
                        documents.stream()
                                .map(d -> d.label() + " = " + d.xml().length + " bytes")
                                .toList()));
        out.printf(
                "%d sending threads; per row %d warm-up + %d measured messages at 10 KB, %d + %d at 1 MB; before the first"
                        + " row of a size every side runs its warm-up once; SilkGate durability %s; every side over TLS, servers verified%n",
                threads, warmup, messages, warmup1m, messages1m, durabilityText());
        out.flush();

        List<Figures> table = new ArrayList<>();
        List<BenchRow> rows = new ArrayList<>();
        for (BenchTender document : documents) {
            int warm = document.large() ? warmup1m : warmup;
            int count = document.large() ? messages1m : messages;
            String size = document.label();
            SideFactory stockSide = () -> stockPair(pki, document);
            SideFactory unvalidatedSide = () -> silkgatePair(pki, run, document, InvalidDocumentPolicy.OFF);
            SideFactory validatedSide = () -> silkgatePair(pki, run, document, InvalidDocumentPolicy.REJECT);
            SideFactory transportSide = () -> silkgateTransport(pki, document);
            warmUpJvm(size, warm, stockSide, unvalidatedSide, validatedSide, transportSide);
            Figures stockFirst = row("stock phase4 pair, run 1", size, stockSide, warm, count);
            Figures unvalidated = row("SilkGate end to end, validation off", size, unvalidatedSide, warm, count);
            Figures validated = row("SilkGate end to end, validation on", size, validatedSide, warm, count);
            Figures transport =
                    row("SilkGate transport only (As4Sender → As4Servlet)", size, transportSide, warm, count);
            Figures stockSecond = row("stock phase4 pair, run 2", size, stockSide, warm, count);
            Figures stock = stockFirst.plus(stockSecond, "stock phase4 pair, runs 1+2 (baseline)");
            table.addAll(List.of(stockFirst, unvalidated, validated, transport, stockSecond, stock));

            // the target is stated for 10 KB over a steady run of 100 000 messages (--steady); rows of a few
            // thousand messages are dominated by JIT warm-up, and SilkGate has far more code to compile than the bare
            // pair
            rows.add(new BenchRow(
                    "as4 end to end " + size + ", validation off (vs stock phase4 pair)",
                    unvalidated.perSecond(),
                    stock.perSecond(),
                    "msg/s",
                    new BenchRow.Informative()));
            rows.add(new BenchRow(
                    "as4 end to end " + size + ", validation on (vs stock phase4 pair)",
                    validated.perSecond(),
                    stock.perSecond(),
                    "msg/s",
                    new BenchRow.Informative()));
            rows.add(new BenchRow(
                    "as4 transport only " + size + " (vs stock phase4 pair)",
                    transport.perSecond(),
                    stock.perSecond(),
                    "msg/s",
                    new BenchRow.Informative()));
        }

        out.println();
        printHeader(out);
        table.forEach(f -> printRow(out, f));
        for (int i = 0; i < rows.size(); i += 3) {
            BenchRow endToEnd = rows.get(i);
            out.printf(
                    "ratio at %s, SilkGate / stock phase4 pair (msg/s): %.2f× end to end validation off, %.2f× validation on,"
                            + " %.2f× transport only (informative: the target, ≥ %.2f× at 10 KB, is judged on --steady 100000)%n",
                    documents.get(i / 3).label(),
                    endToEnd.ratio(),
                    rows.get(i + 1).ratio(),
                    rows.get(i + 2).ratio(),
                    TARGET_RATIO);
        }
        out.printf(
                "load average %.2f at start, %.2f at end; %d cores%n",
                loadAtStart, loadAverage(), Runtime.getRuntime().availableProcessors());
        out.flush();
        return rows;
    }

    /**
     * {@code --steady N}: SilkGate end to end (10 KB, validation as asked) for N messages in ten blocks, each followed by
     * a block of the stock pair, so that both sides run equally warm and the machine's drift (large on a shared
     * machine: docs/performance.md) falls on both. Per block: both throughputs and the heap after a full GC
     * (a leak shows as a rising heap); at the end both sides over all blocks and their ratio.
     */
    private void steady(PrintWriter out) throws Exception {
        int blocks = 10;
        if (steady < blocks || steadyBaseline < blocks) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--steady and --steady-baseline need at least " + blocks + " messages each, one per block");
        }
        double loadAtStart = loadAverage();
        BenchTender document = BenchTender.ofSize("10k");
        BenchTender.requireValid(DocumentValidator.create(), List.of(document));
        Path run = runFolder();
        Path pki = pki(run);
        InvalidDocumentPolicy validation = steadyValidation ? InvalidDocumentPolicy.REJECT : InvalidDocumentPolicy.OFF;
        String silkgateName = "SilkGate end to end, validation " + (validation.validates() ? "on" : "off");
        out.printf(
                "steady: %d messages of %d bytes, %s, durability %s, %d threads, %d warm-up messages per side;"
                        + " after each of the %d blocks, %d messages of the stock pair (after %d warm-up messages)%n",
                steady,
                document.xml().length,
                silkgateName,
                durabilityText(),
                threads,
                warmup,
                blocks,
                steadyBaseline / blocks,
                STOCK_BLOCK_WARMUP);
        out.flush();
        SideFactory stockSide = () -> stockPair(pki, document);
        warmUpJvm(document.label(), warmup, stockSide, () -> silkgatePair(pki, run, document, validation));

        Figures silkgate = null;
        Figures stock = null;
        List<BenchCharts.Block> chart = new ArrayList<>();
        out.printf(
                "%-8s %10s %12s %12s %8s %16s%n",
                "block", "messages", "SG msg/s", "stock msg/s", "ratio", "heap after GC MiB");
        try (Side silkgateSide = silkgatePair(pki, run, document, validation)) {
            closedLoop(silkgateSide, warmup);
            for (int block = 1; block <= blocks; block++) {
                int count = steady / blocks + (block <= steady % blocks ? 1 : 0);
                Figures silkgateBlock = settledBlock(silkgateName, document.label(), silkgateSide, count);
                silkgate = silkgate == null ? silkgateBlock : silkgate.plus(silkgateBlock, silkgateName);
                double heap = heapAfterGcMiB();
                Figures stockBlock;
                try (Side stockPair = stockSide.start()) {
                    closedLoop(stockPair, STOCK_BLOCK_WARMUP);
                    stockBlock = settledBlock(
                            "stock phase4 pair, between the blocks (baseline)",
                            document.label(),
                            stockPair,
                            steadyBaseline / blocks);
                }
                stock = stock == null ? stockBlock : stock.plus(stockBlock, stockBlock.name());
                chart.add(new BenchCharts.Block(block, silkgateBlock.perSecond(), stockBlock.perSecond()));
                out.printf(
                        "%-8d %10d %12.1f %12.1f %7.2f× %16.0f%n",
                        block,
                        count,
                        silkgateBlock.perSecond(),
                        stockBlock.perSecond(),
                        silkgateBlock.perSecond() / stockBlock.perSecond(),
                        heap);
                out.flush();
            }
        }

        out.println();
        printHeader(out);
        for (Figures f : List.of(stock, silkgate)) printRow(out, f);
        out.printf(
                "ratio SilkGate end to end / stock phase4 pair (msg/s): %.2f× over %d messages (target ≥ %.2f×)%n",
                silkgate.perSecond() / stock.perSecond(), steady, TARGET_RATIO);
        out.printf(
                "load average %.2f at start, %.2f at end; %d cores%n",
                loadAtStart, loadAverage(), Runtime.getRuntime().availableProcessors());
        Path picture = BenchCharts.write(
                run.resolve("steady.svg"),
                BenchCharts.steady(
                        "%s against the stock phase4 pair, %d messages in %d blocks"
                                .formatted(silkgateName, steady, blocks),
                        chart));
        out.printf("chart: %s%n", picture);
        out.flush();
    }

    /** {@code --durability}, else the access points' own default. */
    ApConfig withDurability(ApConfig config) {
        return durability == null ? config : config.withDurability(durability);
    }

    String durabilityText() {
        return durability == null ? "the access points' default" : durability.optionValue();
    }

    /** The documents of {@code --sizes}, each checked against SilkGate's validator. */
    private List<BenchTender> documents() {
        if (sizes == null || sizes.isEmpty())
            throw new IllegalArgumentException("--sizes: name at least one of 10k, 1m");
        List<BenchTender> documents = sizes.stream().map(BenchTender::ofSize).toList();
        BenchTender.requireValid(DocumentValidator.create(), documents);
        return documents;
    }

    Path runFolder() throws Exception {
        return Files.createDirectories(work.toAbsolutePath()).resolve("run-" + System.currentTimeMillis());
    }

    static Path pki(Path run) throws Exception {
        Path pki = run.resolve("pki");
        DevPki.init(PkiOptions.defaults(pki));
        return pki;
    }

    private static void printHeader(PrintWriter out) {
        out.printf("%-6s %-52s %9s %8s %8s %11s%n", "size", "", "msg/s", "p50 ms", "p99 ms", "CPU ms/msg");
    }

    private static void printRow(PrintWriter out, Figures f) {
        out.printf(
                "%-6s %-52s %9.1f %8.1f %8.1f %11.1f%n",
                f.size(),
                f.name(),
                f.perSecond(),
                f.percentileMillis(0.5),
                f.percentileMillis(0.99),
                f.cpuMillisPerMessage());
    }

    /**
     * Runs every side once, unmeasured, before the first measured row: the JIT compiles the code the sides share
     * (XML security, crypto, phase4) on the first messages of whichever side runs first, which would otherwise cost
     * that row alone and make the first row of a size look several times slower than the same side later.
     */
    private void warmUpJvm(String size, int count, SideFactory... sides) throws Exception {
        for (int i = 0; i < sides.length; i++) {
            try (Side side = sides[i].start()) {
                System.err.printf("warming up the JVM: %s, side %d of %d%n", size, i + 1, sides.length);
                closedLoop(side, count);
            }
        }
    }

    /** Starts the side, warms it up, measures it and stops it. */
    private Figures row(String name, String size, SideFactory factory, int warm, int count) throws Exception {
        try (Side side = factory.start()) {
            System.err.printf("warming up: %s, %s%n", size, name);
            closedLoop(side, warm);
            System.err.printf("measuring: %s, %s%n", size, name);
            long cpuBefore = processCpuNanos();
            long start = System.nanoTime();
            long[] latencies = closedLoop(side, count);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Figures(name, size, seconds, latencies, (processCpuNanos() - cpuBefore) / 1e6);
        }
    }

    /** The baseline: phase4 the stock way. */
    private static Side stockPair(Path pki, BenchTender document) throws Exception {
        StockPhase4Pair pair = StockPhase4Pair.start(pki);
        return new Side() {
            @Override
            public long sendOne() {
                long start = System.nanoTime();
                pair.send(document.xml());
                return System.nanoTime() - start;
            }

            @Override
            public void close() throws Exception {
                pair.close();
            }
        };
    }

    /** The receiving side of the transport row: the payload read (decrypted and decompressed), nothing decided. */
    private static InboundDecision readPayloadAndAccept(IncomingUserMessage incoming) {
        try (var in = incoming.attachments().get(0).open()) {
            in.readAllBytes();
            return new InboundDecision.Accepted();
        } catch (java.io.IOException e) {
            return new InboundDecision.Refused(InboundDecision.Reason.UNREADABLE_PAYLOAD, e.getMessage());
        }
    }

    /** Two full access points; a message is done when the document reaches the Georgian back office's webhook. */
    private Side silkgatePair(Path pki, Path run, BenchTender document, InvalidDocumentPolicy validation)
            throws Exception {
        // one entry per message in flight: added by whichever comes first, the submit or the webhook, removed once read
        Map<String, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();
        // the Georgian back office's webhook, over TLS as the access point requires (it presents a dev TLS certificate)
        HttpsServer backOffice = PkiTls.loopbackHttpsServer(PkiTls.accessPointKeystore(pki, "GE"));
        ExecutorService backOfficeThreads = Executors.newFixedThreadPool(4);
        backOffice.setExecutor(backOfficeThreads);
        backOffice.createContext("/c4", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("X-SilkGate-Message-Id");
            arrivals.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(System.nanoTime());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        backOffice.start();
        String folder = validation.name().toLowerCase(java.util.Locale.ROOT) + "-" + System.nanoTime();
        ApConfig geConfig = georgia(
                pki,
                run.resolve("ge-" + folder),
                validation,
                "https://127.0.0.1:" + backOffice.getAddress().getPort() + "/c4");
        AccessPoint georgia = null;
        AccessPoint kazakhstan = null;
        try {
            georgia = AccessPoint.start(geConfig, validator, Clock.systemUTC());
            kazakhstan = AccessPoint.start(
                    kazakhstan(pki, run.resolve("kz-" + folder), validation, georgia.as4Url()),
                    validator,
                    Clock.systemUTC());
        } catch (Exception | Error e) {
            closeAfterFailure(e, kazakhstan, georgia, () -> backOffice.stop(0), backOfficeThreads::shutdownNow);
            throw e;
        }
        AccessPoint sender = kazakhstan;
        AccessPoint receiver = georgia;
        return new Side() {
            @Override
            public long sendOne() throws Exception {
                long start = System.nanoTime();
                String id = sender.submissions()
                        .submit(new Submission(document.xml(), Optional.of(SUPPLIER), Optional.of(BUYER), "bench"));
                long arrived = arrivals.computeIfAbsent(id, k -> new CompletableFuture<>())
                        .get(120, TimeUnit.SECONDS);
                arrivals.remove(id);
                return arrived - start;
            }

            @Override
            public void close() throws Exception {
                closeAll(sender, receiver, () -> backOffice.stop(0), backOfficeThreads::shutdownNow);
            }
        };
    }

    /** The receiving access point (GE, journal and broker its own), delivering to the back office's {@code webhook}. */
    ApConfig georgia(Path pki, Path data, InvalidDocumentPolicy validation, String webhook) {
        return withDurability(
                ApConfig.of("SG-AP-GE-001", "GE", pki.resolve("ap-GE.p12"), pki.resolve("truststore.p12"), data)
                        .withInvalidDocuments(validation)
                        .withServedParticipants(Set.of(BUYER))
                        .withTls(tls(pki, "GE"))
                        .withBackOfficeDelivery(false, Optional.of(webhook)));
    }

    /** The sending access point (KZ), routing the buyer to {@code georgiaAs4Url}; journal and broker its own. */
    ApConfig kazakhstan(Path pki, Path data, InvalidDocumentPolicy validation, String georgiaAs4Url) {
        return withDurability(ApConfig.of(
                        "SG-AP-KZ-001", "KZ", pki.resolve("ap-KZ.p12"), pki.resolve("truststore.p12"), data)
                .withInvalidDocuments(validation)
                .withTls(tls(pki, "KZ"))
                .withServedParticipants(Set.of(SUPPLIER))
                .withStaticRoutes(Map.of(BUYER, new ApConfig.StaticRoute(georgiaAs4Url, pki.resolve("ap-GE.pem")))));
    }

    /** An access point's TLS: its listener presents {@code tls-CC.p12}; as a client it trusts the dev root. */
    private static ApConfig.Tls tls(Path pki, String country) {
        return ApConfig.Tls.of(PkiTls.accessPointKeystore(pki, country), PkiTls.truststore(pki));
    }

    /**
     * SilkGate's AS4 sender and servlet with nothing behind them: no validation, journal, broker or delivery; over TLS
     * as between two access points.
     */
    private static Side silkgateTransport(Path pki, BenchTender document) throws Exception {
        CrlFiles crls = new CrlFiles(
                List.of(pki.resolve(DevPki.AP_CA + ".crl"), pki.resolve(DevPki.ROOT_CA + ".crl")), Clock.systemUTC());
        ApIdentity georgia =
                ApIdentity.load(pki.resolve("ap-GE.p12"), Optional.empty(), pki.resolve("truststore.p12"), crls);
        ApIdentity kazakhstan =
                ApIdentity.load(pki.resolve("ap-KZ.p12"), Optional.empty(), pki.resolve("truststore.p12"), crls);
        LoopbackAs4Endpoint receiver = LoopbackAs4Endpoint.start(
                PkiTls.accessPointKeystore(pki, "GE"),
                url -> new As4Servlet(
                        Phase4Crypto.of(georgia),
                        new InboundAs4Processor(As4Bench::readPayloadAndAccept),
                        url,
                        ApConfig.DEFAULT_MAX_MESSAGE_BYTES));
        As4Sender as4Sender = new As4Sender(
                kazakhstan,
                Phase4Crypto.of(kazakhstan),
                StaticEndpointResolver.everythingTo(new Endpoint(receiver.url(), georgia.certificate())),
                PkiTls.connections(pki),
                Clock.systemUTC());
        OutboundPreparation preparation = new OutboundPreparation("SG-AP-KZ-001", "KZ", Clock.systemUTC());
        return new Side() {
            @Override
            public long sendOne() {
                OutboundMessage message = preparation.prepare(document.xml(), SUPPLIER, BUYER);
                long start = System.nanoTime();
                SendResult result = as4Sender.send(message);
                // a transient failure (a pooled connection the server had closed) is sent again, as SilkGate's send
                // queue would do
                for (int retry = 0;
                        retry < 3 && result instanceof SendResult.Failed failed && failed.transientFailure();
                        retry++) {
                    result = as4Sender.send(message);
                }
                if (!(result instanceof SendResult.Delivered))
                    throw new IllegalStateException("SilkGate transport send failed: " + result);
                return System.nanoTime() - start;
            }

            @Override
            public void close() throws Exception {
                closeAll(as4Sender, receiver);
            }
        };
    }

    /** Closes each in turn even when one fails; rethrows the first failure. */
    static void closeAll(AutoCloseable... closeables) throws Exception {
        Exception first = null;
        for (AutoCloseable closeable : closeables) {
            if (closeable == null) continue;
            try {
                closeable.close();
            } catch (Exception e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }

    static void closeAfterFailure(Throwable failure, AutoCloseable... closeables) {
        try {
            closeAll(closeables);
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    /** {@code count} messages over {@link #threads} threads; the latencies, one per message. */
    long[] closedLoop(Side side, int count) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[count];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement())
                        latencies[i] = side.sendOne();
                    return null;
                }));
            }
            for (Future<?> worker : workers) worker.get();
        } finally {
            pool.shutdownNow();
        }
        return latencies;
    }

    /**
     * One block of {@code --steady}, started on an idle process and timed until the process is idle again: work a side
     * leaves behind (the last deliveries' journal writes, H2's compaction, garbage collection) is charged to it and not
     * to the side after it. The wait for idleness costs each block half a second or more.
     */
    private Figures settledBlock(String name, String size, Side side, int count) throws Exception {
        settle();
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        long[] latencies = closedLoop(side, count);
        settle();
        return new Figures(
                name, size, (System.nanoTime() - start) / 1e9, latencies, (processCpuNanos() - cpuBefore) / 1e6);
    }

    /**
     * Waits until the process is idle (under a tenth of a core over half a second), at most a minute: what one side
     * left running (journal housekeeping, compilation, garbage collection) is not charged to the other.
     */
    private static void settle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            long cpu = processCpuNanos();
            Thread.sleep(500);
            if (processCpuNanos() - cpu < TimeUnit.MILLISECONDS.toNanos(50)) return;
        }
    }

    private static double heapAfterGcMiB() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
