package org.silkgate.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
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
import java.util.function.IntFunction;
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
import org.silkgate.smp.registry.HotCacheStats;
import org.silkgate.smp.store.MetadataRecord;
import org.silkgate.smp.store.ParticipantRecord;
import org.silkgate.smp.store.RegistryStore.Format;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./silkgate bench smp}: signed-metadata lookups against a registry of many participants, by N concurrent
 * loopback clients: first lookups of participants nobody looked up before (from the database), then hot lookups of a
 * set that fits the hot cache, both against a bare Jetty handler that serves the very same bytes from a map; and the
 * heap after a full GC with the hot cache empty and full, to show it bounded whatever the number of participants.
 */
@Command(
        name = "smp",
        mixinStandardHelpOptions = true,
        description =
                "SMP registry lookups/s (first from the database, then hot) and heap, against a static Jetty baseline.")
public final class SmpBench implements Callable<Integer> {
    private static final String DOCUMENT_TYPE = "urn:oasis:names:specification:ubl:schema:xsd:Tender-2::Tender"
            + "##urn:fdc:silkgate.carec:2026:tendering:1.0::2.4";
    private static final String PROCESS = "urn:fdc:silkgate.carec:2026:tendering:01:1.0";
    private static final String OWNER = "bench";
    private static final double MIB = 1024.0 * 1024.0;

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

    @Option(
            names = "--hot-set",
            defaultValue = "10000",
            description = "participants the hot runs look up again and again; at most half the participants, the"
                    + " others are for first lookups (default ${DEFAULT-VALUE})")
    int hotSet = 10_000;

    @Option(
            names = "--hot-cache-mib",
            defaultValue = "" + SmpConfig.DEFAULT_HOT_CACHE_MIB,
            description = "the registry's hot cache budget, as smp serve --hot-cache-mib (default ${DEFAULT-VALUE})")
    int hotCacheMib = SmpConfig.DEFAULT_HOT_CACHE_MIB;

    @Option(
            names = "--load-batch",
            defaultValue = "1000",
            description = "participants signed and inserted per transaction while loading (default ${DEFAULT-VALUE})")
    int loadBatch = 1_000;

    @Option(
            names = "--load-seconds",
            description = "stop loading after this many seconds and measure with the participants loaded so far (the"
                    + " output says how many); with --keep, the next run loads on from there (default: no limit)")
    Integer loadSeconds;

    @Option(
            names = "--keep",
            description = "keep the registry (its H2 database unless --db, and the dev PKI unless --pki) in this"
                    + " directory and reuse it: a later run loads only the participants still missing")
    Path keep;

    @Option(names = "--pki", description = "existing dev PKI directory (default: a new one in a temporary directory)")
    Path pki;

    @Option(names = "--db", description = "JDBC URL of the registry database (default: H2 in a temporary directory)")
    String jdbcUrl;

    /** The TLS client context of the lookups: the JDK's anchors plus the dev root. */
    private SSLContext tls;

    /** The targets on a 2-core machine: hot lookups, and first lookups that must go to the database. */
    static final double TARGET_HOT_LOOKUPS_PER_SECOND = 20_000;

    static final double TARGET_FIRST_LOOKUPS_PER_SECOND = 5_000;

    @Override
    public Integer call() throws Exception {
        List<BenchRow> rows = measure(new PrintWriter(System.out, true));
        return rows.isEmpty() ? 1 : 0;
    }

