package org.silkgate.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.silkgate.network.PkiTls;
import org.silkgate.pki.DevPki;
import org.silkgate.pki.PkiOptions;
import org.silkgate.security.Keystores;
import org.silkgate.smp.SmpConfig;
import org.silkgate.smp.SmpServer;
import org.silkgate.smp.identifier.PathCodec;
import org.silkgate.smp.identifier.SmpIdentifier;
import org.silkgate.smp.store.MetadataRecord;
import org.silkgate.smp.store.ParticipantRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./silkgate bench smp}: signed-metadata lookups against a registry of many participants, by N concurrent
 * loopback clients, compared with a bare Jetty handler that serves the very same bytes from a map.
 */
@Command(
        name = "smp",
        mixinStandardHelpOptions = true,
        description = "SMP registry lookups/s and latency for SignedServiceMetadata, against a static Jetty baseline.")
public final class SmpBench implements Callable<Integer> {
    private static final String DOCUMENT_TYPE = "urn:oasis:names:specification:ubl:schema:xsd:Tender-2::Tender"
            + "##urn:fdc:silkgate.carec:2026:tendering:1.0::2.4";
    private static final String PROCESS = "urn:fdc:silkgate.carec:2026:tendering:01:1.0";

    @Option(
            names = "--participants",
            defaultValue = "10000",
            description = "participants in the registry (default ${DEFAULT-VALUE})")
    int participants;

    @Option(names = "--clients", defaultValue = "16", description = "concurrent clients (default ${DEFAULT-VALUE})")
    int clients;

    @Option(
            names = "--seconds",
            defaultValue = "10",
            description = "measured seconds per run (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(
            names = "--warmup",
            defaultValue = "3",
            description = "warm-up seconds before each run (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--pki", description = "existing dev PKI directory (default: a new one in a temporary directory)")
    Path pki;

    @Option(names = "--db", description = "JDBC URL of the registry database (default: H2 in a temporary directory)")
    String jdbcUrl;

    /** The TLS client context of the lookups: the JDK's anchors plus the dev root. */
    private SSLContext tls;

    /** The target: at least 10 000 signed-metadata lookups/s on a 2-core machine. */
    static final double TARGET_LOOKUPS_PER_SECOND = 10_000;

    @Override
    public Integer call() throws Exception {
        List<BenchRow> rows = measure(new PrintWriter(System.out, true));
        return rows.isEmpty() ? 1 : 0;
    }

