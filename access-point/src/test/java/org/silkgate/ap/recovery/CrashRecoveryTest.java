package org.silkgate.ap.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.AccessPoint;
import org.silkgate.ap.ApConfig;
import org.silkgate.ap.TestNetwork;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.outbound.RetryPolicy;

/** kill -9 of a real access point process, then a restart: every accepted document reaches C4 exactly once. */
class CrashRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DOCUMENTS = 5;

    @TempDir
    static Path folder;

    static Path pki;

    @BeforeAll
    static void createPki() {
        pki = TestNetwork.createPki(folder);
    }

    @Test
    void killingTheSendingAccessPointRightAfterItAcceptedEndsWithEveryDocumentDeliveredOnce() throws Exception {
        Path scenario = folder.resolve("sender-crash");
        try (AccessPoint georgia = TestNetwork.start(TestNetwork.georgia(pki, scenario))) {
            int port = ApProcess.freePort();
            List<String> options = ApProcess.kazakhOptions(pki, scenario.resolve("kz"), georgia.as4Url());
            Path log = scenario.resolve("kz.log");
            ApProcess kazakhstan = ApProcess.start(port, options, log);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < DOCUMENTS; i++) ids.add(submit(kazakhstan.api()));

            kazakhstan.kill();
            kazakhstan = ApProcess.start(port, options, log);
            try {
                for (String id : ids) {
                    TestNetwork.awaitJournal(georgia, Direction.INBOUND, id, r -> r.state() == MessageState.DELIVERED);
                    awaitState(kazakhstan.api(), id, "SENT");
                }
                assertEquals(
                        ids.size(), documentsInInbox(georgia.inbox().inbox().resolve(TestNetwork.GE_BUYER.value())));
            } finally {
                kazakhstan.kill();
            }
        }
    }

    @Test
    void killingTheReceivingAccessPointEndsWithEveryDocumentDeliveredOnceAfterItsRestart() throws Exception {
        Path scenario = folder.resolve("receiver-crash");
        int port = ApProcess.freePort();
        List<String> options = new ArrayList<>(List.of(
                "--id",
                TestNetwork.GE_AP,
                "--country",
                "GE",
                "--keystore",
                pki.resolve("ap-GE.p12").toString(),
                "--truststore",
                pki.resolve("truststore.p12").toString(),
                "--data",
                scenario.resolve("ge").toString(),
                "--serve",
                TestNetwork.GE_BUYER.uri()));
        options.addAll(TestNetwork.tlsOptions(pki, "GE"));
        Path log = scenario.resolve("ge.log");
        Files.createDirectories(scenario);
        ApProcess georgia = ApProcess.start(port, options, log);
        ApConfig.StaticRoute toGeorgia =
                new ApConfig.StaticRoute("https://127.0.0.1:" + port + "/as4", pki.resolve("ap-GE.pem"));
        try (AccessPoint kazakhstan = TestNetwork.start(ApConfig.of(
                        TestNetwork.KZ_AP,
                        "KZ",
                        pki.resolve("ap-KZ.p12"),
                        pki.resolve("truststore.p12"),
                        scenario.resolve("kz"))
                .withTls(TestNetwork.tls(pki, "KZ"))
                .withServedParticipants(java.util.Set.of(TestNetwork.KZ_SUPPLIER))
                .withStaticRoutes(java.util.Map.of(TestNetwork.GE_BUYER, toGeorgia))
                .withRetry(new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMinutes(10))))) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < DOCUMENTS; i++) {
                ids.add(TestNetwork.submit(
                        kazakhstan, TestNetwork.document("tender.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER));
            }
            georgia.kill();
            georgia = ApProcess.start(port, options, log);

            for (String id : ids) {
                TestNetwork.awaitJournal(kazakhstan, Direction.OUTBOUND, id, r -> r.state() == MessageState.SENT);
                awaitState(georgia.api(), id, "DELIVERED");
            }
            assertEquals(
                    ids.size(),
                    documentsInInbox(scenario.resolve("ge").resolve("inbox").resolve(TestNetwork.GE_BUYER.value())));
        } finally {
            georgia.kill();
        }
    }

    private static String submit(TestNetwork.Api api) throws Exception {
        HttpResponse<String> response = api.post("/api/v1/outbound", TestNetwork.document("tender.xml"));
        assertEquals(202, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("messageId").asText();
    }

    private static void awaitState(TestNetwork.Api api, String id, String state) throws Exception {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            HttpResponse<String> response = api.get("/api/v1/messages/" + id);
            if (response.statusCode() == 200
                    && state.equals(JSON.readTree(response.body()).get("state").asText())) return;
            if (Instant.now().isAfter(giveUp))
                throw new AssertionError(id + " never became " + state + ": " + response.body());
            Thread.sleep(100);
        }
    }

    private static long documentsInInbox(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".xml"))
                    .count();
        }
    }
}
