package org.silkgate.ap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.AccessPoint;
import org.silkgate.ap.ApConfig;
import org.silkgate.ap.TestNetwork;
import org.silkgate.ap.clients.ApiClient;
import org.silkgate.security.tls.TlsContexts;

/** The API holds at most so many submissions of at most so many bytes: clients cannot exhaust the heap. */
class ApiLimitsTest {
    private static final int MAX_BODY = 64 * 1024;

    @TempDir
    static Path folder;

    static Path pki;
    static AccessPoint kazakhstan;
    static String token;

    @BeforeAll
    static void start() {
        pki = TestNetwork.createPki(folder);
        kazakhstan = TestNetwork.start(ApConfig.of(
                        TestNetwork.KZ_AP,
                        "KZ",
                        pki.resolve("ap-KZ.p12"),
                        pki.resolve("truststore.p12"),
                        folder.resolve("kz"))
                .withTls(TestNetwork.tls(pki, "KZ"))
                .withServedParticipants(Set.of(TestNetwork.KZ_SUPPLIER))
                .withApi(new ApConfig.Api(0, "127.0.0.1", MAX_BODY, 1)));
        token = kazakhstan.clients().add(new ApiClient("erp", Set.of(TestNetwork.KZ_SUPPLIER), false), "test");
    }

    @AfterAll
    static void stop() {
        if (kazakhstan != null) kazakhstan.close();
    }

    @Test
    void aSubmissionOverTheBodyLimitIs413() throws Exception {
        // the answer must come from the declared length alone, before any of the body is read: the client sends none
        // (a client that goes on sending after the early 413 may have its connection reset before it reads it)
        try (SSLSocket client = apiSocket()) {
            client.setSoTimeout(30_000);
            client.getOutputStream()
                    .write(("POST /api/v1/outbound HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                                    + "\r\nContent-Type: application/xml\r\nContent-Length: " + (MAX_BODY + 1)
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8));
            client.getOutputStream().flush();
            String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            assertTrue(answer.contains("limited to " + MAX_BODY), answer);
        }
    }

    @Test
    void aSubmissionBeyondTheConcurrentOnesIs429WithRetryAfter() throws Exception {
        // a client that sends its headers and a little of its body, then stalls: it holds the one place
        try (SSLSocket stalled = apiSocket()) {
            OutputStream out = stalled.getOutputStream();
            out.write(("POST /api/v1/outbound HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                            + "\r\nContent-Type: application/xml\r\nContent-Length: 10000\r\n\r\n<Tender>")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();

            HttpResponse<String> second = null;
            Instant giveUp = Instant.now().plus(Duration.ofSeconds(20));
            while (Instant.now().isBefore(giveUp)) {
                second = post(TestNetwork.document("tender.xml"));
                if (second.statusCode() == 429) break;
                Thread.sleep(100);
            }

            assertEquals(429, second.statusCode(), second.body());
            assertEquals("1", second.headers().firstValue("Retry-After").orElse(""));
        }
    }

    private static SSLSocket apiSocket() throws Exception {
        URI api = URI.create(kazakhstan.apiUrl());
        SSLSocket socket = (SSLSocket) TlsContexts.client(pki.resolve("tls-truststore.p12"), java.util.Optional.empty())
                .getSocketFactory()
                .createSocket(api.getHost(), api.getPort());
        socket.startHandshake();
        return socket;
    }

    private static HttpResponse<String> post(byte[] body) throws Exception {
        return TestNetwork.https(pki)
                .send(
                        HttpRequest.newBuilder(URI.create(kazakhstan.apiUrl() + "/api/v1/outbound"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/xml")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
