package org.silkgate.conformance.cases;

import java.time.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.outbound.OutboundMessage;
import org.silkgate.ap.outbound.OutboundPreparation;
import org.silkgate.ap.trust.ApIdentity;

/** What every case needs: the target, the keys to send with, and fresh test messages. */
public record CaseContext(Target target, SendingIdentities identities) {
    /** A valid CAREC Tender (the validation-rules example). */
    public static final String VALID_DOCUMENT = "examples/tendering/Tender/valid.xml";
    /** The same Tender breaking rule CAREC-TND-R009. */
    public static final String INVALID_DOCUMENT = "examples/tendering/Tender/invalid-CAREC-TND-R009.xml";
    public static final String INVALID_DOCUMENT_RULE = "CAREC-TND-R009";

    /** A new message (own MessageId and SBDH instance id) from the target's sender to {@code receiver}. */
    public OutboundMessage message(String document, String receiver) {
        ApIdentity sender = identities.sender();
        String country = sender.apId().substring("SG-AP-".length(), "SG-AP-".length() + 2);
        return new OutboundPreparation(sender.apId(), country, Clock.systemUTC())
                .prepare(resource(document), ParticipantId.parse(target.sender()), ParticipantId.parse(receiver));
    }

    /** A new valid message for the served receiver. */
    public OutboundMessage validMessage() {
        return message(VALID_DOCUMENT, target.receiver());
    }

    /** A class-path resource (the validation-rules examples). */
    public static byte[] resource(String name) {
        try (InputStream in = CaseContext.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is not on the class path (validation-rules test-jar)");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