    /**
     * Runs with this command's options and prints as it goes; one row, hot lookups against the static baseline, or
     * no row when a lookup failed.
     */
    List<BenchRow> measure(PrintWriter console) throws Exception {
        Path work = Files.createTempDirectory("silkgate-bench-smp");
        Path pkiDir = pki != null ? pki : work.resolve("pki");
        if (pki == null) {
            console.println("creating a dev PKI in " + pkiDir + " …");
            DevPki.init(PkiOptions.defaults(pkiDir));
        }
        // over TLS, as the registry serves a network: tls-smp.p12; the clients trust the dev root and check host names
        SmpConfig config = SmpConfig.defaults(work.resolve("data"), pkiDir.resolve("smp.p12"))
                .withTls(PkiTls.registryKeystore(pkiDir), null);
        tls = PkiTls.clientContext(pkiDir);
        if (jdbcUrl != null) config = config.withDatabase(jdbcUrl, null, null);
        try (SmpServer registry = SmpServer.start(config)) {
            List<URI> uris = load(registry, apCertificate(pkiDir), console);
            console.printf(
                    "SMP lookup benchmark: %d participants, %d clients, %d s per run after %d s warm-up, loopback over"
                            + " TLS (registry and baseline, one kept-alive connection per client), %s, %d CPUs, load average %s%n",
                    participants,
                    clients,
                    seconds,
                    warmup,
                    jdbcUrl == null ? "H2" : jdbcUrl,
                    Runtime.getRuntime().availableProcessors(),
                    loadAverage());

            Result cold = onePass(uris);
            console.printf(
                    "  first lookups (database, then cached)  : %8.0f lookups/s  p50 %6.2f ms  p99 %6.2f ms%n",
                    cold.perSecond(), cold.p50Millis(), cold.p99Millis());

            Map<String, byte[]> sameBytes = new HashMap<>();
            HttpClient fetch = PkiTls.httpClient(tls).build();
            for (URI uri : uris)
                sameBytes.put(
                        uri.getRawPath(),
                        fetch.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray())
                                .body());
            // Registry, baseline, registry again: drift (JIT, other load on the machine) falls on both sides.
            Result hot;
            Result baseline;
            try (StaticServer statics = StaticServer.start(sameBytes, PkiTls.registryKeystore(pkiDir))) {
                Result first = run(uris);
                baseline = run(uris.stream()
                        .map(u -> URI.create("https://127.0.0.1:" + statics.port() + u.getRawPath()))
                        .toList());
                hot = first.plus(run(uris));
            }
            console.printf(
                    "  registry, hot (two runs around baseline): %8.0f lookups/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%n",
                    hot.perSecond(), hot.p50Millis(), hot.p99Millis(), hot.errors());
            console.printf(
                    "  baseline (static Jetty, same bytes)     : %8.0f lookups/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%n",
                    baseline.perSecond(), baseline.p50Millis(), baseline.p99Millis(), baseline.errors());
            console.printf(
                    "  ratio registry / baseline               : %8.2f   (load average now %s)%n",
                    hot.perSecond() / baseline.perSecond(), loadAverage());
            if (hot.errors() != 0 || baseline.errors() != 0) return List.of();
            return List.of(new BenchRow(
                    "smp, hot signed metadata (vs static Jetty)",
                    hot.perSecond(),
                    baseline.perSecond(),
                    "lookups/s",
                    new BenchRow.LeastFigure(TARGET_LOOKUPS_PER_SECOND)));
        }
    }

    /** Fills the registry through its storage layer (signing every document as a PUT would) and lists the lookup URLs. */
    private List<URI> load(SmpServer registry, X509Certificate apCert, PrintWriter console) throws Exception {
        String owner = "bench";
        registry.users().add(owner, "bench-password".toCharArray());
        String certificate = Base64.getEncoder().encodeToString(apCert.getEncoded());
        SmpIdentifier doc =
                SmpIdentifier.of(SmpIdentifier.Kind.DOCUMENT_TYPE, SmpIdentifier.DOCTYPE_SCHEME, DOCUMENT_TYPE);
        long start = System.nanoTime();
        ParticipantRecord[] people = new ParticipantRecord[participants];
        MetadataRecord[] signed = new MetadataRecord[participants];
        ExecutorService signers =
                Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<?>> jobs = new ArrayList<>();
            AtomicInteger next = new AtomicInteger();
            for (int t = 0; t < Runtime.getRuntime().availableProcessors(); t++) {
                jobs.add(signers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < participants; i = next.getAndIncrement()) {
                        String value = "9976:%010d".formatted(3_000_000_000L + i);
                        SmpIdentifier pid =
                                SmpIdentifier.of(SmpIdentifier.Kind.PARTICIPANT, SmpIdentifier.ISO6523_SCHEME, value);
                        people[i] = new ParticipantRecord(pid, owner, "Bench Trader " + i, "AZ", null);
                        signed[i] =
                                registry.registry().signServiceMetadata(pid, doc, serviceMetadata(value, certificate));
                    }
                    return null;
                }));
            }
            for (Future<?> job : jobs) job.get();
        } finally {
            signers.shutdown();
        }
        registry.registry().bulkLoad(Arrays.asList(people), Arrays.asList(signed));
        console.printf(
                "loaded %d participants with signed metadata in %.1f s%n",
                participants, (System.nanoTime() - start) / 1e9);
        List<URI> uris = new ArrayList<>(participants);
        for (ParticipantRecord p : people) {
            uris.add(URI.create(registry.baseUrl() + "/" + PathCodec.encode(p.id().toString()) + "/services/"
                    + PathCodec.encode(doc.toString())));
        }
        return uris;
    }

    private static byte[] serviceMetadata(String participant, String certificate) {
        return """
                <ServiceMetadata xmlns="http://busdox.org/serviceMetadata/publishing/1.0/" \
                xmlns:ids="http://busdox.org/transport/identifiers/1.0/" xmlns:wsa="http://www.w3.org/2005/08/addressing">\
                <ServiceInformation><ids:ParticipantIdentifier scheme="iso6523-actorid-upis">%s</ids:ParticipantIdentifier>\
                <ids:DocumentIdentifier scheme="busdox-docid-qns">%s</ids:DocumentIdentifier><ProcessList><Process>\
                <ids:ProcessIdentifier scheme="cenbii-procid-ubl">%s</ids:ProcessIdentifier><ServiceEndpointList>\
                <Endpoint transportProfile="peppol-transport-as4-v2_0"><wsa:EndpointReference>\
                <wsa:Address>https://ap-az.example/as4</wsa:Address></wsa:EndpointReference>\
                <RequireBusinessLevelSignature>false</RequireBusinessLevelSignature><Certificate>%s</Certificate>\
                <ServiceDescription>bench</ServiceDescription><TechnicalContactUrl>mailto:ops@ap-az.example</TechnicalContactUrl>\
                </Endpoint></ServiceEndpointList></Process></ProcessList></ServiceInformation></ServiceMetadata>""".formatted(participant, DOCUMENT_TYPE, PROCESS, certificate).getBytes(StandardCharsets.UTF_8);
    }

    /** The 1-minute load average, because other processes on the machine move absolute figures (not the ratio much). */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static X509Certificate apCertificate(Path pkiDir) throws Exception {
        var ks = Keystores.load(pkiDir.resolve("ap-AZ.p12"), Optional.empty());
        for (String alias : java.util.Collections.list(ks.aliases())) {
            if (ks.isKeyEntry(alias)) return (X509Certificate) ks.getCertificate(alias);
        }
        throw new IllegalStateException("ap-AZ.p12 holds no key");
    }

    // ---- load generation ----

    record Result(long lookups, long errors, double seconds, long[] latenciesNanos) {
        double perSecond() {
            return lookups / seconds;
        }

        Result plus(Result other) {
            long[] merged = new long[latenciesNanos.length + other.latenciesNanos.length];
            System.arraycopy(latenciesNanos, 0, merged, 0, latenciesNanos.length);
            System.arraycopy(other.latenciesNanos, 0, merged, latenciesNanos.length, other.latenciesNanos.length);
            Arrays.sort(merged);
            return new Result(lookups + other.lookups, errors + other.errors, seconds + other.seconds, merged);
        }

        double p50Millis() {
            return percentile(0.50);
        }

        double p99Millis() {
            return percentile(0.99);
        }

        private double percentile(double p) {
            if (latenciesNanos.length == 0) return Double.NaN;
            return latenciesNanos[(int) Math.min(latenciesNanos.length - 1, Math.floor(p * latenciesNanos.length))]
                    / 1e6;
        }
    }

    /** Every URL once, shared among the clients: the first lookup of each document. */
    private Result onePass(List<URI> uris) throws Exception {
        AtomicInteger next = new AtomicInteger();
        return drive(uris, () -> {
            int i = next.getAndIncrement();
            return i < uris.size() ? i : -1;
        });
    }

    /** Warm-up, then random lookups for the measured duration. */
    private Result run(List<URI> uris) throws Exception {
        long warmupEnd = System.nanoTime() + warmup * 1_000_000_000L;
        drive(
                uris,
                () -> System.nanoTime() < warmupEnd
                        ? ThreadLocalRandom.current().nextInt(uris.size())
                        : -1);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        return drive(
                uris,
                () -> System.nanoTime() < end ? ThreadLocalRandom.current().nextInt(uris.size()) : -1);
    }

    /** The index of the next URL to look up, or -1 when the run is over. */
    @FunctionalInterface
    private interface NextIndex {
        int next();
    }

    /**
     * {@code clients} threads, each on its own keep-alive connection, one GET at a time (closed loop). The requests are
     * encoded once beforehand, so a lookup costs the client one write and one read: the server is what is measured.
     */
    private Result drive(List<URI> uris, NextIndex nextIndex) throws Exception {
        URI any = uris.get(0);
        byte[][] requests = new byte[uris.size()][];
        for (int i = 0; i < requests.length; i++) requests[i] = KeepAliveConnection.get(uris.get(i));
        ExecutorService drivers = Executors.newFixedThreadPool(clients);
        try {
            long start = System.nanoTime();
            List<Future<long[]>> results = new ArrayList<>();
            AtomicInteger errors = new AtomicInteger();
            for (int c = 0; c < clients; c++) {
                results.add(drivers.submit(() -> {
                    long[] latencies = new long[1 << 14];
                    int n = 0;
                    try (KeepAliveConnection connection = new KeepAliveConnection(
                            any.getHost(), any.getPort(), "https".equalsIgnoreCase(any.getScheme()) ? tls : null)) {
                        for (int i = nextIndex.next(); i >= 0; i = nextIndex.next()) {
                            long t0 = System.nanoTime();
                            KeepAliveConnection.Reply reply = connection.exchange(requests[i]);
                            long t1 = System.nanoTime();
                            if (reply.status() != 200 || reply.bodyLength() == 0) errors.incrementAndGet();
                            if (n == latencies.length) latencies = Arrays.copyOf(latencies, n * 2);
                            latencies[n++] = t1 - t0;
                        }
                    }
                    return Arrays.copyOf(latencies, n);
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> f : results) all.add(f.get());
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new Result(merged.length, errors.get(), elapsed, merged);
        } finally {
            drivers.shutdownNow();
        }
    }

    /** The baseline: a bare Jetty handler that answers each path with bytes from a map, over TLS as the registry. */
    private static final class StaticServer implements AutoCloseable {
        private final Server jetty;
        private final int port;

        private StaticServer(Server jetty, int port) {
            this.jetty = jetty;
            this.port = port;
        }

        static StaticServer start(Map<String, byte[]> documents, Path tlsKeystore) throws Exception {
            QueuedThreadPool threads = new QueuedThreadPool(200, 8);
            threads.setName("bench-static");
            Server jetty = new Server(threads);
            HttpConfiguration https = new HttpConfiguration();
            https.addCustomizer(new SecureRequestCustomizer(false));
            ServerConnector connector = new ServerConnector(
                    jetty,
                    1,
                    1,
                    new SslConnectionFactory(PkiTls.jettyServer(tlsKeystore), "http/1.1"),
                    new HttpConnectionFactory(https));
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            jetty.addConnector(connector);
            jetty.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    byte[] body = documents.get(request.getHttpURI().getPath());
                    if (body == null) {
                        Response.writeError(request, response, callback, 404);
                        return true;
                    }
                    response.setStatus(200);
                    response.getHeaders().put("Content-Type", "text/xml; charset=UTF-8");
                    response.write(true, ByteBuffer.wrap(body), callback);
                    return true;
                }
            });
            jetty.start();
            return new StaticServer(jetty, connector.getLocalPort());
        }

        int port() {
            return port;
        }

        @Override
        public void close() throws IOException {
            try {
                jetty.stop();
            } catch (Exception e) {
                throw new IOException("stopping the baseline server failed", e);
            }
        }
    }
}
