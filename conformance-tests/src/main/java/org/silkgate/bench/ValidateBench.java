package org.silkgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.silkgate.validation.DocumentValidator;
import org.silkgate.validation.ValidationReport;
import org.silkgate.validation.examples.Examples;
import org.silkgate.validation.examples.Examples.Example;
import org.silkgate.validation.phive.PhiveValidator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Documents per second on a realistic Peppol BIS Billing 3.0 invoice (20 lines) for SilkGate's engine (full report)
 * and for phive on the same document and the same 2025.11 artefacts, in one JVM: a warm-up for both, then
 * alternating windows (A B B A ...) so that neighbours' load hits both alike, single-threaded and on all cores.
 * Every verdict is checked.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        version = "SilkGate bench validate 0.1.0",
        description =
                "SilkGate's validation engine against phive on a 20-line Peppol BIS invoice; prints docs/s and the ratio.")
final class ValidateBench implements Callable<Integer> {
    /** The target: SilkGate's engine, full report, at least 1.25 times phive's documents per second. */
    static final double TARGET_RATIO = 1.25;

    @Option(
            names = "--warmup-seconds",
            defaultValue = "60",
            description = "warm-up per thread count, shared by both engines (default 60)")
    int warmupSeconds;

    @Option(
            names = "--window-seconds",
            defaultValue = "10",
            description = "length of one measuring window (default 10)")
    int windowSeconds;

    @Option(
            names = "--windows",
            defaultValue = "4",
            description = "measuring windows per engine and thread count (default 4)")
    int windows;

    @Option(names = "--threads", split = ",", description = "thread counts to measure (default: 1 and all cores)")
    List<Integer> threadCounts;

    @Option(
            names = "--out",
            defaultValue = "target/bench-validate.json",
            description = "JSON results file (default ${DEFAULT-VALUE})")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One engine under test: validates and says whether the verdict was the expected one. */
    private record Engine(String name, Predicate<byte[]> validAsExpected) {}

