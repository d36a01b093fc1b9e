package org.silkgate.ap.reporting;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.model.DocumentTypeId;
import org.silkgate.ap.model.Envelope;
import org.silkgate.ap.model.ParticipantCountry;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.model.PeppolReport;
import org.silkgate.ap.model.ProcessId;

/**
 * One business document exchanged with another service provider, as the Peppol reports count it.
 *
 * @param endUser the participant this access point serves in the exchange: the sender (C1) of a sent document, the
 *     receiver (C4) of a received one
 * @param endUserCountry that participant's country: C1 country of a sent document, C4 country of a received one
 * @param otherServiceProvider the other access point: the receiving one (C3) of a sent document, the sending one
 *     (C2) of a received one
 */
record Exchange(
        Direction direction,
        ParticipantId endUser,
        String endUserCountry,
        String otherServiceProvider,
        DocumentTypeId documentType,
        ProcessId process,
        String transportProtocol,
        String countryC1,
        String countryC4) {

    boolean incoming() {
        return direction == Direction.INBOUND;
    }

    /**
     * The exchanges among journaled messages: sent documents (a receipt came back) and received ones (a receipt went
     * back, delivered or not yet). Messages not exchanged (still queued, FAILED) are left out, so are the reports
     * themselves ({@link PeppolReport}), and so is a duplicate:
     * a second message of one sender with an SBDH instance identifier already counted (a resend after a lost receipt
     * arrives under a new AS4 MessageId; a second AS4 MessageId is refused by the journal itself).
     */
    static List<Exchange> of(List<MessageRecord> journaled) {
        Set<String> counted = new HashSet<>();
        List<Exchange> exchanges = new ArrayList<>();
        for (MessageRecord record : journaled) {
            if (!exchanged(record)) continue;
            Envelope envelope = record.envelope();
            String instance = Optional.ofNullable(envelope.instanceIdentifier()).orElse(record.messageId());
            if (!counted.add(record.direction() + " " + envelope.sender().uri() + " " + instance)) continue;
            exchanges.add(of(record));
        }
        return List.copyOf(exchanges);
    }

    private static boolean exchanged(MessageRecord record) {
        if (PeppolReport.isReport(record.envelope().documentType())) return false;
        return record.direction() == Direction.OUTBOUND
                ? record.state() == MessageState.SENT
                : record.state() == MessageState.RECEIVED || record.state() == MessageState.DELIVERED;
    }

    private static Exchange of(MessageRecord record) {
        Envelope envelope = record.envelope();
        String countryC1 = Optional.ofNullable(envelope.countryC1())
                .map(String::toUpperCase)
                .orElseGet(() -> ParticipantCountry.orUnknown(envelope.sender()));
        // rows journaled before the C4 country was kept: what the receiver's identifier names
        String countryC4 =
                record.reporting().countryC4().orElseGet(() -> ParticipantCountry.orUnknown(envelope.receiver()));
        boolean incoming = record.direction() == Direction.INBOUND;
        return new Exchange(
                record.direction(),
                incoming ? envelope.receiver() : envelope.sender(),
                incoming ? countryC4 : countryC1,
                SeatId.of(record.peerAp().orElse("unknown")),
                envelope.documentType(),
                envelope.process(),
                record.reporting().transportProtocol(),
                countryC1,
                countryC4);
    }
}
