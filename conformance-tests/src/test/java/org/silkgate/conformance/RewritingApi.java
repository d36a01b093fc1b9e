package org.silkgate.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.silkgate.conformance.cases.Target;
import org.silkgate.network.PkiTls;

/**
 * A real access point's back-office API seen through a loopback HTTPS relay that changes one thing: the journal
 * record of {@code GET /api/v1/messages/{id}} passes through {@code change} before the kit reads it. It stands for a
 * target that does what the real one did on the wire but journals (so answers) another Message Level Status: the
 * Message Level Status cases must fail against it. Every other answer is relayed as it came; only GET is relayed,
 * the only method those cases use.
 */
final class RewritingApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Target.Api real;
    private final UnaryOperator<ObjectNode> change;
    private final HttpClient http;
    private final HttpsServer server;

    /** Relays to {@code real}, presenting the first {@code tls-CC.p12} of the PKI (issued for localhost). */
    RewritingApi(Target.Api real, Path pkiDir, UnaryOperator<ObjectNode> change) throws IOException {
        this.real = real;
        this.change = change;
        this.http =
                PkiTls.httpClient(pkiDir).connectTimeout(Duration.ofSeconds(10)).build();
        this.server = PkiTls.loopbackHttpsServer(PkiTls.anyServerKeystore(pkiDir));
        server.createContext("/", this::relay);
        server.start();
    }

    /** The relay as the kit's {@code --api}, with the real API's operator token. */
    Target.Api api() {
        return new Target.Api("https://localhost:" + server.getAddress().getPort(), real.operatorToken());
    }

    /** {@code target} with this relay as its API. */
    Target in(Target target) {
        return new Target(
                target.as4Url(),
                target.certificate(),
                target.sender(),
                target.receiver(),
                target.unservedReceiver(),
                target.deliveries(),
                target.maxMessageBytes(),
                target.maxPayloadBytes(),
                java.util.Optional.of(api()));
    }

    private void relay(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(real.url() + path + (query == null ? "" : "?" + query)))
                    .timeout(Duration.ofSeconds(30))
                    .GET();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) request.header("Authorization", authorization);
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = answer.body();
            if (answer.statusCode() == 200 && path.matches("/api/v1/messages/[^/]+")) {
                JsonNode record = JSON.readTree(body);
                if (record instanceof ObjectNode object)
                    body = change.apply(object).toString();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
            exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) exchange.getResponseBody().write(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while relaying", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
