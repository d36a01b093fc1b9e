package org.silkgate.ap.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.ApCommand;
import org.silkgate.ap.files.Durability;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.model.DocumentTypeId;
import org.silkgate.ap.model.Envelope;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.model.PeppolReport;
import org.silkgate.ap.model.ProcessId;

/**
 * The month's TSR and EUSR from a real H2 journal of the Kazakh access point, checked against the official XSDs and
 * Schematron (compiled once for the class).
 */
class ReportFromJournalTest {
    private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    private static final String KZ_AP = "SG-AP-KZ-001";
    private static final String GE_AP = "SG-AP-GE-001";
    private static final String AZ_AP = "SG-AP-AZ-001";

    private static final DocumentTypeId INVOICE = DocumentTypeId.parse("busdox-docid-qns::"
            + "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##"
            + "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1");
    private static final DocumentTypeId CREDIT_NOTE = DocumentTypeId.parse("busdox-docid-qns::"
            + "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote##"
            + "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1");
    private static final ProcessId BILLING =
            ProcessId.parse("cenbii-procid-ubl::urn:fdc:peppol.eu:2017:poacc:billing:01:1.0");

    // served by the Kazakh AP
    private static final ParticipantId STEEL = ParticipantId.parse("9970:980540001256");
    private static final ParticipantId CHAMBER = ParticipantId.parse("9970:051140007292");
    private static final ParticipantId CUSTOMS_KZ = ParticipantId.parse("9970:010240003746");
    private static final ParticipantId STEEL_GLN = ParticipantId.parse("0088:4870000000012");
    private static final ParticipantId DANISH_GLN = ParticipantId.parse("0088:5790000000001");
    // served by the others
    private static final ParticipantId MINISTRY_GE = ParticipantId.parse("9972:204493002");
    private static final ParticipantId KARTLI_GE = ParticipantId.parse("9972:405123456");
    private static final ParticipantId CUSTOMS_AZ = ParticipantId.parse("9976:1400057421");

    @TempDir
    static Path data;

    private static ReportValidator rules;
    private static PeppolReports.Reports reports;

