package org.silkgate.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.silkgate.ap.AccessPoint;
import org.silkgate.ap.ApConfig;
import org.silkgate.ap.as4.As4Sender;
import org.silkgate.ap.as4.As4Servlet;
import org.silkgate.ap.as4.InboundAs4Processor;
import org.silkgate.ap.as4.OutboundMessage;
import org.silkgate.ap.as4.SendResult;
import org.silkgate.ap.inbound.InboundDecision;
import org.silkgate.ap.outbound.Endpoint;
import org.silkgate.ap.outbound.StaticEndpointResolver;
import org.silkgate.ap.trust.ApIdentity;
import org.silkgate.ap.trust.CrlFiles;
import org.silkgate.pki.DevPki;
import org.silkgate.pki.PkiOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench as4}: two SilkGate access points on this machine (KZ → GE) measured end to end, from the back-office
 * submit at C2 to the document arriving at a C4 webhook, with validation, journal, broker and inbox on; and in the same
 * run the baseline: a bare AS4 sender → receiver pair with the same phase4 crypto, trust checks and SBDH, but nothing
 * else (no validation, journal, broker or delivery). Closed loop: each thread sends its next message when the previous
 * one arrived.
 */
@Command(name = "as4", mixinStandardHelpOptions = true, sortOptions = false,
        description = "End-to-end messages/s and latency of two SilkGate access points against a bare phase4 pair.")
final class As4Bench implements Callable<Integer> {
    private static final String SUPPLIER = "9970:980540001256";
    private static final String BUYER = "9972:204493002";

    @Option(names = "--messages", defaultValue = "400", description = "measured messages per side (default ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--warmup", defaultValue = "200", description = "unmeasured messages per side first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--threads", defaultValue = "8", description = "sending threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--work", defaultValue = "target/bench-as4", description = "work folder (default ${DEFAULT-VALUE})")
    Path work;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private record Figures(String name, int messages, double seconds, List<Long> latenciesNanos, double cpuMillis) {
        double perSecond() { return messages / seconds; }

        /** Two runs of the same side as one. */
        Figures plus(Figures other) {
            List<Long> both = new ArrayList<>(latenciesNanos);
            both.addAll(other.latenciesNanos);
            return new Figures(name, messages + other.messages, seconds + other.seconds, both, cpuMillis + other.cpuMillis);
        }

        double percentileMillis(double p) {
            List<Long> sorted = new ArrayList<>(latenciesNanos);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
        }
    }

    /** Issue 5: SilkGate end to end, journal and broker on, at least as many messages/s as the bare pair. */
    static final double TARGET_RATIO = 1.0;

    @Override
    public Integer call() throws Exception {
        measure(spec.commandLine().getOut());
        return 0;
    }

