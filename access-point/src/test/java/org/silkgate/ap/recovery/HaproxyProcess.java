package org.silkgate.ap.recovery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The real HAProxy as a child process in the foreground ({@code -db}), its output in a log file, so that a test can
 * put it in front of access points and kill it. Tests that need it are skipped where HAProxy is not installed.
 */
final class HaproxyProcess implements AutoCloseable {
    private static final Duration START_PATIENCE = Duration.ofSeconds(20);

    private final Process process;
    private final Path log;

    private HaproxyProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The haproxy executable: the one on the PATH, else Debian's; skips the calling test when there is none. */
    static Path executable() {
        Optional<Path> found = Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                                .filter(dir -> !dir.isEmpty())
                                .map(dir -> Path.of(dir, "haproxy")),
                        Stream.of(Path.of("/usr/sbin/haproxy"), Path.of("/usr/local/sbin/haproxy")))
                .filter(Files::isExecutable)
                .findFirst();
        Assumptions.assumeTrue(
                found.isPresent(),
                "HAProxy is not installed (no haproxy on the PATH nor /usr/sbin/haproxy): apt-get install haproxy");
        return found.get();
    }

    /** {@code haproxy -c -dW -f cfg}: the configuration check, warnings counted as errors; its output and exit code. */
    /**
     * The {@code ap haproxy-config} options, after the {@code --node}s, of a test's HAProxy on 127.0.0.1: the three
     * frontends on the given ports, checks every second verified against the dev PKI's root (the nodes present their
     * TLS certificate with the TLS CA that issued it) for the name {@code localhost}, written to {@code cfg}.
     */
    static List<String> loopbackOptions(Path pki, int as4Port, int apiPort, int statsPort, Path cfg) {
        return List.of(
                "--as4-bind",
                "127.0.0.1:" + as4Port,
                "--api-bind",
                "127.0.0.1:" + apiPort,
                "--stats-bind",
                "127.0.0.1:" + statsPort,
                "--check-ca",
                pki.resolve("root-ca.pem").toString(),
                "--check-host",
                "localhost",
                "--check-interval",
                "1s",
                "--out",
                cfg.toString());
    }

    static Check check(Path cfg) throws IOException, InterruptedException {
        Process check = new ProcessBuilder(executable().toString(), "-c", "-dW", "-f", cfg.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return new Check(check.waitFor(), output);
    }

    record Check(int exitCode, String output) {}

    /**
     * Starts {@code haproxy -f cfg -db} and waits until every port of {@code frontendPorts} on 127.0.0.1 accepts a
     * TCP connection; fails with the log if HAProxy exits or takes too long.
     */
    static HaproxyProcess start(Path cfg, Path log, List<Integer> frontendPorts)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable().toString(), "-f", cfg.toString(), "-db"));
        HaproxyProcess started = new HaproxyProcess(
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start(),
                log);
        Instant giveUp = Instant.now().plus(START_PATIENCE);
        for (int port : frontendPorts) {
            while (!accepts(port)) {
                if (!started.process.isAlive()) {
                    throw new AssertionError("haproxy exited " + started.process.exitValue() + ": " + started.log());
                }
                if (Instant.now().isAfter(giveUp)) {
                    started.kill();
                    throw new AssertionError(
                            "haproxy did not listen on " + port + " within " + START_PATIENCE + ": " + started.log());
                }
                Thread.sleep(50);
            }
        }
        return started;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** What HAProxy wrote so far (its alerts and warnings; no traffic log without a log target). */
    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** SIGKILL: HAProxy gone at once, as on a machine's loss. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
