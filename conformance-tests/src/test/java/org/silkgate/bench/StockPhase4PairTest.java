package org.silkgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.phase4.sender.EAS4UserMessageSendResult;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.pki.DevPki;
import org.silkgate.pki.PkiOptions;

/**
 * The baseline of {@code bench as4} is stock phase4 with CRL checks really on: it delivers with a signed receipt, and
 * a revoked certificate is refused on either side.
 */
class StockPhase4PairTest {
    @TempDir
    static Path folder;

    private static Path pki;
    private static StockPhase4Pair pair;
    private static final byte[] TENDER = BenchTender.ofSize("10k").xml();

    @BeforeAll
    static void startPair() throws Exception {
        pki = folder.resolve("pki");
        DevPki.init(PkiOptions.defaults(pki));
        pair = StockPhase4Pair.start(pki);
    }

    @AfterAll
    static void stopPair() throws Exception {
        if (pair != null) pair.close();
    }

    @Test
    void sendsTenderFromKazakhToGeorgianAccessPointAndGetsSignedReceipt() {
        long before = pair.accepted();
        StockPhase4Pair.Outcome outcome = pair.sendFrom(pair.kazakhstan(), pair.georgiaCertificate(), TENDER);
        assertTrue(outcome.deliveredWithSignedReceipt(), outcome.toString());
        assertEquals(before + 1, pair.accepted());
    }

    @Test
    void receiverRefusesMessageSignedWithRevokedCertificateBecauseOfTheCrl() {
        long before = pair.accepted();
        StockPhase4Pair.Sender revoked = StockPhase4Pair.Sender.load(pki, DevPki.REVOKED);
        StockPhase4Pair.Outcome outcome = pair.sendFrom(revoked, pair.georgiaCertificate(), TENDER);
        assertEquals(EAS4UserMessageSendResult.AS4_ERROR_MESSAGE_RECEIVED, outcome.result(), outcome.toString());
        assertTrue(outcome.errors().toLowerCase(java.util.Locale.ROOT).contains("revoked"), outcome.errors());
        assertEquals(before, pair.accepted());
    }

    @Test
    void senderRefusesReceiverWithRevokedCertificateBeforeSending() {
        long before = pair.accepted();
        StockPhase4Pair.Outcome outcome = pair.sendFrom(
                pair.kazakhstan(),
                StockPhase4Pair.Sender.load(pki, DevPki.REVOKED).certificate(),
                TENDER);
        assertNotEquals(EAS4UserMessageSendResult.SUCCESS, outcome.result(), outcome.toString());
        assertFalse(outcome.deliveredWithSignedReceipt());
        assertEquals(before, pair.accepted());
    }
}