    @BeforeAll
    static void journalAMonth() throws Exception {
        rules = ReportValidator.official();
        Instant day = Instant.parse("2026-11-10T09:00:00Z");
        try (Journal journal = Journal.open(
                Journal.defaultJdbcUrl(data),
                Durability.PROCESS_CRASH,
                Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC))) {
            // sent: KZ suppliers to GE and AZ
            send(journal, "o1", STEEL, MINISTRY_GE, INVOICE, day, GE_AP);
            send(journal, "o2", STEEL, CUSTOMS_AZ, INVOICE, day.plusSeconds(60), AZ_AP);
            send(journal, "o3", CHAMBER, KARTLI_GE, CREDIT_NOTE, day.plusSeconds(120), GE_AP);
            // a second insert of o1 is refused by the journal: counted once
            assertFalse(journal.insert(outbound("o1", STEEL, MINISTRY_GE, INVOICE, day)));
            // not exchanged: failed for good, and still queued
            journal.insert(outbound("o4", CUSTOMS_KZ, CUSTOMS_AZ, INVOICE, day));
            journal.failed("o4", "no endpoint");
            journal.insert(outbound("o5", CUSTOMS_KZ, MINISTRY_GE, CREDIT_NOTE, day));
            // another month
            send(journal, "o6", STEEL, MINISTRY_GE, INVOICE, Instant.parse("2026-10-31T23:59:59Z"), GE_AP);

            // received: from GE and AZ; i2 not yet delivered
            receive(journal, "i1", "sbdh-i1", MINISTRY_GE, STEEL, INVOICE, "GE", day, GE_AP, true);
            receive(journal, "i2", "sbdh-i2", CUSTOMS_AZ, CUSTOMS_KZ, INVOICE, "AZ", day, AZ_AP, false);
            receive(journal, "i3", "sbdh-i3", KARTLI_GE, STEEL_GLN, CREDIT_NOTE, "GE", day, GE_AP, true);
            receive(journal, "i4", "sbdh-i4", KARTLI_GE, DANISH_GLN, CREDIT_NOTE, "GE", day, GE_AP, true);
            // the GE AP sent i1's document again under a new AS4 MessageId (its receipt was lost): a duplicate
            receive(journal, "i1-again", "sbdh-i1", MINISTRY_GE, STEEL, INVOICE, "GE", day.plusSeconds(5), GE_AP, true);
        }
        // i2 as a row journaled before the reporting columns existed: its C4 country is derived in the report
        try (Connection connection = DriverManager.getConnection(Journal.defaultJdbcUrl(data))) {
            connection
                    .createStatement()
                    .executeUpdate(
                            "UPDATE message SET country_c4 = NULL, transport_protocol = NULL, access_point = NULL "
                                    + "WHERE message_id = 'i2'");
        }
        try (Journal journal =
                Journal.open(Journal.defaultJdbcUrl(data), Durability.PROCESS_CRASH, Clock.systemUTC())) {
            reports = PeppolReports.compute(
                    journal, NOVEMBER, journal.lastAccessPointId().orElseThrow());
        }
    }

    private static MessageRecord outbound(
            String id, ParticipantId sender, ParticipantId receiver, DocumentTypeId type, Instant at) {
        return MessageRecord.accepted(id, envelope("sbdh-" + id, sender, receiver, type, "KZ"), content(), at)
                .handledBy(KZ_AP);
    }

    private static void send(
            Journal journal,
            String id,
            ParticipantId sender,
            ParticipantId receiver,
            DocumentTypeId type,
            Instant at,
            String receiverAp) {
        assertTrue(journal.insert(outbound(id, sender, receiver, type, at)));
        journal.sent(id, receiverAp);
    }

    private static void receive(
            Journal journal,
            String id,
            String instance,
            ParticipantId sender,
            ParticipantId receiver,
            DocumentTypeId type,
            String countryC1,
            Instant at,
            String senderAp,
            boolean delivered) {
        assertTrue(journal.insert(MessageRecord.received(
                        id,
                        envelope(instance, sender, receiver, type, countryC1),
                        senderAp,
                        "cd".repeat(32),
                        content(),
                        at)
                .handledBy(KZ_AP)));
        if (delivered) journal.delivered(id);
    }

    private static Envelope envelope(
            String instance, ParticipantId sender, ParticipantId receiver, DocumentTypeId type, String countryC1) {
        return new Envelope(instance, sender, receiver, type, BILLING, countryC1);
    }

    private static MessageRecord.Content content() {
        return new MessageRecord.Content(1000, 1500, "ab".repeat(32));
    }

    @Test
    void theTransactionStatisticsCountEachExchangedDocumentOnce() {
        TransactionStatistics tsr = reports.transactions();
        assertEquals("PKZ000001", tsr.reporter());
        assertEquals(4, tsr.incoming(), "i1, i2, i3, i4");
        assertEquals(3, tsr.outgoing(), "o1, o2, o3");

        assertCounts(4, 3, tsr.subtotal("PerTP", MessageRecord.Reporting.PEPPOL_AS4_V2));
        assertEquals(
                1,
                tsr.subtotals().stream().filter(s -> s.type().equals("PerTP")).count());

        assertCounts(1, 1, tsr.subtotal("PerSP-DT-PR", "PGE000001", INVOICE.value(), BILLING.value()));
        assertCounts(1, 1, tsr.subtotal("PerSP-DT-PR", "PAZ000001", INVOICE.value(), BILLING.value()));
        assertCounts(2, 1, tsr.subtotal("PerSP-DT-PR", "PGE000001", CREDIT_NOTE.value(), BILLING.value()));
        assertEquals(
                3,
                tsr.subtotals().stream()
                        .filter(s -> s.type().equals("PerSP-DT-PR"))
                        .count());

        String[] sp = {"PGE000001", "PAZ000001"};
        assertCounts(1, 0, tsr.subtotal("PerSP-DT-PR-CC", sp[0], INVOICE.value(), BILLING.value(), "GE", "KZ"));
        assertCounts(1, 0, tsr.subtotal("PerSP-DT-PR-CC", sp[1], INVOICE.value(), BILLING.value(), "AZ", "KZ"));
        assertCounts(1, 0, tsr.subtotal("PerSP-DT-PR-CC", sp[0], CREDIT_NOTE.value(), BILLING.value(), "GE", "KZ"));
        assertCounts(1, 0, tsr.subtotal("PerSP-DT-PR-CC", sp[0], CREDIT_NOTE.value(), BILLING.value(), "GE", "ZZ"));
        assertEquals(
                4,
                tsr.subtotals().stream()
                        .filter(s -> s.type().equals("PerSP-DT-PR-CC"))
                        .count());
    }

    private static void assertCounts(
            long incoming, long outgoing, java.util.Optional<TransactionStatistics.Subtotal> subtotal) {
        assertTrue(
                subtotal.isPresent(),
                "no such subtotal in " + reports.transactions().subtotals());
        assertEquals(incoming, subtotal.get().incoming(), "incoming of " + subtotal.get());
        assertEquals(outgoing, subtotal.get().outgoing(), "outgoing of " + subtotal.get());
    }

    @Test
    void theEndUserStatisticsCountDistinctServedParticipants() {
        EndUserStatistics eusr = reports.endUsers();
        // sending: STEEL, CHAMBER (CUSTOMS_KZ only failed or queued); receiving: STEEL, CUSTOMS_KZ, both GLNs
        assertEquals(new EndUserStatistics.Counts(2, 4, 5), eusr.fullSet());

        assertEquals(new EndUserStatistics.Counts(2, 3, 4), counts(eusr.subset("PerEUC", "KZ")));
        // the EUSR code list has no "unknown": the Danish GLN's receiver is in no country subset
        assertTrue(eusr.subset("PerEUC", "ZZ").isEmpty());

        assertEquals(
                new EndUserStatistics.Counts(1, 2, 2),
                counts(eusr.subset("PerDT-PR", INVOICE.value(), BILLING.value())));
        assertEquals(
                new EndUserStatistics.Counts(1, 2, 3),
                counts(eusr.subset("PerDT-PR", CREDIT_NOTE.value(), BILLING.value())));

        assertEquals(new EndUserStatistics.Counts(1, 2, 2), counts(eusr.subset("PerDT-EUC", INVOICE.value(), "KZ")));
        assertEquals(
                new EndUserStatistics.Counts(1, 1, 2), counts(eusr.subset("PerDT-EUC", CREDIT_NOTE.value(), "KZ")));
        assertEquals(
                new EndUserStatistics.Counts(1, 1, 2),
                counts(eusr.subset("PerDT-PR-EUC", CREDIT_NOTE.value(), BILLING.value(), "KZ")));
        assertEquals(1 + 2 + 2 + 2, eusr.subsets().size(), "PerEUC, PerDT-PR, PerDT-EUC, PerDT-PR-EUC");
    }

    private static EndUserStatistics.Counts counts(java.util.Optional<EndUserStatistics.Subset> subset) {
        assertTrue(subset.isPresent(), "no such subset in " + reports.endUsers().subsets());
        return subset.get().counts();
    }

    @Test
    void bothReportsPassTheOfficialSchemaAndSchematron() {
        assertEquals(List.of(), rules.problems(reports.transactions().toXml()));
        assertEquals(List.of(), rules.problems(reports.endUsers().toXml()));
    }

    @Test
    void aReportThatBreaksARuleIsRefusedWithTheRuleId() {
        String tsr = new String(reports.transactions().toXml(), StandardCharsets.UTF_8);
        // a total that the per-protocol subtotals do not add up to
        String wrongTotal = tsr.replaceFirst("<Outgoing>3</Outgoing>", "<Outgoing>4</Outgoing>");
        ReportValidator.ReportRefused refused = org.junit.jupiter.api.Assertions.assertThrows(
                ReportValidator.ReportRefused.class, () -> rules.check(wrongTotal.getBytes(StandardCharsets.UTF_8)));
        assertTrue(refused.ruleIds().contains("SCH-TSR-05"), refused.problems().toString());
        assertTrue(
                refused.getMessage().startsWith("TransactionStatisticsReport breaks SCH-TSR-"), refused.getMessage());

        String eusr = new String(reports.endUsers().toXml(), StandardCharsets.UTF_8);
        // fewer end users in all than in one subset
        String fewer = eusr.replaceFirst("<SendingOrReceivingEndUsers>5<", "<SendingOrReceivingEndUsers>3<");
        refused = org.junit.jupiter.api.Assertions.assertThrows(
                ReportValidator.ReportRefused.class, () -> rules.check(fewer.getBytes(StandardCharsets.UTF_8)));
        assertTrue(refused.ruleIds().contains("SCH-EUSR-22"), refused.problems().toString());

        String notXsd = tsr.replaceFirst("<Incoming>4</Incoming>", "<Incoming>four</Incoming>");
        refused = org.junit.jupiter.api.Assertions.assertThrows(
                ReportValidator.ReportRefused.class, () -> rules.check(notXsd.getBytes(StandardCharsets.UTF_8)));
        assertTrue(
                refused.ruleIds().get(0).startsWith("cvc-"), refused.ruleIds().toString());
    }

    @Test
    void theCommandWritesBothReportsOrExitsNamingTheBrokenRule() throws Exception {
        Path out = data.resolve("reports");
        Result written = report("--data", data.toString(), "--month", "2026-11", "--out", out.toString());
        assertEquals(0, written.exitCode(), written.out());
        assertTrue(written.out().contains("TSR 2026-11: 4 incoming, 3 outgoing"), written.out());
        byte[] tsr = Files.readAllBytes(out.resolve("tsr-2026-11.xml"));
        byte[] eusr = Files.readAllBytes(out.resolve("eusr-2026-11.xml"));
        assertEquals(List.of(), rules.problems(tsr));
        assertEquals(List.of(), rules.problems(eusr));
        assertTrue(new String(tsr, StandardCharsets.UTF_8)
                .contains("<ReporterID schemeID=\"CertSubjectCN\">PKZ000001</ReporterID>"));

        // an id that is no Peppol seat id breaks the reporter rule: nothing is written
        Path refusedOut = data.resolve("refused");
        Result refused = report(
                "--data", data.toString(), "--month", "2026-11", "--out", refusedOut.toString(), "--ap-id", "KZ AP 1");
        assertEquals(1, refused.exitCode(), refused.out());
        assertTrue(refused.out().contains("SCH-TSR-18"), refused.out());
        assertFalse(Files.exists(refusedOut));

        Path notAFolder = Files.writeString(data.resolve("file"), "x");
        Result unusable = report(
                "--data",
                data.toString(),
                "--db",
                "jdbc:h2:file:" + notAFolder.resolve("journal"),
                "--month",
                "2026-11");
        assertEquals(2, unusable.exitCode(), unusable.out());
    }

    @Test
    void theReportingReceiverAddsUpTheLatestReportOfEachReporterPerCountryPairAndDocumentType() throws Exception {
        Path secretariat = data.resolve("secretariat");
        byte[] november = reports.transactions().toXml();
        // an earlier send of the same month, with another count: the later one replaces it
        byte[] earlier = new String(november, StandardCharsets.UTF_8)
                .replaceAll("<Incoming>1</Incoming>", "<Incoming>5</Incoming>")
                .getBytes(StandardCharsets.UTF_8);
        byte[] october = new String(november, StandardCharsets.UTF_8)
                .replace("2026-11-01", "2026-10-01")
                .replace("2026-11-30", "2026-10-31")
                .getBytes(StandardCharsets.UTF_8);
        ParticipantId secretariatId = ParticipantId.parse("0088:4870000000029");
        ParticipantId kazakhProvider = ParticipantId.parse("0242:398001");
        Instant day = Instant.parse("2026-12-01T08:00:00Z");
        try (Journal journal =
                Journal.open(Journal.defaultJdbcUrl(secretariat), Durability.PROCESS_CRASH, Clock.systemUTC())) {
            MessageFiles files = new MessageFiles(secretariat, Durability.PROCESS_CRASH);
            int n = 0;
            for (byte[] tsr : List.of(earlier, october, november)) {
                String id = "tsr-" + (++n);
                assertTrue(journal.insert(MessageRecord.received(
                                id,
                                new Envelope(
                                        "sbdh-" + id,
                                        kazakhProvider,
                                        secretariatId,
                                        PeppolReport.TSR,
                                        PeppolReport.PROCESS,
                                        "KZ"),
                                KZ_AP,
                                "cd".repeat(32),
                                content(),
                                day.plusSeconds(n))
                        .handledBy(KZ_AP)));
                files.storePayload(Direction.INBOUND, id, tsr);
            }
        }

        Result csv = command("statistics", "--data", secretariat.toString(), "--month", "2026-11", "--format", "csv");

        assertEquals(0, csv.exitCode(), csv.out());
        StringBuilder expected = new StringBuilder("month,sender_country,receiver_country,document_type,documents\n");
        // the journal's received documents: i1 GE→KZ invoice, i2 AZ→KZ invoice, i3 GE→KZ credit note, and i4 GE→ a
        // GLN that names no country (ZZ)
        expected.append("2026-11,AZ,KZ,").append(INVOICE.value()).append(",1\n");
        expected.append("2026-11,GE,KZ,").append(CREDIT_NOTE.value()).append(",1\n");
        expected.append("2026-11,GE,KZ,").append(INVOICE.value()).append(",1\n");
        expected.append("2026-11,GE,ZZ,").append(CREDIT_NOTE.value()).append(",1\n");
        assertEquals(expected.toString(), csv.out());
        Result text = command("statistics", "--data", secretariat.toString(), "--month", "2026-10");
        assertTrue(text.out().contains("from the reports of PKZ000001"), text.out());
        Result wrongFormat =
                command("statistics", "--data", secretariat.toString(), "--month", "2026-11", "--format", "xls");
        assertEquals(1, wrongFormat.exitCode());
        assertTrue(wrongFormat.out().contains("--format: text, csv or json, got 'xls'"), wrongFormat.out());
    }

    private static Result command(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ApCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), arguments);
        return new Result(code, out + err.toString());
    }

    private record Result(int exitCode, String out) {}

    private static Result report(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[arguments.length + 1];
        all[0] = "report";
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        int code = ApCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Result(code, out + err.toString());
    }
}
