package org.silkgate.conformance.cases;

import com.helger.phase4.attachment.AS4OutgoingAttachment;
import com.helger.phase4.ebms3header.Ebms3Error;
import com.helger.phase4.ebms3header.Ebms3SignalMessage;
import com.helger.phase4.model.ESoapVersion;
import com.helger.phase4.model.MessageProperty;
import com.helger.phase4.model.pmode.IPModeIDProvider;
import com.helger.phase4.model.pmode.PMode;
import com.helger.phase4.profile.peppol.PeppolPMode;
import com.helger.phase4.sender.AS4Sender;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import com.helger.phase4.util.Phase4Exception;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.silkgate.ap.as4.Phase4Crypto;
import org.silkgate.ap.outbound.OutboundMessage;
import org.silkgate.ap.trust.ApIdentity;

/**
 * One Peppol AS4 user message built with phase4's generic builder ({@code AS4Sender.builderUserMessage()}), so that
 * every part the Peppol builder fixes can be changed: signature, SOAP version, compression, the originalSender and
 * finalRecipient properties, and the bytes on the wire. The defaults make a correct message.
 */
public record CraftedMessage(
        OutboundMessage message,
        ApIdentity signer,
        boolean signed,
        ESoapVersion soapVersion,
        boolean compressed,
        boolean withOriginalSender,
        boolean withFinalRecipient,
        UnaryOperator<byte[]> onTheWire) {
    static final String PEPPOL_AP_PARTY_TYPE = "urn:fdc:peppol.eu:2017:identifiers:ap";
    private static final String PARTICIPANT_SCHEME = "iso6523-actorid-upis";
    private static final int BODY_EVIDENCE_CHARS = 600;

    public static CraftedMessage of(OutboundMessage message, ApIdentity signer) {
        return new CraftedMessage(
                message, signer, true, ESoapVersion.SOAP_12, true, true, true, UnaryOperator.identity());
    }

    public CraftedMessage unsigned() {
        return new CraftedMessage(
                message, signer, false, soapVersion, compressed, withOriginalSender, withFinalRecipient, onTheWire);
    }

    public CraftedMessage soap(ESoapVersion version) {
        return new CraftedMessage(
                message, signer, signed, version, compressed, withOriginalSender, withFinalRecipient, onTheWire);
    }

    public CraftedMessage uncompressed() {
        return new CraftedMessage(
                message, signer, signed, soapVersion, false, withOriginalSender, withFinalRecipient, onTheWire);
    }

    public CraftedMessage withoutOriginalSender() {
        return new CraftedMessage(
                message, signer, signed, soapVersion, compressed, false, withFinalRecipient, onTheWire);
    }

    public CraftedMessage withoutFinalRecipient() {
        return new CraftedMessage(
                message, signer, signed, soapVersion, compressed, withOriginalSender, false, onTheWire);
    }

    public CraftedMessage changedOnTheWire(UnaryOperator<byte[]> change) {
        return new CraftedMessage(
                message, signer, signed, soapVersion, compressed, withOriginalSender, withFinalRecipient, change);
    }

    /**
     * Sends it to the context's target, encrypted for the target's certificate, over TLS as the context's client
     * connections say (trust anchors, host name), and reports what came back.
     */
    public As4Answer sendTo(CaseContext context) {
        Target target = context.target();
        String receiverAp = ApIdentity.commonName(target.certificate().getSubjectX500Principal());
        PMode pmode = PeppolPMode.createPeppolPMode(
                signer.apId(), receiverAp, target.as4Url(), IPModeIDProvider.DEFAULT_DYNAMIC, false);
        pmode.getLeg1().getProtocol().setSoapVersion(soapVersion);
        if (!signed) {
            // The builder takes its signing algorithms from the PMode, so an unsigned message needs a PMode without
            // them.
            pmode.getLeg1().getSecurity().setX509SignatureAlgorithm(null);
            pmode.getLeg1().getSecurity().setX509SignatureHashFunction(null);
        }
        MutatingHttpPoster poster = new MutatingHttpPoster(onTheWire, context.connections());
        AtomicReference<Ebms3SignalMessage> signal = new AtomicReference<>();
        AtomicReference<Phase4Exception> failure = new AtomicReference<>();

        var builder = AS4Sender.builderUserMessage()
                .as4ProfileID(org.silkgate.ap.as4.Phase4Runtime.PROFILE)
                .pmode(pmode)
                .soapVersion(soapVersion)
                .messageID(message.as4MessageId())
                .fromPartyIDType(PEPPOL_AP_PARTY_TYPE)
                .fromPartyID(signer.apId())
                .fromRole("http://docs.oasis-open.org/ebxml-msg/ebms/v3.0/ns/core/200704/initiator")
                .toPartyIDType(PEPPOL_AP_PARTY_TYPE)
                .toPartyID(receiverAp)
                .toRole("http://docs.oasis-open.org/ebxml-msg/ebms/v3.0/ns/core/200704/responder")
                .agreementRef(PeppolPMode.DEFAULT_AGREEMENT_ID)
                .service(
                        message.envelope().process().scheme(),
                        message.envelope().process().value())
                .action(message.envelope().documentType().uri())
                .conversationID(message.envelope().instanceIdentifier())
                .cryptoFactory(Phase4Crypto.of(signer))
                .receiverCertificate(target.certificate())
                .endpointURL(target.as4Url())
                .customHttpPoster(poster)
                .addAttachment(payload())
                .signalMsgConsumer((sig, meta, state) -> signal.set(sig));
        if (withOriginalSender)
            builder.addMessageProperty(
                    property("originalSender", message.envelope().sender().uri()));
        if (withFinalRecipient)
            builder.addMessageProperty(
                    property("finalRecipient", message.envelope().receiver().uri()));
        EAS4UserMessageSendResult result = builder.sendMessageAndCheckForReceipt(failure::set);

        List<String> errors = new ArrayList<>();
        boolean receipt = false;
        Ebms3SignalMessage answer = signal.get();
        if (answer != null) {
            answer.getError().forEach(e -> errors.add(describe(e)));
            receipt = answer.getReceipt() != null;
        }
        String body =
                new String(poster.answer(), StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        if (body.length() > BODY_EVIDENCE_CHARS) body = body.substring(0, BODY_EVIDENCE_CHARS) + "…";
        if (poster.status() == 0 && failure.get() != null)
            body = "no answer: " + failure.get().getMessage();
        return new As4Answer(
                message.as4MessageId(),
                result.name(),
                poster.status(),
                errors,
                receipt,
                body,
                As4Answer.WireShape.of(poster.sent()));
    }

    private AS4OutgoingAttachment payload() {
        var attachment = AS4OutgoingAttachment.builder().data(message.sbdh()).mimeTypeXML();
        if (compressed) attachment.compressionGZIP();
        return attachment.build();
    }

    private static MessageProperty property(String name, String participant) {
        String value = participant.startsWith(PARTICIPANT_SCHEME + "::")
                ? participant.substring(PARTICIPANT_SCHEME.length() + 2)
                : participant;
        return MessageProperty.builder()
                .name(name)
                .type(PARTICIPANT_SCHEME)
                .value(value)
                .build();
    }

    private static String describe(Ebms3Error error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.getErrorCode()));
        if (error.getShortDescription() != null) text.append(' ').append(error.getShortDescription());
        if (error.getErrorDetail() != null) text.append(": ").append(error.getErrorDetail());
        return text.toString();
    }
}
