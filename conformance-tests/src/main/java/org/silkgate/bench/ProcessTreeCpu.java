package org.silkgate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The CPU time of a process outside this JVM, such as the PostgreSQL server, with all its children (PostgreSQL runs a
 * process per connection and its background workers), read from {@code /proc} on Linux. A child that ended is counted
 * in its parent's "children" times once reaped, a live one in its own, so that the sum only grows.
 */
final class ProcessTreeCpu {
    private final ProcessHandle root;
    private final long ticksPerSecond;

    private ProcessTreeCpu(ProcessHandle root, long ticksPerSecond) {
        this.root = root;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** The process {@code pid} and its descendants; empty where {@code /proc} does not show it (not Linux, elsewhere). */
    static Optional<ProcessTreeCpu> of(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !Files.isReadable(stat(pid))) return Optional.empty();
        return Optional.of(new ProcessTreeCpu(process.get(), clockTicksPerSecond()));
    }

    /** User and system CPU of the process and its children, live and ended, in nanoseconds. */
    long nanos() {
        long ticks = Stream.concat(Stream.of(root), root.descendants())
                .mapToLong(process -> readTicks(process.pid()))
                .sum();
        return ticks * TimeUnit.SECONDS.toNanos(1) / ticksPerSecond;
    }

    /** utime + stime + cutime + cstime of one {@code /proc/PID/stat} line, in clock ticks. */
    static long ticks(String statLine) {
        // the command name (field 2) is in parentheses and may hold spaces and parentheses itself
        String[] fields =
                statLine.substring(statLine.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state); utime, stime, cutime and cstime are fields 14 to 17
        long ticks = 0;
        for (int field = 14; field <= 17; field++) ticks += Long.parseLong(fields[field - 3]);
        return ticks;
    }

    private static long readTicks(long pid) {
        try {
            return ticks(Files.readString(stat(pid), StandardCharsets.US_ASCII));
        } catch (IOException gone) {
            return 0; // a child that ended between the listing and the read: its time is in its parent's now
        }
    }

    private static Path stat(long pid) {
        return Path.of("/proc", Long.toString(pid), "stat");
    }

    /** The kernel's USER_HZ, the unit of {@code /proc} times: 100 on every common Linux, asked to be sure. */
    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String answer = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (getconf.waitFor() == 0 && answer.matches("\\d+")) return Long.parseLong(answer);
            return 100;
        } catch (IOException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
