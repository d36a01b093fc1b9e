package org.silkgate.conformance.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.silkgate.network.PkiTls;

/** The few calls of the target's back-office API ({@code /api/v1}) the API cases make, each with an explicit token or none. */
final class BackOfficeApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Target.Api api;
    private final HttpClient http;

    BackOfficeApi(Target.Api api, SSLContext tls) {
        this.api = api;
        this.http =
                PkiTls.httpClient(tls).connectTimeout(Duration.ofSeconds(10)).build();
    }

    String operatorToken() {
        return api.operatorToken();
    }

    /** {@code GET /api/v1/messages}, with {@code Authorization: Bearer token} when a token is given. */
    HttpResponse<String> listMessages(Optional<String> token) throws IOException, InterruptedException {
        return send(request("/messages", token).GET());
    }

    /** How many journal records the operator sees for {@code participant} (as sender or receiver). */
    int journalRecordsFor(String participant) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request(
                        "/messages?limit=1000&participant=" + URLEncoder.encode(participant, StandardCharsets.UTF_8),
                        Optional.of(api.operatorToken()))
                .GET());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "the journal API answered HTTP " + response.statusCode() + " to the operator: " + response.body());
        }
        return JSON.readTree(response.body()).size();
    }

    /**
     * {@code GET /api/v1/messages/{id}} as the operator: the journal record of that AS4 MessageId (with its {@code mls}
     * object when there is a Message Level Status to show), empty when the journal has none (HTTP 404).
     */
    Optional<JsonNode> message(String messageId) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request(
                        "/messages/" + URLEncoder.encode(messageId, StandardCharsets.UTF_8),
                        Optional.of(api.operatorToken()))
                .GET());
        if (response.statusCode() == 404) return Optional.empty();
        if (response.statusCode() != 200) {
            throw new IOException("GET /api/v1/messages/" + messageId + " as the operator answered HTTP "
                    + response.statusCode() + ": " + response.body());
        }
        return Optional.of(JSON.readTree(response.body()));
    }

    /** {@code POST /api/v1/clients} as the operator: a non-operator client for {@code participant}; its token. */
    String addClient(String name, String participant) throws IOException, InterruptedException {
        String body = JSON.createObjectNode()
                .put("name", name)
                .put("operator", false)
                .set("participants", JSON.createArrayNode().add(participant))
                .toString();
        HttpResponse<String> response = send(request("/clients", Optional.of(api.operatorToken()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() != 201) {
            throw new IOException("POST /api/v1/clients as the operator answered HTTP " + response.statusCode() + ": "
                    + response.body());
        }
        JsonNode token = JSON.readTree(response.body()).path("token");
        if (!token.isTextual())
            throw new IOException("POST /api/v1/clients answered 201 without a token: " + response.body());
        return token.asText();
    }

    /** {@code DELETE /api/v1/clients/NAME} as the operator; the HTTP status. */
    int removeClient(String name) throws IOException, InterruptedException {
        return send(request(
                                "/clients/" + URLEncoder.encode(name, StandardCharsets.UTF_8),
                                Optional.of(api.operatorToken()))
                        .DELETE())
                .statusCode();
    }

    /** {@code POST /api/v1/outbound?sender=} with {@code document} as its body. */
    HttpResponse<String> submit(String token, String sender, byte[] document) throws IOException, InterruptedException {
        return send(request("/outbound?sender=" + URLEncoder.encode(sender, StandardCharsets.UTF_8), Optional.of(token))
                .header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(document)));
    }

    String url(String path) {
        return api.url() + "/api/v1" + path;
    }

    private HttpRequest.Builder request(String path, Optional<String> token) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url(path))).timeout(TIMEOUT).header("Accept", "application/json");
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
