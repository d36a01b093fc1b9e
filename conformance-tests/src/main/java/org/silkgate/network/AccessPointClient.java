package org.silkgate.network;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.silkgate.validation.Language;

/**
 * A back office (C1) talking to its access point's HTTP API: {@code POST /api/v1/outbound} to send a UBL document,
 * {@code GET /api/v1/messages/{id}} to follow it in the journal.
 */
public final class AccessPointClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String baseUrl;
    private final String token;
    private final HttpClient http;

    /**
     * @param baseUrl the access point's back-office API listener
     * @param token the back office's API client token
     * @param tls the client context the access point's TLS certificate is checked with (host name included)
     */
    public AccessPointClient(String baseUrl, String token, SSLContext tls) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.http = PkiTls.httpClient(tls).connectTimeout(TIMEOUT).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Submits a UBL document; sender and receiver come from its endpoint IDs.
     *
     * @param language the language the validation report's messages are asked in
     * @throws IllegalStateException when the access point answers anything but 202 or 400
     */
    public Submission submit(byte[] ublDocument, Language language) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/outbound?lang=" + language.code()))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/xml")
                .header("Accept", "application/json")
                .header("Accept-Language", language.code())
                .POST(HttpRequest.BodyPublishers.ofByteArray(ublDocument))
                .build();
        HttpResponse<String> response = send(request);
        JsonNode body = parse(response);
        return switch (response.statusCode()) {
            case 202, 200, 201 -> {
                JsonNode id = body.path("messageId");
                if (!id.isTextual() || id.asText().isBlank()) {
                    throw new IllegalStateException("the access point at " + baseUrl
                            + " accepted the document but sent no" + " messageId: " + response.body());
                }
                yield new Submission.Accepted(id.asText());
            }
            case 400 -> new Submission.Refused(fatalFindings(body), response.body());
            default ->
                throw new IllegalStateException("POST " + baseUrl + "/api/v1/outbound answered HTTP "
                        + response.statusCode() + ": " + abbreviate(response.body()));
        };
    }

    /** The journal entry of a message, as JSON; empty while the access point does not know it. */
    public Optional<JsonNode> message(String messageId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/messages/"
                        + URLEncoder.encode(messageId, StandardCharsets.UTF_8).replace("+", "%20")))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() == 404) return Optional.empty();
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + request.uri() + " answered HTTP " + response.statusCode() + ": "
                    + abbreviate(response.body()));
        }
        return Optional.of(parse(response));
    }

    /** GET a resource of the API ({@code /api/v1/…}), as an operator or client would; any status comes back. */
    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .GET()
                .build());
    }

    /** POST an action without a body ({@code /api/v1/…/send}); any status comes back. */
    public HttpResponse<String> post(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    /** The message's state in the journal (ACCEPTED, RETRYING, SENT, FAILED, …), when the entry names one. */
    public static Optional<String> state(JsonNode message) {
        JsonNode state = message.path("state");
        return state.isTextual() ? Optional.of(state.asText()) : Optional.empty();
    }

    /** Every finding with a rule id whose severity is fatal (or not given), wherever the report nests it. */
    static List<Submission.RuleFailure> fatalFindings(JsonNode report) {
        List<Submission.RuleFailure> found = new ArrayList<>();
        collect(report, found);
        return found;
    }

    private static void collect(JsonNode node, List<Submission.RuleFailure> found) {
        if (node.isObject() && node.path("ruleId").isTextual()) {
            String severity = node.path("severity").asText("FATAL");
            if (severity.equalsIgnoreCase("FATAL") || severity.equalsIgnoreCase("ERROR")) {
                found.add(new Submission.RuleFailure(
                        node.path("ruleId").asText(), node.path("message").asText("")));
            }
            return;
        }
        if (node.isContainerNode()) node.forEach(child -> collect(child, found));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "the access point at " + baseUrl + " did not answer " + request.method() + " "
                            + request.uri().getPath() + ": " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + request.uri(), e);
        }
    }

    private JsonNode parse(HttpResponse<String> response) {
        if (response.statusCode() == 404) return JSON.missingNode();
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(
                    response.request().method() + " " + response.request().uri() + " answered HTTP "
                            + response.statusCode() + " with a body that is not JSON: " + abbreviate(response.body()),
                    e);
        }
    }

    private static String abbreviate(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…";
    }
}
