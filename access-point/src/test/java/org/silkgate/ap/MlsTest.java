package org.silkgate.ap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.model.Mls;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.model.SbdhEnvelope;
import org.silkgate.ap.outbound.OutboundMessage;
import org.silkgate.ap.outbound.Submission;
import org.silkgate.validation.ValidationReport;

/** Peppol Message Level Status between the Kazakh (C2) and the Georgian (C3) access point. */
class MlsTest extends WithTwoAccessPoints {
    private static final ParticipantId GE_SERVICE_PROVIDER = ParticipantId.parse("0242:268001");

    @Test
    void theServiceProviderIdOfAnAccessPointIsSixDigitsTheMlsRulesAccept() {
        assertEquals(Optional.of(TestNetwork.KZ_SERVICE_PROVIDER), Mls.serviceProviderId(TestNetwork.KZ_AP));
        assertEquals(Optional.of(GE_SERVICE_PROVIDER), Mls.serviceProviderId(TestNetwork.GE_AP));
        assertEquals(Optional.empty(), Mls.serviceProviderId("SG-AP-XX-000"));
        byte[] mls = Mls.accepted(
                "MLS-1", GE_SERVICE_PROVIDER, TestNetwork.KZ_SERVICE_PROVIDER, "some-instance", Instant.now());

        ValidationReport report = TestNetwork.VALIDATION.validate(mls, "mls");

        assertTrue(report.valid(), report.toJson(org.silkgate.validation.Language.EN));
        assertEquals(Optional.of(new Mls.Status(Mls.Code.AP, "some-instance", List.of())), Mls.read(mls));

        Mls.Issue warning = new Mls.Issue("/Tender/cbc:Note[1]", "[CAREC-TND-W001] a warning", Mls.Reason.BW);
        byte[] withWarning = Mls.accepted(
                "MLS-W", GE_SERVICE_PROVIDER, TestNetwork.KZ_SERVICE_PROVIDER, "i", List.of(warning), Instant.now());
        ValidationReport warned = TestNetwork.VALIDATION.validate(withWarning, "mls-bw");
        assertTrue(warned.valid(), warned.toJson(org.silkgate.validation.Language.EN));
        assertEquals(List.of(warning), Mls.read(withWarning).orElseThrow().issues());
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> Mls.accepted(
                        "MLS-X",
                        GE_SERVICE_PROVIDER,
                        TestNetwork.KZ_SERVICE_PROVIDER,
                        "i",
                        List.of(new Mls.Issue("/", "[R] fatal", Mls.Reason.BV)),
                        Instant.now()),
                "a positive status never carries a failure (SCH-MLS-25)");
    }

    @Test
    void everyDocumentSentAsksForAStatusExceptAnMls() {
        OutboundMessage tender = kazakhstan
                .preparation()
                .prepare(TestNetwork.document("tender.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER);
        SbdhEnvelope.Read read = (SbdhEnvelope.Read) SbdhEnvelope.read(tender.sbdh());
        assertEquals(Optional.of(new Mls.Request(TestNetwork.KZ_SERVICE_PROVIDER, Mls.Type.ALWAYS_SEND)), read.mls());

        byte[] mls = Mls.accepted(
                "MLS-2", TestNetwork.KZ_SERVICE_PROVIDER, GE_SERVICE_PROVIDER, "some-instance", Instant.now());
        OutboundMessage status =
                kazakhstan.preparation().prepare(mls, TestNetwork.KZ_SERVICE_PROVIDER, GE_SERVICE_PROVIDER);
        assertFalse(new String(status.sbdh(), StandardCharsets.UTF_8).contains("MLS_TO"));
        assertEquals(Optional.empty(), ((SbdhEnvelope.Read) SbdhEnvelope.read(status.sbdh())).mls());
    }

    @Test
    void aTenderFromKazakhstanToGeorgiaEndsWithGeorgiasMlsAcceptedInKazakhstansJournal() throws Exception {
        String id = TestNetwork.submit(
                kazakhstan, TestNetwork.document("tender.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER);

        TestNetwork.awaitJournal(georgia, Direction.INBOUND, id, r -> r.state() == MessageState.DELIVERED);
        assertEquals(
                Optional.of(new Mls.Request(TestNetwork.KZ_SERVICE_PROVIDER, Mls.Type.ALWAYS_SEND)),
                georgia.journal().mlsRequest(id));
        Journal.MlsLink link = await(
                () -> kazakhstan
                        .journal()
                        .mls(Direction.OUTBOUND, id)
                        .filter(mls -> mls.status().isPresent()),
                "an MLS for " + id + " at " + TestNetwork.KZ_AP);
        assertEquals(Optional.of("AP"), link.status());
        String mlsId = link.mlsMessageId().orElseThrow();

        Journal.MlsLink answered = georgia.journal().mls(Direction.INBOUND, id).orElseThrow();
        assertEquals(Optional.of("AP"), answered.status(), "Georgia's journal says what it answered");
        assertEquals(Optional.of(mlsId), answered.mlsMessageId());
        MessageRecord sentByGeorgia =
                TestNetwork.awaitJournal(georgia, Direction.OUTBOUND, mlsId, r -> r.state() == MessageState.SENT);
        assertEquals(GE_SERVICE_PROVIDER, sentByGeorgia.envelope().sender());
        assertEquals(TestNetwork.KZ_SERVICE_PROVIDER, sentByGeorgia.envelope().receiver());
        assertEquals(Mls.DOCUMENT_TYPE, sentByGeorgia.envelope().documentType());
        MessageRecord receivedByKazakhstan =
                kazakhstan.journal().find(Direction.INBOUND, mlsId).orElseThrow();
        assertEquals(MessageState.DELIVERED, receivedByKazakhstan.state(), "an MLS reaches the back office too");
        TestNetwork.awaitFile(kazakhstan.inbox().documentPath(TestNetwork.KZ_SERVICE_PROVIDER, mlsId));

        // an MLS asks for none, so Kazakhstan answers Georgia's with nothing
        assertEquals(Optional.empty(), kazakhstan.journal().mlsRequest(mlsId));
        Thread.sleep(500);
        List<MessageRecord> kazakhMls =
                kazakhstan.journal().list(Optional.empty(), Set.of(GE_SERVICE_PROVIDER), Optional.empty(), 100).stream()
                        .filter(r -> r.direction() == Direction.OUTBOUND)
                        .toList();
        assertEquals(List.of(), kazakhMls);

        HttpResponse<String> shown = TestNetwork.operatorApi(kazakhstan, pki).get("/api/v1/messages/" + id);
        assertEquals(200, shown.statusCode(), shown.body());
        assertTrue(shown.body().contains("\"status\" : \"AP\"") && shown.body().contains(mlsId), shown.body());
    }

    @Test
    void anMlsForAMessageNeverSentIsKeptDeliveredAndFlaggedUnmatched() throws Exception {
        byte[] mls = Mls.accepted(
                "MLS-UNKNOWN",
                GE_SERVICE_PROVIDER,
                TestNetwork.KZ_SERVICE_PROVIDER,
                "no-such-instance-identifier",
                Instant.now());
        String mlsId = georgia.submissions()
                .submit(new Submission(
                        mls, Optional.of(GE_SERVICE_PROVIDER), Optional.of(TestNetwork.KZ_SERVICE_PROVIDER), "test"));

        Journal.MlsLink link = await(
                () -> kazakhstan
                        .journal()
                        .mls(Direction.INBOUND, mlsId)
                        .filter(found -> found.status().isPresent()),
                "the unmatched MLS " + mlsId + " at " + TestNetwork.KZ_AP);

        assertEquals(Optional.of(Journal.MlsLink.UNMATCHED), link.status());
        assertEquals(
                MessageState.DELIVERED,
                kazakhstan
                        .journal()
                        .find(Direction.INBOUND, mlsId)
                        .orElseThrow()
                        .state());
        TestNetwork.awaitFile(kazakhstan.inbox().documentPath(TestNetwork.KZ_SERVICE_PROVIDER, mlsId));
        HttpResponse<String> shown = TestNetwork.operatorApi(kazakhstan, pki).get("/api/v1/messages/" + mlsId);
        assertTrue(shown.body().contains("\"status\" : \"unmatched\""), shown.body());
    }

    private static <T> T await(Supplier<Optional<T>> probe, String what) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) return found.get();
            if (Instant.now().isAfter(giveUp)) throw new AssertionError(what + " never came");
            Thread.sleep(50);
        }
    }
}
