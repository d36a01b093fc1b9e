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
import java.time.Instant;
import javax.net.ssl.SSLContext;
import org.silkgate.network.PkiTls;

/**
 * Sees a remote access point's receiving side through its journal API ({@code GET /api/v1/messages?participant=}):
 * an INBOUND record for the MessageId means the message was accepted, state DELIVERED that it reached the back office.
 * The journal keeps one record per MessageId, so "delivered once" is as much as can be seen from outside.
 */
public final class JournalApiProbe implements DeliveryProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(30);

    private final String apiBaseUrl;
    private final String token;
    private final HttpClient http;

    /**
     * @param token an operator's API client token of the target (it reads every participant's messages)
     * @param tls the client context the API's TLS certificate is checked with (host name included)
     */
    public JournalApiProbe(String apiBaseUrl, String token, SSLContext tls) {
        this.token = token;
        this.apiBaseUrl = apiBaseUrl.endsWith("/") ? apiBaseUrl.substring(0, apiBaseUrl.length() - 1) : apiBaseUrl;
        this.http =
                PkiTls.httpClient(tls).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public Observation observe(String receiver, String messageId, boolean expectDelivery) {
        Instant giveUp = Instant.now().plus(DELIVERY_WAIT);
        String url = apiBaseUrl + "/api/v1/messages?limit=1000&participant="
                + URLEncoder.encode(receiver, StandardCharsets.UTF_8);
        while (true) {
            JsonNode list;
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(30))
                                .header("Authorization", "Bearer " + token)
                                .header("Accept", "application/json")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    return Observation.unobservable("journal API " + url + " answered HTTP " + response.statusCode()
                            + ", so only the AS4 answer was checked");
                }
                list = JSON.readTree(response.body());
            } catch (IOException e) {
                return Observation.unobservable("journal API " + url + " not reachable (" + e.getMessage()
                        + "), so only the AS4 answer was checked");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Observation.unobservable("interrupted while reading " + url);
            }
            int received = 0;
            String state = null;
            for (JsonNode record : list) {
                if (messageId.equals(record.path("messageId").asText())
                        && "INBOUND".equals(record.path("direction").asText())) {
                    received++;
                    state = record.path("state").asText();
                }
            }
            boolean settled = !expectDelivery
                    || "DELIVERED".equals(state)
                    || Instant.now().isAfter(giveUp);
            if (settled) {
                return new Observation(
                        true,
                        received,
                        "journal API of the target: " + received + " inbound record(s) for " + messageId
                                + (state == null ? "" : ", state " + state) + " (remote: inbox not visible)");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Observation.unobservable("interrupted while waiting for " + messageId);
            }
        }
    }
}