    /** One measuring window. */
    private record Window(
            String engine,
            int threads,
            long documents,
            long wrongVerdicts,
            double seconds,
            double cpuMsPerDoc,
            double loadAverage) {
        double docsPerSecond() {
            return documents / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        measure(spec.commandLine().getOut());
        return 0;
    }

    /** Runs with this command's options, prints as it goes and writes {@code --out}; one row per thread count. */
    List<BenchRow> measure(PrintWriter console) throws Exception {
        List<BenchRow> rows = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> threads = threadCounts != null ? threadCounts : cores > 1 ? List.of(1, cores) : List.of(1);
        Example example = Examples.valid("billing", "Invoice");
        byte[] invoice = example.bytes();
        console.printf(
                "document: %s (%d bytes); %d cores; load average %.2f%n", example, invoice.length, cores, load());

        long t0 = System.nanoTime();
        DocumentValidator silkgate = DocumentValidator.create();
        double silkgateStart = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        PhiveValidator phive = PhiveValidator.create();
        boolean phiveFirst = phive.validate(invoice, "warm-up").valid();
        double phiveStart = (System.nanoTime() - t0) / 1e9;
        console.printf(
                "start-up (compile + first document): SilkGate %.1f s, phive %.1f s%n", silkgateStart, phiveStart);

        checkVerdictsAgree(silkgate, phive, console);
        if (!phiveFirst) throw new IllegalStateException("phive finds the valid invoice invalid: its set-up is broken");

        List<Engine> engines = List.of(
                new Engine(
                        "silkgate", doc -> silkgate.validate(doc, "invoice.xml").valid()),
                new Engine("phive", doc -> phive.validate(doc, "invoice.xml").valid()));

        ObjectMapper json = new ObjectMapper();
        ObjectNode result = json.createObjectNode();
        result.put("benchmark", "validate");
        result.put("started", Instant.now().toString());
        result.put("document", example.toString());
        result.put("documentBytes", invoice.length);
        result.put("cores", cores);
        result.put("loadAverageAtStart", load());
        result.put("warmupSeconds", warmupSeconds);
        result.put("windowSeconds", windowSeconds);
        result.put("windowsPerEngine", windows);
        result.put("startupSecondsSilkgate", silkgateStart);
        result.put("startupSecondsPhive", phiveStart);
        ArrayNode runs = result.putArray("runs");

        for (int n : threads) {
            console.printf("%n== %d thread%s: warm-up %d s ...%n", n, n == 1 ? "" : "s", warmupSeconds);
            // warm-up in alternating slices so both engines get the JIT's attention
            int slice = Math.max(1, Math.min(10, warmupSeconds / 2));
            for (int spent = 0; spent < warmupSeconds; spent += 2 * slice) {
                for (Engine e : engines) measure(e, n, slice, invoice);
            }
            List<Window> measured = new ArrayList<>();
            for (int w = 0; w < windows; w++) {
                // A B, then B A: a drifting neighbour load favours neither
                List<Engine> order = w % 2 == 0 ? engines : List.of(engines.get(1), engines.get(0));
                for (Engine e : order) {
                    Window window = measure(e, n, windowSeconds, invoice);
                    measured.add(window);
                    console.printf(
                            "  %-9s %6.1f docs/s  %5.1f CPU ms/doc  (load %.2f)%n",
                            e.name(), window.docsPerSecond(), window.cpuMsPerDoc(), window.loadAverage());
                }
            }
            double ours = rate(measured, "silkgate"), theirs = rate(measured, "phive");
            long wrong = measured.stream().mapToLong(Window::wrongVerdicts).sum();
            console.printf(
                    "  %d thread%s: SilkGate %.1f docs/s, phive %.1f docs/s, ratio %.2fx (CPU ms/doc %.1f vs %.1f), wrong verdicts %d%n",
                    n,
                    n == 1 ? "" : "s",
                    ours,
                    theirs,
                    ours / theirs,
                    cpu(measured, "silkgate"),
                    cpu(measured, "phive"),
                    wrong);
            ObjectNode run = runs.addObject();
            run.put("threads", n);
            run.put("silkgateDocsPerSecond", ours);
            run.put("phiveDocsPerSecond", theirs);
            run.put("ratio", ours / theirs);
            run.put("silkgateCpuMsPerDoc", cpu(measured, "silkgate"));
            run.put("phiveCpuMsPerDoc", cpu(measured, "phive"));
            run.put("cpuRatio", cpu(measured, "phive") / cpu(measured, "silkgate"));
            run.put("wrongVerdicts", wrong);
            rows.add(new BenchRow(
                    "validate, %d thread%s (vs phive)".formatted(n, n == 1 ? "" : "s"),
                    ours,
                    theirs,
                    "docs/s",
                    new BenchRow.LeastRatio(TARGET_RATIO)));
            ArrayNode windowArray = run.putArray("windows");
            for (Window w : measured) {
                ObjectNode o = windowArray.addObject();
                o.put("engine", w.engine());
                o.put("documents", w.documents());
                o.put("seconds", w.seconds());
                o.put("docsPerSecond", w.docsPerSecond());
                o.put("cpuMsPerDoc", w.cpuMsPerDoc());
                o.put("wrongVerdicts", w.wrongVerdicts());
                o.put("loadAverage", w.loadAverage());
            }
            if (wrong > 0) throw new IllegalStateException(wrong + " wrong verdicts during the benchmark");
        }
        result.put("loadAverageAtEnd", load());
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        json.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
        console.printf("%nresults written to %s%n", out);
        return rows;
    }

    /** Both engines must agree on every billing example before their speed means anything. */
    private static void checkVerdictsAgree(DocumentValidator silkgate, PhiveValidator phive, PrintWriter console) {
        int checked = 0;
        for (Example e : Examples.of("billing")) {
            ValidationReport ours = silkgate.validate(e.bytes(), e.toString());
            PhiveValidator.Verdict theirs = phive.validate(e.bytes(), e.toString());
            if (ours.valid() != theirs.valid() || ours.valid() != e.valid()) {
                throw new IllegalStateException("verdicts differ on " + e + ": SilkGate " + ours.outcome() + ", phive "
                        + (theirs.valid() ? "valid" : "invalid " + theirs.errorIds()));
            }
            checked++;
        }
        console.printf("verdicts agree on %d billing examples%n", checked);
    }

    private static Window measure(Engine engine, int threads, int seconds, byte[] document)
            throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(threads);
        long[] docs = new long[threads], wrong = new long[threads], cpuNanos = new long[threads];
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int me = i;
            Thread t = new Thread(
                    () -> {
                        long cpuStart = mx.getCurrentThreadCpuTime();
                        while (!stop.get()) {
                            if (!engine.validAsExpected().test(document)) wrong[me]++;
                            docs[me]++;
                        }
                        cpuNanos[me] = mx.getCurrentThreadCpuTime() - cpuStart;
                        done.countDown();
                    },
                    "bench-" + engine.name() + "-" + i);
            workers.add(t);
        }
        long start = System.nanoTime();
        workers.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long total = 0, totalWrong = 0, totalCpu = 0;
        for (int i = 0; i < threads; i++) {
            total += docs[i];
            totalWrong += wrong[i];
            totalCpu += cpuNanos[i];
        }
        return new Window(
                engine.name(), threads, total, totalWrong, elapsed, total == 0 ? 0 : totalCpu / 1e6 / total, load());
    }

    private static double rate(List<Window> windows, String engine) {
        long docs = 0;
        double seconds = 0;
        for (Window w : windows) {
            if (!w.engine().equals(engine)) continue;
            docs += w.documents();
            seconds += w.seconds();
        }
        return docs / seconds;
    }

    private static double cpu(List<Window> windows, String engine) {
        return windows.stream()
                .filter(w -> w.engine().equals(engine))
                .mapToDouble(Window::cpuMsPerDoc)
                .sorted()
                .skip(windows.stream().filter(w -> w.engine().equals(engine)).count() / 2)
                .findFirst()
                .orElse(0);
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
