package org.silkgate.conformance.cases;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.outbound.OutboundMessage;
import org.silkgate.ap.outbound.OutboundPreparation;
import org.silkgate.ap.tls.ClientConnections;
import org.silkgate.ap.trust.ApIdentity;
import org.silkgate.network.PkiTls;

/**
 * What every case needs: the target, the keys to send with, how to connect over TLS, and fresh test messages.
 *
 * @param connections      TLS for every connection the kit makes (to the target, to its own loopback endpoints):
 *                         the JDK's anchors plus the PKI's {@code tls-truststore.p12}, host names checked, https only
 * @param loopbackKeystore the TLS server keystore the kit's own loopback endpoints present (a {@code tls-CC.p12} of
 *                         the PKI, issued for {@code localhost} and {@code 127.0.0.1})
 */
public record CaseContext(
        Target target, SendingIdentities identities, ClientConnections connections, Path loopbackKeystore) {

    /** The context with the TLS files of the PKI folder: its {@code tls-truststore.p12} and first {@code tls-CC.p12}. */
    public static CaseContext of(Target target, SendingIdentities identities, Path pkiDir) {
        return new CaseContext(target, identities, PkiTls.connections(pkiDir), PkiTls.anyServerKeystore(pkiDir));
    }

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
            if (in == null)
                throw new IllegalStateException(name + " is not on the class path (validation-rules test-jar)");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
