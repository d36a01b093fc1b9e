package org.silkgate.ap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.broker.DeliveryBackOff;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.model.Mls;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.validation.InvalidDocumentPolicy;
import org.silkgate.validation.Language;
import org.silkgate.validation.ValidationReport;

/**
 * Georgia under {@code --invalid-documents RESPOND}: an invalid tender is acknowledged, not delivered, and answered
 * with an MLS {@code RE} naming the failed rule. Kazakhstan validates nothing here, so that the invalid tender leaves.
 * Georgia's back office is a webhook that never answers, tried three times: a valid tender is answered with {@code RE}
 * for failure of delivery ({@code FD}).
 */
class MlsRejectionTest {
    @TempDir
    static Path folder;

    static TestNetwork.Pair network;

    private static final ParticipantId GE_SERVICE_PROVIDER = ParticipantId.parse("0242:268001");

    @BeforeAll
    static void start() {
        network = TestNetwork.Pair.start(
                folder,
                georgia -> georgia.withInvalidDocuments(InvalidDocumentPolicy.RESPOND)
                        .withBackOfficeDelivery(false, Optional.of("https://127.0.0.1:" + closedPort() + "/erp"))
                        .withDeliveryBackOff(new DeliveryBackOff(Duration.ofMillis(200), Duration.ofMillis(400), 3)),
                kazakhstan -> kazakhstan.withInvalidDocuments(InvalidDocumentPolicy.OFF));
    }

    @AfterAll
    static void stop() {
        if (network != null) network.close();
    }

    @Test
    void aRejectionIsAValidMlsNamingEachFailedRule() {
        byte[] mls = Mls.rejected(
                "MLS-RE",
                GE_SERVICE_PROVIDER,
                TestNetwork.KZ_SERVICE_PROVIDER,
                "some-instance",
                "rejected",
                java.util.List.of(new Mls.Issue("/Tender/cbc:ID[1]", "[CAREC-TND-R009] something", Mls.Reason.BV)),
                Instant.now());

        ValidationReport report = TestNetwork.VALIDATION.validate(mls, "mls");

        assertTrue(report.valid(), report.toJson(Language.EN));
        assertEquals(Mls.Code.RE, Mls.read(mls).orElseThrow().code());
    }

    @Test
    void anInvalidTenderIsNotDeliveredAndKazakhstanLearnsWhyFromAnMlsRe() throws Exception {
        AccessPoint georgia = network.georgia();
        AccessPoint kazakhstan = network.kazakhstan();
        String id = TestNetwork.submit(
                kazakhstan,
                TestNetwork.document("tender-invalid-R009.xml"),
                TestNetwork.KZ_SUPPLIER,
                TestNetwork.GE_BUYER);

        TestNetwork.awaitJournal(kazakhstan, Direction.OUTBOUND, id, r -> r.state() == MessageState.SENT);
        var rejected =
                TestNetwork.awaitJournal(georgia, Direction.INBOUND, id, r -> r.state() == MessageState.REJECTED);
        assertTrue(rejected.reason().orElse("").contains("CAREC-TND-R009"), rejected.toString());
        Journal.MlsLink link = statusAt(kazakhstan, id);

        assertEquals(Optional.of("RE"), link.status());
        assertTrue(link.detail().orElse("").startsWith("BV [CAREC-TND-R009]"), link.toString());
        String mlsId = link.mlsMessageId().orElseThrow();
        Path delivered = TestNetwork.awaitFile(kazakhstan.inbox().documentPath(TestNetwork.KZ_SERVICE_PROVIDER, mlsId));
        String mls = Files.readString(delivered, StandardCharsets.UTF_8);
        assertTrue(mls.contains("<cbc:ResponseCode>RE</cbc:ResponseCode>") && mls.contains("[CAREC-TND-R009]"), mls);
        assertFalse(
                Files.exists(georgia.inbox().documentPath(TestNetwork.GE_BUYER, id)),
                "a rejected document does not reach the back office");
    }

    @Test
    void aValidTenderThatNeverReachesTheBackOfficeIsAnsweredWithAFailureOfDelivery() throws Exception {
        AccessPoint georgia = network.georgia();
        AccessPoint kazakhstan = network.kazakhstan();
        String id = TestNetwork.submit(
                kazakhstan, TestNetwork.document("tender.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER);

        Journal.MlsLink link = statusAt(kazakhstan, id);

        assertEquals(Optional.of("RE"), link.status());
        assertTrue(link.detail().orElse("").startsWith("FD [DELIVERY] delivery failed 3 times"), link.toString());
        assertEquals(
                MessageState.RECEIVED,
                georgia.journal().find(Direction.INBOUND, id).orElseThrow().state(),
                "kept for a restart or an operator to deliver again");
    }

    /** The Message Level Status that came back for a message sent from {@code sender}, once it has. */
    private static Journal.MlsLink statusAt(AccessPoint sender, String id) throws InterruptedException {
        return await(() -> sender.journal()
                .mls(Direction.OUTBOUND, id)
                .filter(mls -> mls.status().isPresent()));
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static <T> T await(java.util.function.Supplier<Optional<T>> probe) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) return found.get();
            if (Instant.now().isAfter(giveUp)) throw new AssertionError("no MLS came");
            Thread.sleep(50);
        }
    }
}
