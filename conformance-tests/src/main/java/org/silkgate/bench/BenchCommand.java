package org.silkgate.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./silkgate bench ...}: the benchmarks; each prints its figures next to a baseline measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark and print its figures with the ratio against a baseline from the same run.",
        subcommands = {SmpBench.class})
public final class BenchCommand implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
