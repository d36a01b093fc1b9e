package org.silkgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./silkgate bench all}: the validation, registry and AS4 benchmarks one after the other with short
 * durations (a few minutes in all; {@code --scale} lengthens every one of them), then one table of SilkGate against
 * each baseline, also written as JSON with the machine's figures for comparison with later runs.
 */
@Command(
        name = "all",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Runs the validate, smp and as4 benchmarks briefly and prints one table of ratios against their baselines.")
final class AllBench implements Callable<Integer> {
    @Option(
            names = "--scale",
            defaultValue = "1",
            description =
                    "multiplies every duration and message count (default ${DEFAULT-VALUE}: about 4 minutes in all)")
    double scale;

    @Option(
            names = "--only",
            split = ",",
            defaultValue = "validate,smp,as4",
            description = "run only these: validate, smp, as4 (default: all three)")
    List<String> only;

    @Option(
            names = "--out",
            defaultValue = "target/bench-all.json",
            description = "JSON results file (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--work", defaultValue = "target/bench-all", description = "work folder (default ${DEFAULT-VALUE})")
    Path work;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        for (String name : only) {
            if (!List.of("validate", "smp", "as4").contains(name)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--only: no benchmark '" + name + "'; there are validate, smp and as4");
            }
        }
        Instant started = Instant.now();
        double loadAtStart = loadAverage();
        List<BenchRow> rows = new ArrayList<>();
        if (only.contains("validate")) rows.addAll(section(console, "validate", validate()::measure));
        if (only.contains("smp")) rows.addAll(section(console, "smp", smp()::measure));
        if (only.contains("as4")) rows.addAll(section(console, "as4", as4()::measure));
        double loadAtEnd = loadAverage();

        console.println();
        console.print(table(rows));
        console.printf(
                "load average %.2f at start, %.2f at end; %d cores; %s%n",
                loadAtStart, loadAtEnd, Runtime.getRuntime().availableProcessors(), jvm());
        writeJson(out, rows, started, loadAtStart, loadAtEnd);
        console.printf("written to %s%n", out);
        if (rows.stream().anyMatch(r -> r.baseline() > 0)) {
            Path chart = BenchCharts.write(
                    out.resolveSibling(out.getFileName().toString().replaceFirst("\\.json$", "") + ".svg"),
                    BenchCharts.ratios("SilkGate against each baseline, measured in the same run", rows));
            console.printf("chart: %s%n", chart);
        }
        console.flush();
        return rows.stream().allMatch(BenchRow::met) ? 0 : 2;
    }

    private ValidateBench validate() {
        ValidateBench bench = new ValidateBench();
        bench.warmupSeconds = scaled(10);
        bench.windowSeconds = scaled(5);
        bench.windows = 2;
        bench.out = work.resolve("bench-validate.json");
        return bench;
    }

    private SmpBench smp() {
        SmpBench bench = new SmpBench();
        bench.participants = 2_000; // signing is the slow part of loading; hot lookups hit a map either way
        bench.clients = 16;
        bench.seconds = scaled(5);
        bench.warmup = scaled(2);
        return bench;
    }

    private As4Bench as4() {
        As4Bench bench = new As4Bench();
        bench.sizes = List.of("10k");
        bench.messages = scaled(300);
        bench.warmup = scaled(200);
        bench.threads = 8;
        bench.work = work.resolve("as4");
        return bench;
    }

    private int scaled(int base) {
        return Math.max(1, (int) Math.round(base * scale));
    }

    @FunctionalInterface
    interface Benchmark {
        List<BenchRow> measure(PrintWriter console) throws Exception;
    }

    private static List<BenchRow> section(PrintWriter console, String name, Benchmark benchmark) throws Exception {
        console.printf("%n==== bench %s ====%n", name);
        console.flush();
        long start = System.nanoTime();
        List<BenchRow> rows = benchmark.measure(console);
        console.printf("(bench %s took %.0f s)%n", name, (System.nanoTime() - start) / 1e9);
        if (rows.isEmpty()) console.printf("bench %s gave no figures: see its errors above%n", name);
        return rows;
    }

    /** The one table: benchmark, SilkGate, baseline, ratio, unit, target, met. */
    static String table(List<BenchRow> rows) {
        int width = Math.max(
                "benchmark".length(),
                rows.stream().mapToInt(r -> r.benchmark().length()).max().orElse(0));
        StringBuilder text = new StringBuilder();
        String format = "%-" + width + "s  %10s  %10s  %7s  %-10s  %-10s  %s%n";
        text.append(format.formatted("benchmark", "SilkGate", "baseline", "ratio", "unit", "target", "met?"));
        for (BenchRow row : rows) {
            text.append(format.formatted(
                    row.benchmark(),
                    "%.1f".formatted(row.silkgate()),
                    "%.1f".formatted(row.baseline()),
                    "%.2f×".formatted(row.ratio()),
                    row.unit(),
                    row.target().text(),
                    row.met() ? "yes" : "NO"));
        }
        return text.toString();
    }

    static void writeJson(Path file, List<BenchRow> rows, Instant started, double loadAtStart, double loadAtEnd)
            throws java.io.IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("benchmark", "all");
        root.put("started", started.toString());
        root.put("finished", Instant.now().toString());
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("loadAverageAtStart", loadAtStart);
        machine.put("loadAverageAtEnd", loadAtEnd);
        machine.put("jvm", jvm());
        machine.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        machine.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        ArrayNode results = root.putArray("results");
        for (BenchRow row : rows) {
            ObjectNode o = results.addObject();
            o.put("benchmark", row.benchmark());
            o.put("silkgate", row.silkgate());
            o.put("baseline", row.baseline());
            o.put("ratio", row.ratio());
            o.put("unit", row.unit());
            o.put("target", row.target().text());
            o.put("met", row.met());
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    private static String jvm() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
