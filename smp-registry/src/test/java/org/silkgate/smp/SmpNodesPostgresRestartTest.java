package org.silkgate.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.smp.identifier.PathCodec;
import org.silkgate.smp.identifier.SmpIdentifier;
import org.silkgate.smp.identifier.SmpIdentifier.Kind;
import org.silkgate.smp.store.RegistryStore.Format;

/**
 * Two registry nodes while their PostgreSQL server is stopped and started again on the same data directory and port:
 * both report DOWN meanwhile, listen again by themselves, and a change written on A afterwards is served by B, which
 * held the old answer in memory before the restart. Needs the embedded server (a shared CI server cannot be restarted),
 * so it is skipped when {@code SILKGATE_TEST_PG_URL} is set.
 */
class SmpNodesPostgresRestartTest {
    private static final String ISO = "iso6523-actorid-upis::";
    private static final String OPERATOR = "kz-operator";
    private static final char[] PASSWORD = "kz-operator-secret".toCharArray();
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private HttpClient https;

    @Test
    void bothNodesListenAgainAfterPostgresRestartsAndBServesTheNextChange() throws Exception {
        String shared = System.getenv("SILKGATE_TEST_PG_URL");
        assumeTrue(shared == null || shared.isBlank(), "restarts the embedded PostgreSQL only");
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(DevPkiForTests.truststore());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        https = HttpClient.newBuilder().sslContext(tls).build();

        Path pgData = dir.resolve("pg");
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .start();
        int port = pg.getPort();
        String url = pg.getJdbcUrl("postgres", "postgres");
        try {
            try (SmpServer a = SmpServer.start(node(dir.resolve("a"), url));
                    SmpServer b = SmpServer.start(node(dir.resolve("b"), url))) {
                a.users().add(OPERATOR, PASSWORD);
                String participant = "9970:980540001256";
                String metadata = metadataPath(participant);
                assertEquals(
                        201, write(a, "PUT", groupPath(participant), SmpBodies.serviceGroup(participant, "X", "KZ")));
                assertEquals(201, putMetadata(a, participant, "https://ap-one.example/as4"));
                makeHot(b, participant);

                pg.close(); // a fast shutdown: every session, the listeners' too, is ended
                await("both nodes DOWN", () -> status(a) == 503 && status(b) == 503);
                assertEquals(null, b.registry().hotServiceMetadata(pid(participant), doc(), Format.PEPPOL));

                pg = EmbeddedPostgres.builder()
                        .setDataDirectory(pgData)
                        .setCleanDataDirectory(false)
                        .setPort(port)
                        .start();
                // the pool may hand out a session from before the restart once: health is polled, not taken once
                await("both nodes UP again", () -> status(a) == 200 && status(b) == 200);
                makeHot(b, participant);
                assertTrue(text(get(b, metadata)).contains("ap-one.example"), "B's answer before the change");
                await("A takes the change", () -> putMetadata(a, participant, "https://ap-two.example/as4") == 200);
                await("B serves the change", () -> text(get(b, metadata)).contains("ap-two.example"));
            }
        } finally {
            pg.close();
        }
    }

    private static SmpConfig node(Path data, String url) throws Exception {
        Path keystore = DevPkiForTests.smpKeystore();
        return SmpConfig.defaults(data, keystore).withTls(keystore, null).withDatabase(url, "postgres", null);
    }

    private void makeHot(SmpServer node, String participant) throws Exception {
        await("the node serves " + participant + " from memory", () -> {
            get(node, metadataPath(participant));
            return node.registry().hotServiceMetadata(pid(participant), doc(), Format.PEPPOL) != null;
        });
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) fail("not within " + BOUND + ": " + what);
            Thread.sleep(50);
        }
    }

    private int status(SmpServer node) throws Exception {
        return get(node, "/health").statusCode();
    }

    private int putMetadata(SmpServer node, String participant, String endpoint) throws Exception {
        return write(
                node,
                "PUT",
                metadataPath(participant),
                SmpBodies.serviceMetadata(
                        participant,
                        SmpBodies.INVOICE,
                        SmpBodies.BILLING,
                        endpoint,
                        DevPkiForTests.base64(DevPkiForTests.apCertificate("KZ"))));
    }

    private int write(SmpServer node, String method, String path, String body) throws Exception {
        String credentials = OPERATOR + ":" + new String(PASSWORD);
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return https.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
    }

    private HttpResponse<byte[]> get(SmpServer node, String path) throws Exception {
        return https.send(
                HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
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
}
