package org.silkgate.conformance.cases;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.silkgate.ap.model.DocumentIdentifiers;
import org.silkgate.ap.model.Mls;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.model.SbdhEnvelope;
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

    /**
     * A new message (own MessageId and SBDH instance id) from the target's sender to {@code receiver}; its SBDH asks
     * for a Message Level Status {@code ALWAYS_SEND} to the sending identity's service provider, as every SilkGate
     * access point's messages do.
     */
    public OutboundMessage message(String document, String receiver) {
        return message(document, receiver, Mls.Type.ALWAYS_SEND);
    }

    /** As {@link #message(String, String)}, asking for the Message Level Status {@code mlsType}. */
    public OutboundMessage message(String document, String receiver, Mls.Type mlsType) {
        return message(
                resource(document), ParticipantId.parse(target.sender()), ParticipantId.parse(receiver), mlsType);
    }

    /**
     * A new message of any document between any two participants, prepared as the sending identity's access point
     * prepares its own (SBDH from the document's identifiers; an MLS document asks for no status).
     */
    public OutboundMessage message(byte[] document, ParticipantId sender, ParticipantId receiver, Mls.Type mlsType) {
        ApIdentity identity = identities.sender();
        String country = identity.apId().substring("SG-AP-".length(), "SG-AP-".length() + 2);
        return new OutboundPreparation(identity.apId(), country, Clock.systemUTC(), mlsType)
                .prepare(document, sender, receiver);
    }

    /**
     * As {@link #message(String, String)}, but the SBDH asks for no Message Level Status (no {@code MLS_TO} or
     * {@code MLS_TYPE} scope): a receiver that answers invalid documents with an MLS {@code RE} has nobody to answer
     * and must refuse such a document at AS4.
     */
    public OutboundMessage messageWithoutMls(String document, String receiver) {
        OutboundMessage asked = message(document, receiver);
        byte[] ubl = resource(document);
        byte[] sbdh = SbdhEnvelope.wrap(
                ubl, DocumentIdentifiers.of(ubl), asked.envelope(), Optional.empty(), java.time.Instant.now());
        return new OutboundMessage(asked.as4MessageId(), asked.envelope(), sbdh);
    }

    /**
     * Where the target is to send the Message Level Status of the kit's messages ({@code MLS_TO}): the sending
     * identity's service provider participant; empty when its access point id has none.
     */
    public Optional<ParticipantId> mlsTo() {
        return Mls.serviceProviderId(identities.sender().apId());
    }

    /** The target's service provider participant (from its certificate's access point id), which it serves for MLS. */
    public Optional<ParticipantId> targetServiceProvider() {
        return Mls.serviceProviderId(ApIdentity.commonName(target.certificate().getSubjectX500Principal()));
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
