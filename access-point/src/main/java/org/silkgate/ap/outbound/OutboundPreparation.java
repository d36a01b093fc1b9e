package org.silkgate.ap.outbound;

import org.silkgate.ap.model.DocumentIdentifiers;
import org.silkgate.ap.model.SbdhEnvelope;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.silkgate.ap.outbound.OutboundMessage;
import org.silkgate.ap.discovery.ServedParticipants;

/** Turns a back-office UBL document into an AS4-ready message: identifiers derived, SBDH wrapped, ids assigned. */
public final class OutboundPreparation {
    private final String countryC1;
    private final String apId;

    public OutboundPreparation(String apId, String countryC1) {
        this.apId = apId;
        this.countryC1 = countryC1;
    }

    /**
     * @param sender participant id ({@code 9970:980540001256} or URI form)
     * @param receiver participant id ({@code 9972:204493002} or URI form)
     * @throws IllegalArgumentException when the document's identifiers cannot be derived
     */
    public OutboundMessage prepare(byte[] ublDocument, String sender, String receiver) {
        return prepare(ublDocument, sender, receiver, Optional.empty());
    }

    /** @param instanceIdentifier the SBDH InstanceIdentifier; empty for a new one */
    public OutboundMessage prepare(byte[] ublDocument, String sender, String receiver, Optional<String> instanceIdentifier) {
        DocumentIdentifiers ids = DocumentIdentifiers.of(ublDocument);
        String senderId = ServedParticipants.uriForm(sender);
        String receiverId = ServedParticipants.uriForm(receiver);
        String instance = instanceIdentifier.orElseGet(() -> UUID.randomUUID().toString());
        byte[] sbdh = SbdhEnvelope.wrap(ublDocument, ids, senderId, receiverId, countryC1, instance, Instant.now());
        return new OutboundMessage(newMessageId(), instance, senderId, receiverId, ids.documentType(), ids.process(),
                countryC1, sbdh);
    }

    /** AS4 MessageIds are globally unique and sort by time; the AP id in them helps whoever reads a log. */
    private String newMessageId() {
        return TimeOrderedIds.next() + "@" + apId.toLowerCase(java.util.Locale.ROOT);
    }
}
