package org.silkgate.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./silkgate bench SUBJECT}: benchmarks that print SilkGate's figures next to a baseline measured in the same
 * run, and the ratio. One subcommand per subject; a new benchmark is one more entry in {@code subcommands}.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Runs a benchmark and prints SilkGate's figures, the baseline's and the ratio.",
        subcommands = {
            ValidateBench.class,
            SmpBench.class,
            As4Bench.class,
            AllBench.class,
        })
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // phive logs a line per document and artefact at INFO; keep the console for the figures
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "name a benchmark");
    }
}
