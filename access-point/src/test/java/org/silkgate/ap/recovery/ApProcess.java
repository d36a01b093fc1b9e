package org.silkgate.ap.recovery;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An access point in its own JVM ({@code ApCommand serve}), so that a test can kill it with SIGKILL. */
final class ApProcess {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final String baseUrl;
    private final Path log;

    private ApProcess(Process process, String baseUrl, Path log) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.log = log;
    }

    /** Starts {@code ap serve} with the options and waits until /health answers UP. */
    static ApProcess start(int port, List<String> serveOptions, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "org.silkgate.ap.ApCommand", "serve",
                "--port", Integer.toString(port)));
        command.addAll(serveOptions);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ApProcess started = new ApProcess(process, "http://127.0.0.1:" + port, log);
        started.awaitHealthy();
        return started;
    }

    String baseUrl() { return baseUrl; }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(giveUp)) {
            if (!process.isAlive()) throw new AssertionError("the access point exited: " + Files.readString(log));
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) return;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("the access point did not become healthy: " + Files.readString(log));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
