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
import org.silkgate.ap.TestNetwork;

/**
 * An access point ({@code ApCommand serve}) or a standalone broker ({@code ApCommand broker}) in its own JVM, so that
 * a test can kill it with SIGKILL.
 */
final class ApProcess {
    private static final String BROKER_READY = "SilkGate broker listening at ";

    private final Process process;
    private final String baseUrl;
    private final Path log;
    private final TestNetwork.Api api;

    private ApProcess(Process process, String baseUrl, Path log, TestNetwork.Api api) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.log = log;
        this.api = api;
    }

    /**
     * Starts {@code ap serve} with the options, its API on a free port, and an operator client
     * created (once per data folder) with {@code ap client add} before the start; waits until /health answers UP.
     */
    static ApProcess start(int port, List<String> serveOptions, Path log) throws IOException, InterruptedException {
        Path pki = Path.of(serveOptions.get(serveOptions.indexOf("--truststore") + 1))
                .getParent();
        Path data = Path.of(serveOptions.get(serveOptions.indexOf("--data") + 1));
        int apiPort = freePort();
        List<String> arguments = new ArrayList<>(
                List.of("serve", "--port", Integer.toString(port), "--api-port", Integer.toString(apiPort)));
        arguments.addAll(serveOptions);
        TestNetwork.Api api = new TestNetwork.Api("https://127.0.0.1:" + apiPort, operatorToken(data), pki);
        ApProcess started = new ApProcess(launch(arguments, log), "https://127.0.0.1:" + port, log, api);
        started.awaitHealthy(TestNetwork.https(pki));
        return started;
    }

    /**
     * Starts {@code ap serve} as one node of an access point whose journal is shared (a PostgreSQL {@code --db}): its
     * AS4 and API ports given, so that a restart comes back where a load balancer expects it, and the operator
     * token of a client created once in that journal ({@link #operatorToken(Path, String)}) that every node accepts;
     * waits until /health answers 200.
     */
    static ApProcess startNode(int port, int apiPort, List<String> serveOptions, String operatorToken, Path log)
            throws IOException, InterruptedException {
        Path pki = Path.of(serveOptions.get(serveOptions.indexOf("--truststore") + 1))
                .getParent();
        List<String> arguments = new ArrayList<>(
                List.of("serve", "--port", Integer.toString(port), "--api-port", Integer.toString(apiPort)));
        arguments.addAll(serveOptions);
        TestNetwork.Api api = new TestNetwork.Api("https://127.0.0.1:" + apiPort, operatorToken, pki);
        ApProcess started = new ApProcess(launch(arguments, log), "https://127.0.0.1:" + port, log, api);
        started.awaitHealthy(TestNetwork.https(pki));
        return started;
    }

    /** The token of the process's operator client, created offline with {@code ap client add} the first time. */
    private static String operatorToken(Path data) throws IOException {
        return operatorToken(data, null);
    }

    /**
     * The token of an operator client created offline with {@code ap client add} the first time, in the journal
     * {@code db} (a JDBC URL, credentials included) when given, else in the H2 journal under {@code data}; kept in
     * {@code data}. The nodes of one access point share a database journal, and so this client.
     */
    static String operatorToken(Path data, String db) throws IOException {
        Path kept = data.resolve("test-operator.token");
        if (Files.exists(kept)) return Files.readString(kept).strip();
        List<String> arguments = new ArrayList<>(List.of("client", "add", "--data", data.toString()));
        if (db != null) arguments.addAll(List.of("--db", db));
        arguments.addAll(List.of("--name", "test-operator", "--operator"));
        java.io.StringWriter out = new java.io.StringWriter();
        int code = org.silkgate.ap.ApCommand.execute(
                new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(System.err, true),
                arguments.toArray(String[]::new));
        if (code != 0) throw new AssertionError("ap client add exited " + code + ": " + out);
        String[] lines = out.toString().strip().split("\\R");
        Files.createDirectories(data);
        Files.writeString(kept, lines[lines.length - 1]);
        return lines[lines.length - 1];
    }

    /**
     * The {@code ap serve} options of Kazakhstan's access point sending to Georgia's: the dev PKI's keys and TLS
     * certificate, quick retries, a fixed route to {@code georgiaAs4Url}, the KZ supplier served; add what a test
     * needs on top.
     */
    static List<String> kazakhOptions(Path pki, Path data, String georgiaAs4Url) {
        List<String> options = new ArrayList<>(List.of(
                "--id",
                TestNetwork.KZ_AP,
                "--country",
                "KZ",
                "--keystore",
                pki.resolve("ap-KZ.p12").toString(),
                "--truststore",
                pki.resolve("truststore.p12").toString(),
                "--data",
                data.toString(),
                "--retry-base",
                "PT0.2S",
                "--retry-cap",
                "PT1S",
                "--route",
                TestNetwork.GE_BUYER + "=" + georgiaAs4Url + "|" + pki.resolve("ap-GE.pem"),
                "--serve",
                TestNetwork.KZ_SUPPLIER.uri()));
        options.addAll(TestNetwork.tlsOptions(pki, "KZ"));
        return options;
    }

    /** Its back-office API, as an operator. */
    TestNetwork.Api api() {
        return api;
    }

    /** The user access points connect to a test's broker as. */
    static final String BROKER_USER = "silkgate-ap";

    /** The broker user's password file, written beside the dev PKI with a random password the first time. */
    static Path brokerPasswordFile(Path pki) throws IOException {
        Path file = pki.toAbsolutePath().resolveSibling("broker.password");
        if (!Files.exists(file)) {
            byte[] secret = new byte[18];
            new java.security.SecureRandom().nextBytes(secret);
            Files.writeString(file, java.util.Base64.getUrlEncoder().encodeToString(secret) + "\n");
        }
        return file;
    }

    /** The Core URL of a TLS broker on 127.0.0.1, trusting the dev PKI's TLS root and checking the host name. */
    static String tlsBrokerUrl(Path pki, int port) {
        Path truststore = pki.resolve("tls-truststore.p12").toAbsolutePath();
        try {
            String password =
                    new String(org.silkgate.security.Keystores.password(truststore, java.util.Optional.empty()));
            return "tcp://127.0.0.1:" + port + "?sslEnabled=true&trustStorePath=" + truststore + "&trustStorePassword="
                    + password + "&trustStoreType=PKCS12&verifyHost=true";
        } catch (org.silkgate.security.KeystoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Starts {@code ap broker} on 127.0.0.1 with TLS (the dev PKI's {@code tls-KZ.p12}, whose names include
     * 127.0.0.1) and the {@link #BROKER_USER}, and waits for its ready line; its {@link #baseUrl} is the URL
     * access points connect with.
     */
    static ApProcess startBroker(int port, Path data, Path log, Path pki) throws IOException, InterruptedException {
        long logBefore = Files.exists(log) ? Files.size(log) : 0; // a restart appends to the same log
        ApProcess started = new ApProcess(
                launch(
                        List.of(
                                "broker",
                                "--port",
                                Integer.toString(port),
                                "--data",
                                data.toString(),
                                "--user",
                                BROKER_USER,
                                "--password-file",
                                brokerPasswordFile(pki).toString(),
                                "--tls-keystore",
                                pki.resolve("tls-KZ.p12").toString()),
                        log),
                tlsBrokerUrl(pki, port),
                log,
                null);
        String ready = BROKER_READY + "tcp://127.0.0.1:" + port + " with TLS";
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(120));
        while (!started.logSince(logBefore).contains(ready)) {
            if (!started.process.isAlive()) throw new AssertionError("the broker exited: " + Files.readString(log));
            if (Instant.now().isAfter(giveUp)) {
                started.kill();
                throw new AssertionError("the broker did not start: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return started;
    }

    /** The pair's shared cluster secret, written beside the dev PKI the first time. */
    static Path clusterPasswordFile(Path pki) throws IOException {
        Path file = pki.toAbsolutePath().resolveSibling("broker-cluster.password");
        if (!Files.exists(file)) {
            byte[] secret = new byte[18];
            new java.security.SecureRandom().nextBytes(secret);
            Files.writeString(file, java.util.Base64.getUrlEncoder().encodeToString(secret) + "\n");
        }
        return file;
    }

    /**
     * Starts one broker of a pair ({@code ap broker --ha ROLE --ha-peer 127.0.0.1:peerPort}) on 127.0.0.1 with TLS,
     * as {@link #startBroker}, and waits for its ready line; then use {@link #awaitLine} for its state. Its
     * {@link #baseUrl} is its own Core URL; access points connect to the pair with {@link #pairUrl}.
     */
    static ApProcess startPairBroker(String role, int port, int peerPort, Path data, Path log, Path pki)
            throws IOException, InterruptedException {
        long logBefore = Files.exists(log) ? Files.size(log) : 0;
        ApProcess started = new ApProcess(
                launch(
                        List.of(
                                "broker",
                                "--port",
                                Integer.toString(port),
                                "--data",
                                data.toString(),
                                "--user",
                                BROKER_USER,
                                "--password-file",
                                brokerPasswordFile(pki).toString(),
                                "--tls-keystore",
                                pki.resolve("tls-KZ.p12").toString(),
                                "--ha",
                                role,
                                "--ha-peer",
                                "127.0.0.1:" + peerPort,
                                "--ha-cluster-password-file",
                                clusterPasswordFile(pki).toString(),
                                "--ha-truststore",
                                pki.resolve("tls-truststore.p12").toString()),
                        log),
                tlsBrokerUrl(pki, port),
                log,
                null);
        started.logStart = logBefore;
        started.awaitLine(BROKER_READY + "tcp://127.0.0.1:" + port + " with TLS", Duration.ofSeconds(120));
        return started;
    }

    /** The Core URL of a pair on 127.0.0.1: both brokers, fail-over, reconnecting for ever, TLS as {@link #tlsBrokerUrl}. */
    static String pairUrl(Path pki, int firstPort, int secondPort) {
        String single = tlsBrokerUrl(pki, firstPort);
        String parameters = single.substring(single.indexOf('?') + 1);
        return "(tcp://127.0.0.1:" + firstPort + ",tcp://127.0.0.1:" + secondPort + ")?ha=true&reconnectAttempts=-1"
                + "&retryInterval=500&" + parameters;
    }

    private long logStart;

    /** From now on {@link #awaitLine} looks only at what the process writes after this call. */
    void markLog() throws IOException {
        logStart = Files.size(log);
    }

    /** Waits until this run of the process (since its start or the last {@link #markLog}) has written the line (a bounded wait; fails if the process exits). */
    void awaitLine(String line, Duration patience) throws IOException, InterruptedException {
        Instant giveUp = Instant.now().plus(patience);
        while (!logSince(logStart).contains(line)) {
            if (!process.isAlive()) throw new AssertionError("the process exited: " + Files.readString(log));
            if (Instant.now().isAfter(giveUp)) {
                kill();
                throw new AssertionError("no '" + line + "' within " + patience + ": " + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    private static Process launch(List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "org.silkgate.ap.ApCommand"));
        command.addAll(arguments);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private String logSince(long offset) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(
                all,
                (int) Math.min(offset, all.length),
                (int) Math.max(0, all.length - offset),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    String baseUrl() {
        return baseUrl;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines of the process's log (all its runs: a restart appends), for a failure's message. */
    String logTail(int lines) throws IOException {
        if (!Files.exists(log)) return "(no log)";
        List<String> all = new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8)
                .lines()
                .toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private void awaitHealthy(HttpClient http) throws IOException, InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(giveUp)) {
            if (!process.isAlive()) throw new AssertionError("the access point exited: " + Files.readString(log));
            try {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/health")).build(),
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
