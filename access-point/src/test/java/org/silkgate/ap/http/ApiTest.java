package org.silkgate.ap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.silkgate.ap.TestNetwork;
import org.silkgate.ap.WithTwoAccessPoints;
import org.silkgate.ap.clients.ApiClient;
import org.silkgate.ap.model.DocumentIdentifiers;
import org.silkgate.ap.model.Envelope;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.model.SbdhEnvelope;

/** A back office talks to the Kazakh access point over HTTP only. */
class ApiTest extends WithTwoAccessPoints {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ParticipantId OTHER_KZ_SUPPLIER = ParticipantId.parse("9970:010240003746");
    private static String erp;
    private static String otherErp;
    private static String operator;

    @BeforeAll
    static void createClients() {
        erp = kazakhstan
                .clients()
                .add(new ApiClient("kz-supplier-erp", Set.of(TestNetwork.KZ_SUPPLIER), false), "test");
        otherErp = kazakhstan.clients().add(new ApiClient("other-erp", Set.of(OTHER_KZ_SUPPLIER), false), "test");
        operator = kazakhstan.clients().add(new ApiClient("kz-operator", Set.of(), true), "test");
    }

    @Test
    void withoutATokenOrWithAWrongOneTheApiAnswers401AndTheRefusalIsAudited() throws Exception {
        HttpResponse<String> none = TestNetwork.https(pki)
                .send(
                        HttpRequest.newBuilder(URI.create(kazakhstan.apiUrl() + "/api/v1/messages"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrong = send("GET", "/api/v1/messages", null, "sgt_not-a-token");

        assertEquals(401, none.statusCode(), none.body());
        assertEquals(
                "Bearer realm=\"silkgate\"",
                none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertTrue(kazakhstan.journal().audit().entries(1, 100_000).stream()
                .anyMatch(e -> e.action().equals("api.login-refused") && "unknown token".equals(e.detail())));
    }

    @Test
    void aClientSubmitsOnlyAsItsOwnParticipantsAndReadsOnlyTheirMessages() throws Exception {
        int journaled = kazakhstan
                .journal()
                .list(Optional.empty(), Optional.empty(), Optional.empty(), 1000)
                .size();
        HttpResponse<String> asAnother = send(
                "POST", "/api/v1/outbound?sender=" + OTHER_KZ_SUPPLIER.uri(), TestNetwork.document("tender.xml"), erp);
        assertEquals(403, asAnother.statusCode(), asAnother.body());
        assertTrue(asAnother.body().contains("may not submit as " + OTHER_KZ_SUPPLIER.uri()), asAnother.body());
        assertEquals(
                journaled,
                kazakhstan
                        .journal()
                        .list(Optional.empty(), Optional.empty(), Optional.empty(), 1000)
                        .size(),
                "nothing was journaled, nothing signed");

        String id = JSON.readTree(post("/api/v1/outbound", TestNetwork.document("tender.xml"))
                        .body())
                .get("messageId")
                .asText();
        assertEquals(403, send("GET", "/api/v1/messages/" + id, null, otherErp).statusCode());
        assertEquals(
                403,
                send("GET", "/api/v1/messages?participant=" + TestNetwork.KZ_SUPPLIER.uri(), null, otherErp)
                        .statusCode());
        assertFalse(send("GET", "/api/v1/messages", null, otherErp).body().contains(id));
        assertEquals(200, send("GET", "/api/v1/messages/" + id, null, operator).statusCode());
    }

    @Test
    void resendClientsAndMetricsAreForOperatorsOnly() throws Exception {
        assertEquals(
                403,
                send("POST", "/api/v1/messages/nobody@kz/resend", new byte[0], erp)
                        .statusCode());
        assertEquals(403, send("GET", "/metrics", null, erp).statusCode());
        assertEquals(403, send("GET", "/api/v1/clients", null, erp).statusCode());
        HttpResponse<String> metrics = send("GET", "/metrics", null, operator);
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("silkgate_certificate_days_left"), metrics.body());

        HttpResponse<String> created = send(
                "POST",
                "/api/v1/clients",
                "{\"name\": \"made-by-api\", \"participants\": [\"9970:980540001256\"]}"
                        .getBytes(StandardCharsets.UTF_8),
                operator);
        assertEquals(201, created.statusCode(), created.body());
        String token = JSON.readTree(created.body()).get("token").asText();
        assertEquals(200, send("GET", "/api/v1/messages", null, token).statusCode());
        assertEquals(
                204,
                send("DELETE", "/api/v1/clients/made-by-api", null, operator).statusCode());
        assertEquals(
                401,
                send("GET", "/api/v1/messages", null, token).statusCode(),
                "a removed client's token stops working");
    }

    @Test
    void anOperatorReadsTheAuditLogAndItsVerificationAsTheConsoleShowsThem() throws Exception {
        send("GET", "/api/v1/messages", null, "sgt_another-wrong-token"); // an audited refusal, at least

        JsonNode verification = JSON.readTree(
                send("GET", "/api/v1/audit/verification", null, operator).body());
        JsonNode newest = JSON.readTree(
                send("GET", "/api/v1/audit?limit=5", null, operator).body());
        JsonNode first = JSON.readTree(
                send("GET", "/api/v1/audit?from=1&limit=2", null, operator).body());

        assertTrue(verification.get("intact").asBoolean(), verification.toString());
        assertTrue(verification.get("entries").asLong() >= 1);
        assertEquals(5, Math.min(5, newest.size()));
        assertEquals(
                verification.get("lastHash").asText(),
                newest.get(newest.size() - 1).get("hash").asText(),
                "the newest entry is the chain head");
        assertEquals(1, first.get(0).get("seq").asLong());
        assertEquals(403, send("GET", "/api/v1/audit", null, erp).statusCode());
        assertEquals(
                400, send("GET", "/api/v1/audit?from=first", null, operator).statusCode());
    }

    @Test
    void anOperatorCannotMakeTheAccessPointSignForASenderItDoesNotServe() throws Exception {
        HttpResponse<String> refused =
                send("POST", "/api/v1/outbound?sender=9970:777777777777", TestNetwork.document("tender.xml"), operator);

        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(
                refused.body().contains("does not serve sender iso6523-actorid-upis::9970:777777777777"),
                refused.body());
    }

    @Test
    void theBackOfficeApiIsNotOnThePublicAs4Listener() throws Exception {
        HttpResponse<String> onAs4 = TestNetwork.https(pki)
                .send(
                        HttpRequest.newBuilder(URI.create(kazakhstan.baseUrl() + "/api/v1/messages"))
                                .header("Authorization", "Bearer " + operator)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertEquals(404, onAs4.statusCode());
        assertTrue(kazakhstan.apiUrl().startsWith("https://127.0.0.1:")
                && !kazakhstan.apiUrl().equals(kazakhstan.baseUrl()));
    }

    @Test
    void aTenderPostedWithoutParametersIsRoutedByItsEndpointIdsAndTrackedUntilSent() throws Exception {
        HttpResponse<String> posted = post("/api/v1/outbound", TestNetwork.document("tender.xml"));

        assertEquals(202, posted.statusCode(), posted.body());
        String id = JSON.readTree(posted.body()).get("messageId").asText();
        JsonNode sent = awaitState(id, "SENT");
        assertEquals(
                "iso6523-actorid-upis::9970:980540001256", sent.get("sender").asText());
        assertEquals(
                "iso6523-actorid-upis::9972:204493002", sent.get("receiver").asText());
        assertEquals("SG-AP-GE-001", sent.get("peerAccessPoint").asText());
        assertEquals("ACCEPTED", sent.get("history").get(0).get("state").asText());

        JsonNode listed = JSON.readTree(
                get("/api/v1/messages?state=SENT&participant=9970:980540001256").body());
        assertTrue(listed.findValuesAsText("messageId").contains(id), listed.toString());
        // the console's search through the API: direction, a part of the document type, a time range, pages
        String window = "&since=" + Instant.now().minusSeconds(600) + "&until="
                + Instant.now().plusSeconds(60);
        JsonNode outboundTenders =
                JSON.readTree(get("/api/v1/messages?direction=OUTBOUND&documentType=Tender-2" + window)
                        .body());
        assertTrue(outboundTenders.findValuesAsText("messageId").contains(id), outboundTenders.toString());
        assertTrue(outboundTenders.findValuesAsText("direction").stream().allMatch("OUTBOUND"::equals));
        JsonNode inbound = JSON.readTree(get("/api/v1/messages?direction=INBOUND&documentType=Tender-2" + window)
                .body());
        assertFalse(inbound.findValuesAsText("messageId").contains(id), inbound.toString());
        JsonNode firstPage = JSON.readTree(get("/api/v1/messages?limit=1").body());
        JsonNode secondPage =
                JSON.readTree(get("/api/v1/messages?limit=1&offset=1").body());
        assertEquals(1, firstPage.size());
        assertFalse(
                firstPage.get(0).get("messageId").equals(secondPage.path(0).path("messageId")),
                "the second page starts after the first");
        assertEquals(400, get("/api/v1/messages?direction=SIDEWAYS").statusCode());
        assertEquals(
                409,
                send("POST", "/api/v1/messages/" + id + "/resend", new byte[0], operator)
                        .statusCode());
    }

    @Test
    void anSbdhWrappedTenderIsAcceptedWithTheSbdhsPartiesAndKeepsItsInstanceIdentifier() throws Exception {
        byte[] tender = TestNetwork.document("tender.xml");
        byte[] sbdh = backOfficeSbdh(tender, "back-office-0001");

        HttpResponse<String> posted = post("/api/v1/outbound", sbdh);

        assertEquals(202, posted.statusCode(), posted.body());
        JsonNode sent = awaitState(JSON.readTree(posted.body()).get("messageId").asText(), "SENT");
        assertEquals("back-office-0001", sent.get("sbdhInstanceIdentifier").asText(), sent.toString());
        assertEquals(
                "iso6523-actorid-upis::9972:204493002", sent.get("receiver").asText(), sent.toString());
    }

    @Test
    void anSbdhThatBreaksItsSchemaGets400NamingTheStrayElementAndNothingIsQueued() throws Exception {
        byte[] tender = TestNetwork.document("tender.xml");
        String sbdh = new String(backOfficeSbdh(tender, "back-office-0002"), StandardCharsets.UTF_8)
                .replace(
                        "<HeaderVersion>1.0</HeaderVersion>",
                        "<HeaderVersion>1.0</HeaderVersion><Priority>urgent</Priority>");

        HttpResponse<String> posted = post("/api/v1/outbound", sbdh.getBytes(StandardCharsets.UTF_8));

        assertEquals(400, posted.statusCode(), posted.body());
        assertTrue(
                posted.body().contains("SBDH does not match its schema")
                        && posted.body().contains("Priority"),
                posted.body());
        assertFalse(posted.body().contains("messageId"), posted.body());
    }

    @Test
    void anInvalidTenderGets400WithTheValidationReportInTheAskedLanguage() throws Exception {
        HttpResponse<String> posted = post(
                "/api/v1/outbound?lang=ru&sender=" + TestNetwork.KZ_SUPPLIER.uri(),
                TestNetwork.document("tender-invalid-R009.xml"));

        assertEquals(400, posted.statusCode());
        JsonNode report = JSON.readTree(posted.body());
        assertEquals("INVALID", report.get("outcome").asText(), posted.body());
        assertTrue(posted.body().contains("CAREC-TND-R009"), posted.body());
    }

    @Test
    void unknownMessagesAndResourcesAre404() throws Exception {
        assertEquals(404, get("/api/v1/messages/no-such-message").statusCode());
        assertEquals(
                404,
                send("POST", "/api/v1/messages/no-such-message/resend", new byte[0], operator)
                        .statusCode());
        assertEquals(400, get("/api/v1/messages?since=yesterday").statusCode());
    }

    @Test
    void healthIsUpAndMetricsCountMessagesLatencyAndQueues() throws Exception {
        HttpResponse<String> health = get("/health");
        assertEquals(200, health.statusCode());
        assertEquals("UP", JSON.readTree(health.body()).get("status").asText());

        HttpResponse<String> posted = post("/api/v1/outbound", TestNetwork.document("tender.xml"));
        awaitState(JSON.readTree(posted.body()).get("messageId").asText(), "SENT");
        String metrics = send("GET", "/metrics", null, operator).body();
        assertTrue(metrics.contains("silkgate_messages{direction=\"outbound\""), metrics);
        assertTrue(metrics.contains("silkgate_send_latency_seconds_count"), metrics);
        assertTrue(metrics.contains("silkgate_queue_depth{queue=\"silkgate.outbound.send\"}"), metrics);
    }

    @Test
    void theSignedReceiptAndThePayloadOfAMessageDownloadForItsClientOnly() throws Exception {
        HttpResponse<String> posted = send("POST", "/api/v1/outbound", TestNetwork.document("tender.xml"), erp);
        String id = JSON.readTree(posted.body()).get("messageId").asText();
        awaitState(id, "SENT");

        HttpResponse<String> receipt = send("GET", "/api/v1/messages/" + id + "/receipt", null, erp);
        HttpResponse<String> payload = send("GET", "/api/v1/messages/" + id + "/payload", null, operator);
        HttpResponse<String> notTheirs = send("GET", "/api/v1/messages/" + id + "/receipt", null, otherErp);
        HttpResponse<String> unknown = send("GET", "/api/v1/messages/no-such-id/payload", null, operator);

        assertEquals(200, receipt.statusCode(), receipt.body());
        assertEquals(new String(kazakhstan.files().receipt(id).orElseThrow(), StandardCharsets.UTF_8), receipt.body());
        assertEquals(200, payload.statusCode(), payload.body());
        assertEquals(
                new String(
                        kazakhstan.files().payload(org.silkgate.ap.journal.Direction.OUTBOUND, id),
                        StandardCharsets.UTF_8),
                payload.body());
        assertEquals(403, notTheirs.statusCode(), notTheirs.body());
        assertEquals(404, unknown.statusCode(), unknown.body());
    }

    private static JsonNode awaitState(String id, String state) throws Exception {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            HttpResponse<String> response = get("/api/v1/messages/" + id);
            JsonNode message = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
            if (message != null && state.equals(message.get("state").asText())) return message;
            if (Instant.now().isAfter(giveUp))
                throw new AssertionError("message " + id + " never became " + state + ": " + response.body());
            Thread.sleep(50);
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, erp);
    }

    private static HttpResponse<String> post(String path, byte[] body) throws Exception {
        return send("POST", path, body, erp);
    }

    /** A request to Kazakhstan's back-office API with a client's token. */
    private static HttpResponse<String> send(String method, String path, byte[] body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(kazakhstan.apiUrl() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/xml")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        return TestNetwork.https(pki).send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An SBDH as a back office wraps its tender, KZ supplier to GE buyer. */
    private static byte[] backOfficeSbdh(byte[] tender, String instanceIdentifier) {
        DocumentIdentifiers ids = DocumentIdentifiers.of(tender);
        return SbdhEnvelope.wrap(
                tender,
                ids,
                new Envelope(
                        instanceIdentifier,
                        TestNetwork.KZ_SUPPLIER,
                        TestNetwork.GE_BUYER,
                        ids.documentType(),
                        ids.process(),
                        "KZ"),
                Instant.now());
    }
}
