package org.silkgate.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.smp.identifier.PathCodec;
import org.silkgate.smp.identifier.SmpIdentifier;
import org.silkgate.smp.identifier.SmpIdentifier.Kind;
import org.silkgate.smp.store.PostgresChangeListener;
import org.silkgate.smp.store.RegistryStore.Format;
import org.silkgate.testing.TestPostgres;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Two registry nodes (real Jetty over TLS) on one PostgreSQL schema: what is written through node A is answered by
 * node B once A's transaction has committed and B's change listener has heard it, although B keeps the old answer in
 * memory; and B keeps up after its listener's session is killed.
 */
class SmpNodesPostgresTest {
    private static final String ISO = "iso6523-actorid-upis::";
    private static final String OPERATOR = "kz-operator";
    private static final char[] PASSWORD = "kz-operator-secret".toCharArray();
    /** A generous bound for what should take milliseconds; the measured delays are printed. */
    private static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    private static TestPostgres postgres;
    private static SmpServer a;
    private static SmpServer b;
    private static HttpClient https;
    private static final List<String> delays = new ArrayList<>();

    @BeforeAll
    static void startTwoNodes() throws Exception {
        postgres = TestPostgres.start("smp_nodes_test_");
        a = SmpServer.start(node(dir.resolve("a")));
        b = SmpServer.start(node(dir.resolve("b")));
        a.users().add(OPERATOR, PASSWORD); // the users table is shared: B knows the operator too
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(DevPkiForTests.truststore());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        https = HttpClient.newBuilder().sslContext(tls).build();
    }

