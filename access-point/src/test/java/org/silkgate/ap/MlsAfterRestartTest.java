package org.silkgate.ap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageState;

/**
 * A crash between a delivery and its Message Level Status loses no status: the journal shows the message delivered,
 * asking for one and answered with none, and the access point sends it when it starts again.
 */
class MlsAfterRestartTest {
    @TempDir
    static Path folder;

    private static TestNetwork.Pair network;
    private static AccessPoint restartedGeorgia;

    @AfterAll
    static void stop() {
        if (restartedGeorgia != null) restartedGeorgia.close();
        if (network != null) network.kazakhstan().close();
    }

    @Test
    void georgiaSendsTheStatusItOwedWhenItStartsAgain() throws Exception {
        network = TestNetwork.Pair.start(folder);
        AccessPoint kazakhstan = network.kazakhstan();
        AccessPoint georgia = network.georgia();
        String id = TestNetwork.submit(
                kazakhstan, TestNetwork.document("tender.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER);
        String firstStatus = statusAt(kazakhstan, id, Optional.empty());
        ApConfig georgiaConfig = georgia.config();
        georgia.close();

        // what the journal holds when the process died after DELIVERED and before the status was sent
        try (Connection db = DriverManager.getConnection(Journal.defaultJdbcUrl(georgiaConfig.dataDir()));
                PreparedStatement forget = db.prepareStatement("UPDATE message SET mls_status = NULL,"
                        + " mls_message_id = NULL WHERE direction = 'INBOUND' AND message_id = ?")) {
            forget.setString(1, id);
            assertEquals(1, forget.executeUpdate());
        }
        restartedGeorgia = TestNetwork.start(georgiaConfig);

        String owedStatus = statusAt(kazakhstan, id, Optional.of(firstStatus));
        assertNotEquals(firstStatus, owedStatus);
        assertEquals(
                Optional.of("AP"),
                kazakhstan.journal().mls(Direction.OUTBOUND, id).orElseThrow().status());
        assertEquals(
                Optional.of(owedStatus),
                restartedGeorgia
                        .journal()
                        .mls(Direction.INBOUND, id)
                        .orElseThrow()
                        .mlsMessageId());
        assertEquals(
                MessageState.DELIVERED,
                restartedGeorgia
                        .journal()
                        .find(Direction.INBOUND, id)
                        .orElseThrow()
                        .state());
    }

    /** The id of the MLS that brought the sent message's status, once it is not {@code previous}. */
    private static String statusAt(AccessPoint sender, String id, Optional<String> previous)
            throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            Optional<String> mls = sender.journal()
                    .mls(Direction.OUTBOUND, id)
                    .flatMap(Journal.MlsLink::mlsMessageId)
                    .filter(found -> !Optional.of(found).equals(previous));
            if (mls.isPresent()) return mls.get();
            if (Instant.now().isAfter(giveUp)) throw new AssertionError("no new status for " + id);
            Thread.sleep(50);
        }
    }
}