    /**
     * Runs with this command's options and prints as it goes. Two rows against the same bare pair: SilkGate with
     * validation off (the target: the transport, journal, broker and delivery) and with validation on.
     */
    List<BenchRow> measure(PrintWriter out) throws Exception {
        Path run = Files.createDirectories(work.toAbsolutePath()).resolve("run-" + System.currentTimeMillis());
        Path pki = run.resolve("pki");
        DevPki.init(PkiOptions.defaults(pki));
        byte[] tender = document();
        out.printf("document: CAREC Tender, %d bytes; %d threads; %d warm-up + %d measured messages per side%n",
                tender.length, threads, warmup, messages);

        // bare, SilkGate twice, bare again: drift (JIT, the neighbours' load) falls on both sides
        Figures bareFirst = barePair(pki, run, tender);
        Figures unvalidated = silkgatePair(pki, run, tender, ApConfig.InvalidDocumentPolicy.OFF);
        Figures validated = silkgatePair(pki, run, tender, ApConfig.InvalidDocumentPolicy.REJECT);
        Figures bare = bareFirst.plus(barePair(pki, run, tender));

        out.printf("%-48s %10s %9s %9s %12s%n", "", "msg/s", "p50 ms", "p99 ms", "CPU ms/msg");
        for (Figures f : List.of(bare, unvalidated, validated)) {
            out.printf("%-48s %10.1f %9.1f %9.1f %12.1f%n", f.name(), f.perSecond(), f.percentileMillis(0.5),
                    f.percentileMillis(0.99), f.cpuMillis() / f.messages());
        }
        out.printf("ratio SilkGate / bare pair: %.2f× messages/s validation off, %.2f× validation on (load average %.2f)%n",
                unvalidated.perSecond() / bare.perSecond(), validated.perSecond() / bare.perSecond(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.flush();
        return List.of(
                new BenchRow("as4 end to end, validation off (vs bare phase4)", unvalidated.perSecond(), bare.perSecond(),
                        "msg/s", new BenchRow.LeastRatio(TARGET_RATIO)),
                new BenchRow("as4 end to end, validation on (vs bare phase4)", validated.perSecond(), bare.perSecond(),
                        "msg/s", new BenchRow.Informative()));
    }

    /** The baseline: the same AS4 sender and receiving processor, a receiver sink that stores nothing. */
    private Figures barePair(Path pki, Path run, byte[] tender) throws Exception {
        CrlFiles crls = new CrlFiles(List.of(pki.resolve("ap-ca.crl"), pki.resolve("root-ca.crl")));
        ApIdentity georgia = ApIdentity.load(pki.resolve("ap-GE.p12"), Optional.empty(), pki.resolve("truststore.p12"), crls);
        ApIdentity kazakhstan = ApIdentity.load(pki.resolve("ap-KZ.p12"), Optional.empty(), pki.resolve("truststore.p12"), crls);
        org.silkgate.ap.as4.Phase4Runtime.acquire();
        Server server = new Server();
        try {
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            connector.open();
            String url = "http://127.0.0.1:" + connector.getLocalPort() + "/as4";
            ServletContextHandler context = new ServletContextHandler();
            context.addServlet(new ServletHolder(new As4Servlet(crypto(georgia), new InboundAs4Processor(georgia.trust(),
                    message -> new InboundDecision.Accepted()), url, ApConfig.DEFAULT_MAX_MESSAGE_BYTES)), "/as4");
            server.setHandler(context);
            server.start();
            try (As4Sender sender = new As4Sender(kazakhstan, crypto(kazakhstan),
                    StaticEndpointResolver.everythingTo(new Endpoint(url, georgia.certificate())))) {
                var preparation = new org.silkgate.ap.outbound.OutboundPreparation("SG-AP-KZ-001", "KZ");
                Callable<Long> one = () -> {
                    OutboundMessage message = preparation.prepare(tender, SUPPLIER, BUYER);
                    long start = System.nanoTime();
                    SendResult result = sender.send(message);
                    // a transient failure (a pooled connection the server had closed) is sent again, as SilkGate's
                    // send queue would do
                    for (int retry = 0; retry < 3 && result instanceof SendResult.Failed failed && failed.transientFailure(); retry++) {
                        result = sender.send(message);
                    }
                    if (!(result instanceof SendResult.Delivered)) throw new IllegalStateException("bare send failed: " + result);
                    return System.nanoTime() - start;
                };
                closedLoop(one, warmup);
                return measure("bare phase4 pair (AS4 only), two runs", one);
            }
        } finally {
            server.stop();
            org.silkgate.ap.as4.Phase4Runtime.release();
        }
    }

    /** Two full access points; completion is the document reaching the Georgian back office's webhook. */
    private Figures silkgatePair(Path pki, Path run, byte[] tender, ApConfig.InvalidDocumentPolicy validation) throws Exception {
        Map<String, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();
        HttpServer backOffice = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
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
        ApConfig geConfig = ApConfig.of("SG-AP-GE-001", "GE", pki.resolve("ap-GE.p12"), pki.resolve("truststore.p12"),
                        run.resolve("ge-" + validation)).withInvalidDocuments(validation).withServedParticipants(Set.of(BUYER))
                .withBackOfficeDelivery(false, Optional.of("http://127.0.0.1:" + backOffice.getAddress().getPort() + "/c4"));
        try (AccessPoint georgia = AccessPoint.start(geConfig);
             AccessPoint kazakhstan = AccessPoint.start(ApConfig.of("SG-AP-KZ-001", "KZ", pki.resolve("ap-KZ.p12"),
                     pki.resolve("truststore.p12"), run.resolve("kz-" + validation)).withInvalidDocuments(validation).withStaticRoutes(Map.of(BUYER,
                     new ApConfig.StaticRoute(georgia.as4Url(), pki.resolve("ap-GE.pem")))))) {
            Callable<Long> one = () -> {
                long start = System.nanoTime();
                String id = kazakhstan.outbound().submit(tender, SUPPLIER, BUYER);
                long arrived = arrivals.computeIfAbsent(id, k -> new CompletableFuture<>()).get(120, TimeUnit.SECONDS);
                arrivals.remove(id);
                return arrived - start;
            };
            closedLoop(one, warmup);
            return measure("SilkGate end to end (C1 submit → C4), validation " + (validation.validates() ? "on" : "off"), one);
        } finally {
            backOffice.stop(0);
            backOfficeThreads.shutdownNow();
        }
    }

    private Figures measure(String name, Callable<Long> one) throws Exception {
        System.err.println("measuring: " + name);
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        List<Long> latencies = closedLoop(one, messages);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.println("measured: " + name);
        return new Figures(name, messages, seconds, latencies, (processCpuNanos() - cpuBefore) / 1e6);
    }

    private List<Long> closedLoop(Callable<Long> one, int count) throws Exception {
        AtomicInteger left = new AtomicInteger(count);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) latencies.add(one.call());
                    return null;
                }));
            }
            for (Future<?> worker : workers) worker.get();
        } finally {
            pool.shutdownNow();
        }
        return latencies;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static com.helger.phase4.crypto.IAS4CryptoFactory crypto(ApIdentity identity) {
        return new com.helger.phase4.crypto.AS4CryptoFactoryInMemoryKeyStore(identity.keyStore(), identity.alias(),
                identity.keyPassword(), identity.trustStore());
    }

    private static byte[] document() throws IOException {
        try (InputStream in = As4Bench.class.getResourceAsStream("/examples/tendering/Tender/valid.xml")) {
            if (in == null) throw new IllegalStateException("the validation-rules example Tender is not on the class path");
            return in.readAllBytes();
        }
    }
}
