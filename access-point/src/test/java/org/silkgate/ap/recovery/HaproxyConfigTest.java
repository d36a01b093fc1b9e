package org.silkgate.ap.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.AccessPoint;
import org.silkgate.ap.ApCommand;
import org.silkgate.ap.ApConfig;
import org.silkgate.ap.TestNetwork;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.security.tls.TlsContexts;

/**
 * {@code ap haproxy-config} handed to the real HAProxy: two Georgian access point nodes behind it (in this JVM), the
 * Kazakh access point sending to HAProxy's AS4 frontend, then one node stopped while requests keep coming.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HaproxyConfigTest {
    private static final String AS4_BACKEND = "silkgate_as4_nodes";
    private static final String API_BACKEND = "silkgate_api_nodes";

    @TempDir
    static Path folder;

    static Path pki;
    static Path cfg;
    static AccessPoint nodeA;
    static AccessPoint nodeB;
    static AccessPoint kazakhstan;
    static HaproxyProcess haproxy;
    static int as4Port;
    static int apiPort;
    static int statsPort;

    @BeforeAll
    static void startTwoNodesBehindHaproxy() throws Exception {
        HaproxyProcess.executable(); // skips the class before anything starts where HAProxy is missing
        pki = TestNetwork.createPki(folder);
        int kazakhPort = ApProcess.freePort(); // first, so that the Georgian nodes can route their MLS back to it
        nodeA = TestNetwork.start(georgianNode(folder.resolve("ge-a"), kazakhPort));
        nodeB = TestNetwork.start(georgianNode(folder.resolve("ge-b"), kazakhPort));
        as4Port = ApProcess.freePort();
        apiPort = ApProcess.freePort();
        statsPort = ApProcess.freePort();
        cfg = folder.resolve("haproxy.cfg");
        List<String> arguments = new java.util.ArrayList<>(List.of(
                "--node",
                "ge-a=127.0.0.1:" + port(nodeA.baseUrl()) + ":" + port(nodeA.apiUrl()),
                "--node",
                "ge-b=127.0.0.1:" + port(nodeB.baseUrl()) + ":" + port(nodeB.apiUrl())));
        arguments.addAll(HaproxyProcess.loopbackOptions(pki, as4Port, apiPort, statsPort, cfg));
        Generated generated = haproxyConfig(arguments.toArray(String[]::new));
        assertEquals(0, generated.exitCode(), generated.err());
        haproxy = HaproxyProcess.start(cfg, folder.resolve("haproxy.log"), List.of(as4Port, apiPort, statsPort));
        awaitStatus(AS4_BACKEND, "ge-a", "UP", Duration.ofSeconds(15));
        awaitStatus(AS4_BACKEND, "ge-b", "UP", Duration.ofSeconds(15));
        awaitStatus(API_BACKEND, "ge-a", "UP", Duration.ofSeconds(15));
        awaitStatus(API_BACKEND, "ge-b", "UP", Duration.ofSeconds(15));
        ApConfig.StaticRoute viaHaproxy =
                new ApConfig.StaticRoute("https://127.0.0.1:" + as4Port + "/as4", pki.resolve("ap-GE.pem"));
        kazakhstan = TestNetwork.start(TestNetwork.kazakhstan(pki, folder, nodeA)
                .withPort(kazakhPort)
                .withStaticRoutes(Map.of(TestNetwork.GE_BUYER, viaHaproxy)));
    }

    private static ApConfig georgianNode(Path data, int kazakhPort) {
        return TestNetwork.georgia(pki, data)
                .withStaticRoutes(Map.of(
                        TestNetwork.KZ_SERVICE_PROVIDER,
                        new ApConfig.StaticRoute(
                                "https://127.0.0.1:" + kazakhPort + "/as4", pki.resolve("ap-KZ.pem"))));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (haproxy != null) haproxy.close();
        } finally {
            for (AccessPoint ap : Arrays.asList(kazakhstan, nodeA, nodeB)) {
                if (ap != null) ap.close();
            }
        }
    }

    @Test
    @Order(1)
    void writesAConfigurationHaproxyAcceptsWithoutAWarning() throws Exception {
        HaproxyProcess.Check check = HaproxyProcess.check(cfg);
        assertEquals(0, check.exitCode(), check.output());
        String text = Files.readString(cfg);
        assertFalse(text.contains(" backup"), "every node active:\n" + text);
        assertTrue(text.contains("balance leastconn") && text.contains("balance source"), text);
        assertTrue(text.contains("verifyhost localhost"), text);

        // the least an operator gives: one node, everything else defaulted (no user, log or CA needed)
        Path minimal = folder.resolve("minimal.cfg");
        Generated generated = haproxyConfig("--node", "ap-node-1=10.0.0.11:8443:8444", "--out", minimal.toString());
        assertEquals(0, generated.exitCode(), generated.err());
        HaproxyProcess.Check minimalCheck = HaproxyProcess.check(minimal);
        assertEquals(0, minimalCheck.exitCode(), minimalCheck.output());
        String minimalText = Files.readString(minimal);
        assertTrue(minimalText.contains("bind :443") && minimalText.contains("bind :8444"), minimalText);
        assertTrue(minimalText.contains("inter 2s fall 2 rise 2"), minimalText);
        assertFalse(minimalText.contains("user ") || minimalText.contains("daemon"), minimalText);
    }

    @Test
    @Order(2)
    void refusesANodeThatIsNotNameHostAndTwoPortsNamingIt() {
        for (String bad : List.of("ge-a=127.0.0.1:8443", "ge-a=127.0.0.1:8443:70000", "127.0.0.1:8443:8444")) {
            Generated generated = haproxyConfig("--node", bad);
            assertEquals(2, generated.exitCode(), generated.out());
            assertTrue(generated.err().contains("node '" + bad + "'"), generated.err());
        }
        Generated twice = haproxyConfig("--node", "a=h:1:2", "--node", "a=k:1:2");
        assertEquals(2, twice.exitCode());
        assertTrue(twice.err().contains("node 'a' is given twice"), twice.err());
        Generated none = haproxyConfig();
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("--node"), none.err());
    }

    @Test
    @Order(3)
    void sharesAs4ConnectionsOverBothNodesAndKeepsAnApiClientOnOne() throws Exception {
        Map<String, Long> as4Before = sessions(AS4_BACKEND);
        Map<String, Long> apiBefore = sessions(API_BACKEND);
        for (int i = 0; i < 10; i++) {
            assertEquals(200, healthThroughHaproxy(as4Port).statusCode());
            assertEquals(200, healthThroughHaproxy(apiPort).statusCode());
        }
        Map<String, Long> as4After = sessions(AS4_BACKEND);
        Map<String, Long> apiAfter = sessions(API_BACKEND);
        for (String node : List.of("ge-a", "ge-b")) {
            assertTrue(as4After.get(node) > as4Before.get(node), node + " got no AS4 connection: " + as4After);
        }
        // one client address, one node: a console session lives in its node's memory
        long nodesReached = List.of("ge-a", "ge-b").stream()
                .filter(node -> apiAfter.get(node) > apiBefore.get(node))
                .count();
        assertEquals(1, nodesReached, "API connections of one client spread: " + apiAfter);
    }

    @Test
    @Order(4)
    void deliversAnAs4MessageThroughHaproxyToANode() throws Exception {
        String id = TestNetwork.submit(
                kazakhstan, TestNetwork.document("tender.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER);
        var sent = TestNetwork.awaitJournal(
                kazakhstan,
                Direction.OUTBOUND,
                id,
                r -> r.state() == MessageState.SENT || r.state() == MessageState.FAILED);
        assertEquals(MessageState.SENT, sent.state(), sent.reason().orElse(""));
        boolean received = nodeA.journal().find(Direction.INBOUND, id).isPresent()
                || nodeB.journal().find(Direction.INBOUND, id).isPresent();
        assertTrue(received, "neither node journaled " + id);
    }

    @Test
    @Order(5)
    void keepsAnsweringThroughHaproxyWhenOneNodeStops() throws Exception {
        Instant stopped = Instant.now();
        nodeA.close();
        nodeA = null; // closed once, not again after the class
        // before the checks notice, a refused connection is redispatched to the other node
        for (int i = 0; i < 5; i++) {
            assertEquals(200, healthThroughHaproxy(as4Port).statusCode());
        }
        awaitStatus(AS4_BACKEND, "ge-a", "DOWN", Duration.ofSeconds(10));
        awaitStatus(API_BACKEND, "ge-a", "DOWN", Duration.ofSeconds(10));
        Duration takenOut = Duration.between(stopped, Instant.now());
        Map<String, Long> before = sessions(AS4_BACKEND);
        for (int i = 0; i < 10; i++) {
            assertEquals(200, healthThroughHaproxy(as4Port).statusCode());
            assertEquals(200, healthThroughHaproxy(apiPort).statusCode());
        }
        Map<String, Long> after = sessions(AS4_BACKEND);
        assertEquals(before.get("ge-a"), after.get("ge-a"), "no connection for the stopped node");
        assertEquals(before.get("ge-b") + 10, after.get("ge-b"), "every connection to the node left");
        assertTrue(takenOut.compareTo(Duration.ofSeconds(8)) < 0, "out after " + takenOut);
        assertEquals("UP", status(AS4_BACKEND, "ge-b"));
    }

    private record Generated(int exitCode, String out, String err) {}

    private static Generated haproxyConfig(String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] arguments = new String[options.length + 1];
        arguments[0] = "haproxy-config";
        System.arraycopy(options, 0, arguments, 1, options.length);
        int code = ApCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), arguments);
        return new Generated(code, out.toString(), err.toString());
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }

    /**
     * GET /health through a HAProxy frontend on a connection of its own: a shared client would keep one connection
     * alive, and HAProxy in TCP mode chooses the node per connection.
     */
    private static HttpResponse<String> healthThroughHaproxy(int frontendPort) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(TlsContexts.client(pki.resolve("tls-truststore.p12"), Optional.empty()))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return client.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + frontendPort + "/health"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** HAProxy's stats as CSV: one row per proxy and server, keyed by proxy and server name. */
    private static Map<String, Map<String, String>> stats() throws IOException, InterruptedException {
        String csv = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/;csv"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        List<String> lines = csv.lines().toList();
        String[] columns = lines.get(0).replaceFirst("^# ", "").split(",", -1);
        Map<String, Map<String, String>> rows = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] values = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < columns.length && i < values.length; i++) row.put(columns[i], values[i]);
            rows.put(row.get("pxname") + "/" + row.get("svname"), row);
        }
        return rows;
    }

    /** Connections each node of the backend has had ({@code stot}; the checks are not counted). */
    private static Map<String, Long> sessions(String backend) throws IOException, InterruptedException {
        Map<String, Map<String, String>> stats = stats();
        Map<String, Long> sessions = new HashMap<>();
        for (String node : List.of("ge-a", "ge-b")) {
            sessions.put(node, Long.parseLong(stats.get(backend + "/" + node).get("stot")));
        }
        return sessions;
    }

    private static String status(String backend, String node) throws IOException, InterruptedException {
        return stats().get(backend + "/" + node).get("status");
    }

    private static void awaitStatus(String backend, String node, String wanted, Duration patience) throws Exception {
        Instant giveUp = Instant.now().plus(patience);
        String status = status(backend, node);
        while (!status.equals(wanted)) {
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError(backend + "/" + node + " is " + status + ", not " + wanted + " after "
                        + patience + "; haproxy's log:\n" + haproxy.log());
            }
            Thread.sleep(100);
            status = status(backend, node);
        }
    }
}