    private static SmpConfig node(Path data) throws Exception {
        Path keystore = DevPkiForTests.smpKeystore();
        return SmpConfig.defaults(data, keystore)
                .withTls(keystore, null)
                .withDatabase(postgres.schemaUrl(), postgres.user(), postgres.password());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (b != null) b.close();
        } finally {
            try {
                if (a != null) a.close();
            } finally {
                if (postgres != null) postgres.close();
            }
        }
        System.out.println(
                "SMP propagation delays from node A to another node (from A answering the write to the first new answer there): "
                        + delays);
    }

    @Test
    void bothNodesAreHealthyAndListening() throws Exception {
        for (SmpServer node : List.of(a, b)) {
            HttpResponse<byte[]> health = get(node, "/health");
            assertEquals(200, health.statusCode(), text(health));
            assertEquals(
                    "{\"status\":\"UP\",\"database\":\"UP\",\"changeListener\":\"LISTENING\"}",
                    withoutHotCache(text(health)));
        }
    }

    @Test
    void registrationsChangesAndDeletionsThroughAAreServedByB() throws Exception {
        String participant = "9970:980540001256";
        String group = groupPath(participant);
        String metadata = metadataPath(participant);
        assertEquals(404, get(b, group).statusCode());

        assertEquals(201, putGroup(participant, "Astana Steel Works LLP"));
        awaitOnB("registration", group, r -> r.statusCode() == 200 && text(r).contains("Astana Steel Works LLP"));
        assertEquals(201, putMetadata(participant, "https://ap-one.example/as4"));
        awaitOnB("first metadata", metadata, r -> r.statusCode() == 200);
        makeHotOnB(participant);
        assertTrue(text(get(b, metadata)).contains("https://ap-one.example/as4"), "B's answer before the change");
        assertTrue(text(get(b, group)).contains("Astana Steel Works LLP"));

        // B holds the old documents in memory: only the notification of A's commit makes it read again
        assertEquals(200, putMetadata(participant, "https://ap-two.example/as4"));
        HttpResponse<byte[]> changed =
                awaitOnB("metadata change", metadata, r -> r.statusCode() == 200 && text(r).contains("ap-two.example"));
        assertSignedBySmp(changed.body());
        assertFalse(text(changed).contains("ap-one.example"), text(changed));

        assertEquals(200, putGroup(participant, "Astana Steel Works JSC"));
        awaitOnB("business card change", group, r -> r.statusCode() == 200 && text(r).contains("Works JSC"));

        makeHotOnB(participant);
        assertEquals(200, delete(metadataPath(participant)));
        awaitOnB("metadata deletion", metadata, r -> r.statusCode() == 404);

        assertEquals(200, get(b, group).statusCode());
        assertNotNull(hotGroupOnB(participant), "B serves the ServiceGroup from memory");
        assertEquals(200, delete(group));
        awaitOnB("participant deletion", group, r -> r.statusCode() == 404);
    }

    @Test
    void theListenerReconnectsAfterItsSessionIsKilledAndBCatchesUp() throws Exception {
        String participant = "9970:010240003746";
        String metadata = metadataPath(participant);
        assertEquals(201, putGroup(participant, "Almaty Grain LLP"));
        assertEquals(201, putMetadata(participant, "https://ap-one.example/as4"));
        awaitOnB("registration", metadata, r -> r.statusCode() == 200);
        makeHotOnB(participant);

        Set<Integer> killed = listenerBackends();
        assertTrue(killed.size() >= 2, "one listener session per node: " + killed);
        try (Connection c = admin();
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                    + PostgresChangeListener.APPLICATION_NAME + "'");
        }
        await("both listeners back on new sessions", () -> {
            Set<Integer> now = listenerBackends();
            now.retainAll(killed);
            return now.isEmpty()
                    && listenerBackends().size() >= 2
                    && a.listeningForChanges()
                    && b.listeningForChanges();
        });
        // Serving from memory again proves B's listener is up: without it B keeps nothing hot
        makeHotOnB(participant);
        assertTrue(text(get(b, metadata)).contains("https://ap-one.example/as4"), "B's answer before the change");

        assertEquals(200, putMetadata(participant, "https://ap-two.example/as4"));
        HttpResponse<byte[]> changed = awaitOnB(
                "metadata change after reconnecting",
                metadata,
                r -> r.statusCode() == 200 && text(r).contains("ap-two.example"));
        assertSignedBySmp(changed.body());
        assertEquals(200, get(b, "/health").statusCode());
    }

    @Test
    void aNodeThatCannotListenIsDownAndServesFromTheDatabaseUntilItListensAgain() throws Exception {
        String role = "smp_node_c_" + Long.toHexString(System.nanoTime());
        try (Connection admin = admin();
                Statement s = admin.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")) {
            assumeTrue(rs.next() && rs.getBoolean(1), "the test database user may not create roles");
        }
        String schema = postgres.schemaUrl().replaceAll(".*currentSchema=", "");
        sql(
                "CREATE ROLE " + role + " LOGIN PASSWORD 'node-c-secret'",
                "GRANT ALL ON SCHEMA " + schema + " TO " + role,
                "GRANT ALL ON ALL TABLES IN SCHEMA " + schema + " TO " + role,
                "GRANT ALL ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + role);
        // Node C logs in as its own role, so that the test can stop it alone from opening new sessions
        try (SmpServer c = SmpServer.start(SmpConfig.defaults(dir.resolve("c"), DevPkiForTests.smpKeystore())
                .withTls(DevPkiForTests.smpKeystore(), null)
                .withDatabase(postgres.schemaUrl(), role, "node-c-secret"))) {
            String participant = "9970:051140007292";
            String metadata = metadataPath(participant);
            assertEquals(201, putGroup(participant, "Atameken LLP"));
            assertEquals(201, putMetadata(participant, "https://ap-one.example/as4"));
            awaitOn(c, "registration", metadata, r -> r.statusCode() == 200);
            makeHot(c, participant);

            sql(
                    "ALTER ROLE " + role + " NOLOGIN",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role
                            + "' AND application_name = '" + PostgresChangeListener.APPLICATION_NAME + "'");
            await("node C reports DOWN", () -> get(c, "/health").statusCode() == 503);
            assertEquals(
                    "{\"status\":\"DOWN\",\"database\":\"UP\",\"changeListener\":\"DOWN\"}",
                    withoutHotCache(text(get(c, "/health"))));
            assertEquals(200, get(a, "/health").statusCode(), "A's listener was not touched");

            // C hears nothing now, so it keeps nothing in memory and answers from the database (its pooled sessions)
            assertEquals(200, putMetadata(participant, "https://ap-two.example/as4"));
            HttpResponse<byte[]> duringGap = get(c, metadata);
            assertTrue(text(duringGap).contains("ap-two.example"), text(duringGap));
            assertSignedBySmp(duringGap.body());
            assertEquals(null, c.registry().hotServiceMetadata(pid(participant), doc(), Format.PEPPOL));

            sql("ALTER ROLE " + role + " LOGIN");
            await("node C listens again", () -> get(c, "/health").statusCode() == 200);
            makeHot(c, participant);
            assertTrue(text(get(c, metadata)).contains("ap-two.example"));
            assertEquals(200, putMetadata(participant, "https://ap-three.example/as4"));
            awaitOn(c, "change after the gap", metadata, r -> text(r).contains("ap-three.example"));
        } finally {
            sql(
                    "ALTER ROLE " + role + " LOGIN",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'",
                    "DROP OWNED BY " + role,
                    "DROP ROLE " + role);
        }
    }

    // ---- helpers ----

    private static void sql(String... statements) throws SQLException {
        try (Connection c = admin();
                Statement s = c.createStatement()) {
            for (String statement : statements) s.execute(statement);
        }
    }

    /** Reads the participant's ServiceGroup and metadata on B until B answers them from memory. */
    private static void makeHotOnB(String participant) throws Exception {
        makeHot(b, participant);
    }

    private static void makeHot(SmpServer node, String participant) throws Exception {
        await("the node serves " + participant + " from memory", () -> {
            get(node, groupPath(participant));
            get(node, metadataPath(participant));
            return node.registry().hotServiceGroup(pid(participant), Format.PEPPOL) != null
                    && node.registry().hotServiceMetadata(pid(participant), doc(), Format.PEPPOL) != null;
        });
    }

    private static byte[] hotGroupOnB(String participant) throws Exception {
        return b.registry().hotServiceGroup(pid(participant), Format.PEPPOL);
    }

    /**
     * Polls B until {@code accepted} holds (failing after {@link #BOUND}) and records how long after A's write it
     * took; the write has returned when this is called.
     */
    private static HttpResponse<byte[]> awaitOnB(String what, String path, Predicate<HttpResponse<byte[]>> accepted)
            throws Exception {
        return awaitOn(b, what, path, accepted);
    }

    private static HttpResponse<byte[]> awaitOn(
            SmpServer node, String what, String path, Predicate<HttpResponse<byte[]>> accepted) throws Exception {
        long start = System.nanoTime();
        long deadline = start + BOUND.toNanos();
        HttpResponse<byte[]> last;
        do {
            last = get(node, path);
            if (accepted.test(last)) {
                delays.add(what + " " + (System.nanoTime() - start) / 1_000_000 + " ms");
                return last;
            }
            Thread.sleep(2);
        } while (System.nanoTime() < deadline);
        return fail(
                "node B still answers " + last.statusCode() + " " + text(last) + " for " + what + " after " + BOUND);
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) fail("not within " + BOUND + ": " + what);
            Thread.sleep(20);
        }
    }

    private static Set<Integer> listenerBackends() throws SQLException {
        Set<Integer> pids = new HashSet<>();
        try (Connection c = admin();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE application_name = '"
                        + PostgresChangeListener.APPLICATION_NAME + "'")) {
            while (rs.next()) pids.add(rs.getInt(1));
        }
        return pids;
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(postgres.schemaUrl(), postgres.user(), postgres.password());
    }

    /** Validates the enveloped XMLDSig of a SignedServiceMetadata with the SMP certificate's key. */
    private static void assertSignedBySmp(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        NodeList signatures = doc.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
        assertEquals(1, signatures.getLength());
        DOMValidateContext context =
                new DOMValidateContext(DevPkiForTests.smpCertificate().getPublicKey(), signatures.item(0));
        XMLSignature signature = XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(context);
        assertTrue(signature.validate(context), "the SMP's signature holds");
    }

    private static SmpIdentifier pid(String participant) throws Exception {
        return SmpIdentifier.parse(Kind.PARTICIPANT, ISO + participant);
    }

    private static SmpIdentifier doc() throws Exception {
        return SmpIdentifier.parse(Kind.DOCUMENT_TYPE, "busdox-docid-qns::" + SmpBodies.INVOICE);
    }

    private static String groupPath(String participant) {
        return "/" + PathCodec.encode(ISO + participant);
    }

    private static String metadataPath(String participant) {
        return groupPath(participant) + "/services/" + PathCodec.encode("busdox-docid-qns::" + SmpBodies.INVOICE);
    }

    private static int putGroup(String participant, String name) throws Exception {
        return write("PUT", groupPath(participant), SmpBodies.serviceGroup(participant, name, "KZ"));
    }

    private static int putMetadata(String participant, String endpoint) throws Exception {
        return write(
                "PUT",
                metadataPath(participant),
                SmpBodies.serviceMetadata(
                        participant,
                        SmpBodies.INVOICE,
                        SmpBodies.BILLING,
                        endpoint,
                        DevPkiForTests.base64(DevPkiForTests.apCertificate("KZ"))));
    }

    private static int delete(String path) throws Exception {
        return write("DELETE", path, null);
    }

    /** A write through node A; returns once A has answered (its transaction has committed). */
    private static int write(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(a.baseUrl() + path))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((OPERATOR + ":" + new String(PASSWORD))
                                                .getBytes(StandardCharsets.UTF_8)));
        if (body == null) {
            request.DELETE();
        } else {
            request.header("Content-Type", "text/xml; charset=UTF-8")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> r = https.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return r.statusCode();
    }

    private static HttpResponse<byte[]> get(SmpServer node, String path) throws Exception {
        return https.send(
                HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** /health without its hotCache object (sizes that change with every lookup), which must be there. */
    private static String withoutHotCache(String health) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(health);
        if (!json.path("hotCache").has("bytes")) throw new AssertionError("no hotCache in " + health);
        json.remove("hotCache");
        return json.toString();
    }
}
