package org.silkgate.ap.outbound;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.silkgate.ap.model.DocumentIdentifiers;
import org.silkgate.ap.model.Envelope;
import org.silkgate.ap.model.Mls;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.model.SbdhEnvelope;

/** Turns a back-office UBL document into an AS4-ready message: SBDH wrapped, ids assigned. */
public final class OutboundPreparation {
    private final String apId;
    private final String countryC1;
    private final Clock clock;
    private final Mls.Type mlsType;

    /** Asks for a Message Level Status always. */
    public OutboundPreparation(String apId, String countryC1, Clock clock) {
        this(apId, countryC1, clock, Mls.Type.ALWAYS_SEND);
    }

    /** @param mlsType what Message Level Status every document sent from here asks for */
    public OutboundPreparation(String apId, String countryC1, Clock clock, Mls.Type mlsType) {
        this.apId = apId;
        this.countryC1 = countryC1;
        this.clock = clock;
        this.mlsType = mlsType;
    }

    /** A document whose identifiers are read from it, with a new SBDH instance identifier. */
    /** The id of the access point the messages are prepared for: their sending service provider. */
    public String apId() {
        return apId;
    }

    public OutboundMessage prepare(byte[] ublDocument, ParticipantId sender, ParticipantId receiver) {
        return prepare(ublDocument, DocumentIdentifiers.of(ublDocument), sender, receiver, Optional.empty());
    }

    /** @param instanceIdentifier the SBDH InstanceIdentifier; empty for a new one */
    public OutboundMessage prepare(
            byte[] ublDocument,
            DocumentIdentifiers ids,
            ParticipantId sender,
            ParticipantId receiver,
            Optional<String> instanceIdentifier) {
        Envelope envelope = new Envelope(
                instanceIdentifier.orElseGet(() -> UUID.randomUUID().toString()),
                sender,
                receiver,
                ids.documentType(),
                ids.process(),
                countryC1);
        // the status comes back to this access point's service provider id; an MLS asks for none, or they would loop
        Optional<Mls.Request> mls = Mls.isMls(ids.documentType())
                ? Optional.empty()
                : Mls.serviceProviderId(apId).map(serviceProvider -> new Mls.Request(serviceProvider, mlsType));
        byte[] sbdh = SbdhEnvelope.wrap(ublDocument, ids, envelope, mls, clock.instant());
        return new OutboundMessage(newMessageId(), envelope, sbdh);
    }

    /** AS4 MessageIds are globally unique and sort by time; the AP id in them helps whoever reads a log. */
    private String newMessageId() {
        return TimeOrderedIds.next() + "@" + apId.toLowerCase(Locale.ROOT);
    }
}
