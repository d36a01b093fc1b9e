package org.silkgate.ap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.model.PeppolReport;
import org.silkgate.ap.reporting.PeppolReports;
import org.silkgate.ap.reporting.TransactionStatistics;

/**
 * The monthly Peppol reports over AS4: Georgia's access point sends its TSR and EUSR to the CAREC Secretariat, a
 * participant of Kazakhstan's, which adds up the reports it receives into the region's cross-border table.
 */
class PeppolReportingTest {
    private static final ParticipantId SECRETARIAT = ParticipantId.parse("0088:4870000000029");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path folder;

    private static TestNetwork.Pair network;
    private static AccessPoint georgia;
    private static AccessPoint kazakhstan;
    private static final YearMonth THIS_MONTH = YearMonth.now(ZoneOffset.UTC);

    @BeforeAll
    static void start() throws Exception {
        network = TestNetwork.Pair.start(
                folder,
                ge -> {
                    Map<ParticipantId, ApConfig.StaticRoute> routes = new HashMap<>(ge.staticRoutes());
                    routes.put(SECRETARIAT, routes.get(TestNetwork.KZ_SERVICE_PROVIDER));
                    return ge.withServedParticipants(Set.of(TestNetwork.GE_BUYER, TestNetwork.GE_IMPORTER))
                            .withStaticRoutes(routes)
                            .withReporting(new ApConfig.Reporting(Optional.of(SECRETARIAT), Duration.ofSeconds(1)));
                },
                kz -> {
                    Set<ParticipantId> served = new HashSet<>(kz.servedParticipants());
                    served.add(SECRETARIAT);
                    return kz.withServedParticipants(served);
                });
        georgia = network.georgia();
        kazakhstan = network.kazakhstan();
        List<String> tenders = List.of(
                TestNetwork.submit(
                        kazakhstan, TestNetwork.document("tender.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER),
                TestNetwork.submit(
                        kazakhstan, TestNetwork.document("tender.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER),
                TestNetwork.submit(
                        kazakhstan,
                        TestNetwork.document("tender.xml"),
                        TestNetwork.KZ_SUPPLIER,
                        TestNetwork.GE_IMPORTER));
        for (String id : tenders) {
            TestNetwork.awaitJournal(georgia, Direction.INBOUND, id, r -> r.state() == MessageState.DELIVERED);
        }
    }

    @AfterAll
    static void stop() {
        if (network != null) network.close();
    }

    @Test
    void atStartTheScheduleSendsLastMonthsReportsOnceAndTheSecretariatReceivesThem() throws Exception {
        YearMonth lastMonth = THIS_MONTH.minusMonths(1);
        String tsr = awaitSubmission(lastMonth, "TSR");
        String eusr = awaitSubmission(lastMonth, "EUSR");
        Thread.sleep(2_500); // two more checks of the schedule: each finds the month sent
        assertEquals(Optional.of(tsr), georgia.journal().reportSubmission(lastMonth, "TSR"));

        MessageRecord received =
                TestNetwork.awaitJournal(kazakhstan, Direction.INBOUND, tsr, r -> r.state() == MessageState.DELIVERED);
        assertEquals(PeppolReport.TSR, received.envelope().documentType());
        assertEquals(PeppolReport.PROCESS, received.envelope().process());
        assertEquals(ParticipantId.parse("0242:268001"), received.envelope().sender());
        assertEquals(SECRETARIAT, received.envelope().receiver());
        assertEquals(
                PeppolReport.EUSR,
                TestNetwork.awaitJournal(kazakhstan, Direction.INBOUND, eusr, r -> r.state() == MessageState.DELIVERED)
                        .envelope()
                        .documentType());
        TestNetwork.awaitFile(kazakhstan.inbox().documentPath(SECRETARIAT, tsr));

        JsonNode table = statistics(lastMonth);
        assertEquals("[\"PGE000001\"]", table.get("reporters").toString());
        assertEquals(0, table.get("documents").asLong(), "no document crossed a border in the network's last month");
    }

    @Test
    void theSecretariatsTableEqualsTheReceivingAccessPointsJournalAndASecondSendReplacesTheFirst() throws Exception {
        TransactionStatistics georgian = PeppolReports.compute(georgia.journal(), THIS_MONTH, TestNetwork.GE_AP)
                .transactions();
        String tender = "urn:oasis:names:specification:ubl:schema:xsd:Tender-2::Tender##"
                + "urn:fdc:silkgate.carec:2026:tendering:1.0::2.4";
        long kazakhTenders = georgian.subtotals().stream()
                .filter(s -> s.type().equals("PerSP-DT-PR-CC")
                        && s.keys().get(1).value().equals(tender)
                        && s.keys().get(3).value().equals("KZ")
                        && s.keys().get(4).value().equals("GE"))
                .mapToLong(TransactionStatistics.Subtotal::incoming)
                .sum();
        assertEquals(3, kazakhTenders, "the three tenders sent at the start");

        for (int send = 1; send <= 2; send++) {
            HttpResponse<String> sent = TestNetwork.operatorApi(georgia, network.pki())
                    .post("/api/v1/reports/" + THIS_MONTH + "/send", new byte[0]);
            assertEquals(202, sent.statusCode(), sent.body());
            String tsr = JSON.readTree(sent.body())
                    .get("transactionStatisticsReport")
                    .asText();
            TestNetwork.awaitJournal(kazakhstan, Direction.INBOUND, tsr, r -> r.state() == MessageState.DELIVERED);

            JsonNode table = statistics(THIS_MONTH);
            assertEquals(kazakhTenders, table.get("documents").asLong(), table.toPrettyString());
            JsonNode row = table.get("rows").get(0);
            assertEquals("KZ", row.get("senderCountry").asText());
            assertEquals("GE", row.get("receiverCountry").asText());
            assertEquals(tender, row.get("documentType").asText());
            assertEquals(kazakhTenders, row.get("documents").asLong());
        }

        HttpResponse<String> csv = TestNetwork.operatorApi(kazakhstan, network.pki())
                .get("/api/v1/statistics?month=" + THIS_MONTH + "&format=csv");
        assertEquals(
                "month,sender_country,receiver_country,document_type,documents\n" + THIS_MONTH + ",KZ,GE," + tender
                        + "," + kazakhTenders + "\n",
                csv.body());
    }

    @Test
    void aMonthThatIsNotOneIsRefusedNamingTheFormat() throws Exception {
        HttpResponse<String> refused =
                TestNetwork.operatorApi(kazakhstan, network.pki()).get("/api/v1/statistics?month=November");
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("month: YYYY-MM (e.g. 2026-11), got 'November'"), refused.body());

        HttpResponse<String> noReceiver = TestNetwork.operatorApi(kazakhstan, network.pki())
                .post("/api/v1/reports/" + THIS_MONTH + "/send", new byte[0]);
        assertEquals(409, noReceiver.statusCode());
        assertTrue(noReceiver.body().contains("has no reporting receiver"), noReceiver.body());
    }

    @Test
    void theCurrentReportIsServedInItsXml() throws Exception {
        HttpResponse<String> tsr =
                TestNetwork.operatorApi(georgia, network.pki()).get("/api/v1/reports/" + THIS_MONTH + "/tsr");
        assertEquals(200, tsr.statusCode(), tsr.body());
        assertTrue(tsr.body().contains("<ReporterID schemeID=\"CertSubjectCN\">PGE000001</ReporterID>"), tsr.body());
    }

    private static String awaitSubmission(YearMonth month, String report) throws InterruptedException {
        java.time.Instant giveUp = java.time.Instant.now().plusSeconds(60);
        while (true) {
            Optional<String> sent = georgia.journal().reportSubmission(month, report);
            if (sent.isPresent()) return sent.get();
            if (java.time.Instant.now().isAfter(giveUp)) throw new AssertionError("the schedule never sent " + report);
            Thread.sleep(100);
        }
    }

    private static JsonNode statistics(YearMonth month) throws Exception {
        HttpResponse<String> answer =
                TestNetwork.operatorApi(kazakhstan, network.pki()).get("/api/v1/statistics?month=" + month);
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }
}