    /**
     * Runs with this command's options and prints as it goes; three rows (first lookups, hot lookups, each against the
     * static baseline, and the heap), or no row when a lookup failed.
     */
    List<BenchRow> measure(PrintWriter console) throws Exception {
        if (participants < 2) throw new IllegalArgumentException("--participants must be at least 2");
        Path work = keep != null ? keep : Files.createTempDirectory("silkgate-bench-smp");
        Path pkiDir = pki != null ? pki : work.resolve("pki");
        if (!Files.exists(pkiDir.resolve("smp.p12"))) {
            console.println("creating a dev PKI in " + pkiDir + " …");
            DevPki.init(PkiOptions.defaults(pkiDir));
        }
        // over TLS, as the registry serves a network: tls-smp.p12; the clients trust the dev root and check host names
        SmpConfig config = SmpConfig.defaults(work.resolve("data"), pkiDir.resolve("smp.p12"))
                .withTls(PkiTls.registryKeystore(pkiDir), null)
                .withHotCacheMib(hotCacheMib);
        tls = PkiTls.clientContext(pkiDir);
        if (jdbcUrl != null) config = config.withDatabase(jdbcUrl, null, null);
        try (SmpServer registry = SmpServer.start(config)) {
            SmpIdentifier doc =
                    SmpIdentifier.of(SmpIdentifier.Kind.DOCUMENT_TYPE, SmpIdentifier.DOCTYPE_SCHEME, DOCUMENT_TYPE);
            int loaded = load(registry, doc, apCertificate(pkiDir), console);
            if (loaded < 2)
                throw new IllegalStateException("only " + loaded + " participants loaded: too few to measure");
            int hotN = Math.max(1, Math.min(hotSet, loaded / 2));
            console.printf(
                    "SMP lookup benchmark: %d participants%s (hot set %d, the other %d for first lookups), %d clients,"
                            + " %d s per run after %d s warm-up, loopback over TLS (registry and baseline, one"
                            + " kept-alive connection per client), %s, hot cache %d MiB, heap at most %.0f MiB, %d CPUs,"
                            + " load average %s%n",
                    loaded,
                    loaded < participants ? " of the " + participants + " asked for" : "",
                    hotN,
                    loaded - hotN,
                    clients,
                    seconds,
                    warmup,
                    jdbcUrl == null ? "H2" : jdbcUrl,
                    hotCacheMib,
                    Runtime.getRuntime().maxMemory() / MIB,
                    Runtime.getRuntime().availableProcessors(),
                    loadAverage());
            String base = registry.baseUrl();
            String docPath = "/services/" + PathCodec.encode(doc.toString());
            IntFunction<byte[]> request = i -> KeepAliveConnection.get(URI.create(base + "/" + path(i) + docPath));
            URI target = URI.create(base);

            double heapEmpty = heapUsedAfterGcMib();
            console.printf("  heap used after GC, hot cache empty       : %8.1f MiB%n", heapEmpty);

            // First lookups: the participants outside the hot set in a random order, each looked up once at most, so
            // every one of them misses the hot cache and is read from the database. The warm-up before them runs the
            // same miss path (JIT) on the hot set's participants instead, dropping the hot cache after each pass over
            // them, so that no participant of the measured run has been read before.
            AtomicInteger warmNext = new AtomicInteger();
            long warmupEnd = System.nanoTime() + warmup * 1_000_000_000L;
            Result coldWarmup = drive(target, request, () -> {
                if (System.nanoTime() >= warmupEnd) return -1;
                int k = warmNext.getAndIncrement();
                if (k % hotN == hotN - 1) registry.registry().hotInvalidations().everythingChanged();
                return k % hotN;
            });
            registry.registry().hotInvalidations().everythingChanged(); // the measured run starts with nothing hot
            int[] cold = shuffled(hotN, loaded);
            AtomicInteger nextCold = new AtomicInteger();
            long coldEnd = System.nanoTime() + seconds * 1_000_000_000L;
            Result first = drive(target, request, () -> {
                if (System.nanoTime() >= coldEnd) return -1;
                int k = nextCold.getAndIncrement();
                return k < cold.length ? cold[k] : -1;
            });
            HotCacheStats afterFirst = registry.registry().hotCache();
            console.printf(
                    "  first lookups (from the database)        : %8.0f lookups/s  p50 %6.2f ms  p99 %6.2f ms  errors %d"
                            + "  (%d participants never looked up before; warm-up: %d lookups of the hot set, the cache"
                            + " dropped after each pass)%n",
                    first.perSecond(),
                    first.p50Millis(),
                    first.p99Millis(),
                    first.errors() + coldWarmup.errors(),
                    first.lookups(),
                    coldWarmup.lookups());
            console.printf("  hot cache after them                     : %s%n", describe(afterFirst));

            // The hot set: looked up once (so it is hot, as after a first lookup), its bytes also served by the
            // baseline.
            Map<String, byte[]> sameBytes = new HashMap<>();
            byte[][] hotRequests = new byte[hotN][];
            for (int i = 0; i < hotN; i++) {
                SmpIdentifier pid = participant(i);
                byte[] body = registry.registry()
                        .signedServiceMetadata(pid, doc, Format.PEPPOL)
                        .orElseThrow(() -> new IllegalStateException("participant " + pid + " has no metadata"));
                sameBytes.put("/" + path(i) + docPath, body);
                hotRequests[i] = request.apply(i);
            }
            HotCacheStats hotSetCached = registry.registry().hotCache();
            Result hot;
            Result baseline;
            try (StaticServer statics = StaticServer.start(sameBytes, PkiTls.registryKeystore(pkiDir))) {
                URI staticTarget = URI.create("https://127.0.0.1:" + statics.port());
                byte[][] staticRequests = new byte[hotN][];
                for (int i = 0; i < hotN; i++)
                    staticRequests[i] = KeepAliveConnection.get(
                            URI.create("https://127.0.0.1:" + statics.port() + "/" + path(i) + docPath));
                // Registry, baseline, registry again: drift (JIT, other load on the machine) falls on both sides.
                Result firstHot = run(target, i -> hotRequests[i], hotN);
                baseline = run(staticTarget, i -> staticRequests[i], hotN);
                hot = firstHot.plus(run(target, i -> hotRequests[i], hotN));
            }
            sameBytes = null;
            HotCacheStats afterHot = registry.registry().hotCache();
            console.printf(
                    "  registry, hot (two runs around baseline) : %8.0f lookups/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%n",
                    hot.perSecond(), hot.p50Millis(), hot.p99Millis(), hot.errors());
            console.printf(
                    "  baseline (static Jetty, same bytes)      : %8.0f lookups/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%n",
                    baseline.perSecond(), baseline.p50Millis(), baseline.p99Millis(), baseline.errors());
            console.printf(
                    "  ratio hot / baseline %.2f, first lookups / baseline %.2f   (load average now %s)%n",
                    hot.perSecond() / baseline.perSecond(), first.perSecond() / baseline.perSecond(), loadAverage());
            console.printf(
                    "  hot cache with the hot set               : %s%s%n",
                    describe(afterHot),
                    hotSetCached.participants() < hotN
                            ? "  (the hot set does not fit: raise --hot-cache-mib or lower --hot-set)"
                            : "");
            double heapFull = heapUsedAfterGcMib();
            console.printf(
                    "  heap used after GC, hot cache full       : %8.1f MiB (hot cache %.1f MiB, %d participants; heap"
                            + " with it empty %.1f MiB; -Xmx %.0f MiB)%n",
                    heapFull,
                    afterHot.mib(),
                    afterHot.participants(),
                    heapEmpty,
                    Runtime.getRuntime().maxMemory() / MIB);
            if (hot.errors() != 0 || baseline.errors() != 0 || first.errors() != 0 || coldWarmup.errors() != 0)
                return List.of();
            return List.of(
                    new BenchRow(
                            "smp, hot signed metadata (vs static Jetty)",
                            hot.perSecond(),
                            baseline.perSecond(),
                            "lookups/s",
                            new BenchRow.LeastFigure(TARGET_HOT_LOOKUPS_PER_SECOND)),
                    new BenchRow(
                            "smp, first lookups from the database (vs static Jetty)",
                            first.perSecond(),
                            baseline.perSecond(),
                            "lookups/s",
                            new BenchRow.LeastFigure(TARGET_FIRST_LOOKUPS_PER_SECOND)),
                    new BenchRow(
                            "smp, heap after GC with the hot cache full (vs empty), " + loaded + " participants",
                            heapFull,
                            heapEmpty,
                            "MiB",
                            new BenchRow.Informative()));
        }
    }

    private static String describe(HotCacheStats stats) {
        return "%.1f MiB of %.0f, %d participants, %d documents"
                .formatted(stats.mib(), stats.budgetMib(), stats.participants(), stats.documents());
    }

    private static SmpIdentifier participant(int i) {
        try {
            return SmpIdentifier.of(SmpIdentifier.Kind.PARTICIPANT, SmpIdentifier.ISO6523_SCHEME, value(i));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String value(int i) {
        return "9976:%010d".formatted(3_000_000_000L + i);
    }

    /** The participant's path segment, percent-encoded as clients send it. */
    private static String path(int i) {
        return PathCodec.encode(participant(i).toString());
    }

    /** {@code from .. to-1} in a random order. */
    private static int[] shuffled(int from, int to) {
        int[] order = new int[to - from];
        for (int i = 0; i < order.length; i++) order[i] = from + i;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** The heap in use after full collections (what is still reachable), in MiB. */
    private static double heapUsedAfterGcMib() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MIB;
    }

    /** One slice of participants, signed by every core while the slice before it is inserted. */
    private final class Slice {
        final int from;
        final ParticipantRecord[] people;
        final MetadataRecord[] signed;
        final List<Future<?>> jobs = new ArrayList<>();

        Slice(int from, int to, SmpServer registry, SmpIdentifier doc, String certificate, ExecutorService signers) {
            this.from = from;
            people = new ParticipantRecord[to - from];
            signed = new MetadataRecord[to - from];
            AtomicInteger next = new AtomicInteger();
            for (int t = 0; t < Runtime.getRuntime().availableProcessors(); t++) {
                jobs.add(signers.submit(() -> {
                    for (int k = next.getAndIncrement(); k < people.length; k = next.getAndIncrement()) {
                        int i = from + k;
                        SmpIdentifier pid = participant(i);
                        people[k] = new ParticipantRecord(pid, OWNER, "Bench Trader " + i, "AZ", null);
                        // signed as a PUT signs it: schema check, both dialects, one RSA-SHA256 signature each
                        signed[k] = registry.registry()
                                .signServiceMetadata(pid, doc, serviceMetadata(value(i), certificate));
                    }
                    return null;
                }));
            }
        }

        int to() {
            return from + people.length;
        }

        void await() throws Exception {
            for (Future<?> job : jobs) job.get();
        }
    }

    /**
     * Fills the registry through its storage layer, every document signed as a PUT would sign it, slice by slice
     * (only two slices in memory: one signing, one being inserted); participants a kept database already holds are
     * not loaded again. Returns how many participants the registry holds for the measurement: fewer than asked for
     * when {@code --load-seconds} ran out.
     */
    private int load(SmpServer registry, SmpIdentifier doc, X509Certificate apCert, PrintWriter console)
            throws Exception {
        if (registry.users().icds(OWNER).isEmpty()) registry.users().add(OWNER, "bench-password".toCharArray());
        long have = registry.registry().store().participantCount();
        if (have > 0
                && registry.registry()
                        .store()
                        .participant(participant((int) have - 1))
                        .isEmpty()) {
            throw new IllegalStateException("the database holds " + have + " participants that are not this"
                    + " benchmark's (or not loaded in its order): use an empty or a kept database");
        }
        int start = (int) Math.min(have, participants);
        if (start == participants) {
            console.printf("reusing %d of the %d participants already in the database (--keep)%n", start, have);
            return start;
        }
        if (start > 0)
            console.printf(
                    "%d participants already in the database; loading the other %d%n", start, participants - start);
        String certificate = Base64.getEncoder().encodeToString(apCert.getEncoded());
        int batch = Math.max(1, loadBatch);
        long t0 = System.nanoTime();
        long deadline = loadSeconds == null ? Long.MAX_VALUE : t0 + loadSeconds * 1_000_000_000L;
        long lastReport = t0;
        int loaded = start;
        ExecutorService signers =
                Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            Slice pending =
                    new Slice(start, Math.min(participants, start + batch), registry, doc, certificate, signers);
            while (pending != null) {
                Slice current = pending;
                current.await();
                pending = current.to() < participants && System.nanoTime() < deadline
                        ? new Slice(
                                current.to(),
                                Math.min(participants, current.to() + batch),
                                registry,
                                doc,
                                certificate,
                                signers)
                        : null;
                registry.registry().bulkLoad(Arrays.asList(current.people), Arrays.asList(current.signed));
                loaded = current.to();
                long now = System.nanoTime();
                if (now - lastReport > 30_000_000_000L) {
                    lastReport = now;
                    int done = current.to() - start;
                    console.printf(
                            "  loaded %d of %d (%.0f participants/s, load average %s)%n",
                            current.to(), participants, done / ((now - t0) / 1e9), loadAverage());
                }
            }
        } finally {
            signers.shutdownNow();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        console.printf(
                "loaded %d participants with signed metadata in %.1f s (%.0f participants/s, each signed twice:"
                        + " Peppol and BDXR), load average %s%n",
                loaded - start, secs, (loaded - start) / secs, loadAverage());
        if (loaded < participants) {
            console.printf(
                    "--load-seconds %d ran out: %d of %d participants in the registry; at this rate the other %d would"
                            + " take %.0f s more (a run with the same --keep loads on from here)%n",
                    loadSeconds,
                    loaded,
                    participants,
                    participants - loaded,
                    (participants - loaded) / ((loaded - start) / secs));
        }
        return loaded;
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

    /** Warm-up, then random lookups among {@code count} requests for the measured duration. */
    private Result run(URI target, IntFunction<byte[]> request, int count) throws Exception {
        long warmupEnd = System.nanoTime() + warmup * 1_000_000_000L;
        drive(
                target,
                request,
                () -> System.nanoTime() < warmupEnd
                        ? ThreadLocalRandom.current().nextInt(count)
                        : -1);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        return drive(
                target,
                request,
                () -> System.nanoTime() < end ? ThreadLocalRandom.current().nextInt(count) : -1);
    }

    /** The index of the next URL to look up, or -1 when the run is over. */
    @FunctionalInterface
    private interface NextIndex {
        int next();
    }

    /**
     * {@code clients} threads, each on its own keep-alive connection to {@code target}, one GET at a time (closed
     * loop). The hot runs' requests are encoded once beforehand, so a lookup costs the client one write and one read:
     * the server is what is measured; a first lookup's request is encoded when it is sent (a few microseconds against
     * a database read).
     */
    private Result drive(URI any, IntFunction<byte[]> requests, NextIndex nextIndex) throws Exception {
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
                            byte[] request = requests.apply(i);
                            long t0 = System.nanoTime();
                            KeepAliveConnection.Reply reply = connection.exchange(request);
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
