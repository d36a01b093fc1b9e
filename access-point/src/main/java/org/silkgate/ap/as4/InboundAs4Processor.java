package org.silkgate.ap.as4;

import com.helger.collection.commons.ICommonsList;
import com.helger.http.header.HttpHeaderMap;
import com.helger.peppol.sbdh.PeppolSBDHData;
import com.helger.phase4.attachment.WSS4JAttachment;
import com.helger.phase4.ebms3header.Ebms3Property;
import com.helger.phase4.ebms3header.Ebms3UserMessage;
import com.helger.phase4.error.AS4ErrorList;
import com.helger.phase4.incoming.IAS4IncomingMessageMetadata;
import com.helger.phase4.incoming.IAS4IncomingMessageState;
import com.helger.phase4.incoming.spi.AS4MessageProcessorResult;
import com.helger.phase4.model.ESoapVersion;
import com.helger.phase4.model.error.EEbmsError;
import com.helger.phase4.model.pmode.IPMode;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.silkgate.ap.inbound.InboundDecision;
import org.silkgate.ap.inbound.InboundMessage;
import org.silkgate.ap.inbound.InboundSink;
import org.silkgate.ap.model.SbdhEnvelope;
import org.silkgate.ap.trust.ApIdentity;
import org.silkgate.ap.trust.CertificateTrust;
import org.w3c.dom.Node;

/**
 * Does at C3 what phase4-peppol-servlet would have done, and what phase4 alone does not: refuses messages that are
 * not SOAP 1.2 (phase4 accepts SOAP 1.1 although the Peppol PMode says 1.2), or not both encrypted and signed,
 * refuses a signing certificate that is not a trusted, unrevoked, unexpired access point certificate
 * (FailedAuthentication), checks the ebMS header against its schema ({@link IncomingXsdCheck}), requires exactly one
 * payload, reads the SBDH ({@link SbdhEnvelope#read}: its schema and the Peppol rules), checks it against the AS4
 * headers and hands the message to the {@link InboundSink}. A receipt goes back only when the sink has stored it.
 */
public final class InboundAs4Processor implements PushOnlyProcessor {
    private static final String FINAL_RECIPIENT = "finalRecipient";
    private static final String ORIGINAL_SENDER = "originalSender";

    private final CertificateTrust trust;
    private final InboundSink sink;

    public InboundAs4Processor(CertificateTrust trust, InboundSink sink) {
        this.trust = trust;
        this.sink = sink;
    }

    @Override
    public AS4MessageProcessorResult processAS4UserMessage(IAS4IncomingMessageMetadata metadata, HttpHeaderMap headers,
            Ebms3UserMessage userMessage, IPMode pmode, Node soapBodyPayload, ICommonsList<WSS4JAttachment> attachments,
            IAS4IncomingMessageState state, AS4ErrorList errors) {
        String messageId = userMessage.getMessageInfo().getMessageId();
        Refusal refusal = new Refusal(messageId, state.getLocale(), errors);

        if (state.getSoapVersion() != ESoapVersion.SOAP_12) {
            return refusal.of(EEbmsError.EBMS_PROCESSING_MODE_MISMATCH, "the Peppol AS4 profile requires SOAP 1.2, got "
                    + (state.getSoapVersion() == null ? "no SOAP version" : "SOAP " + state.getSoapVersion().getVersion()));
        }
        if (!state.isSoapDecrypted()) return refusal.of(EEbmsError.EBMS_FAILED_DECRYPTION, "the message was not encrypted");
        X509Certificate signer = state.getSigningCertificate();
        if (!state.isSoapSignatureChecked() || signer == null) {
            return refusal.of(EEbmsError.EBMS_FAILED_AUTHENTICATION, "the message was not signed");
        }
        CertificateTrust.Verdict verdict = trust.check(signer);
        if (!verdict.trusted()) return refusal.of(EEbmsError.EBMS_FAILED_AUTHENTICATION, verdict.reason());
        String senderAp = ApIdentity.commonName(signer.getSubjectX500Principal());
        if (!ApIdentity.AP_ID.matcher(senderAp).matches()) {
            return refusal.of(EEbmsError.EBMS_FAILED_AUTHENTICATION,
                    "the signing certificate's CN '" + senderAp + "' is not an access point id");
        }

        Optional<String> headerProblem = IncomingXsdCheck.messagingHeaderProblem(state.getOriginalSoapDocument());
        if (headerProblem.isPresent()) return refusal.of(EEbmsError.EBMS_INVALID_HEADER, headerProblem.get());

        if (soapBodyPayload != null || attachments == null || attachments.size() != 1) {
            return refusal.of(EEbmsError.EBMS_VALUE_INCONSISTENT, "a Peppol message carries exactly one payload, as an attachment; got "
                    + (attachments == null ? 0 : attachments.size()) + (soapBodyPayload != null ? " and a SOAP body" : ""));
        }
        byte[] sbdh;
        try (InputStream in = attachments.getFirstOrNull().getSourceStream()) {
            sbdh = in.readAllBytes();
        } catch (IOException e) {
            return refusal.of(EEbmsError.EBMS_DECOMPRESSION_FAILURE, "cannot read the payload: " + e.getMessage());
        }
        SbdhEnvelope.Reading reading = SbdhEnvelope.read(sbdh);
        if (reading instanceof SbdhEnvelope.Refused refused) {
            return refusal.of(EEbmsError.EBMS_OTHER, "the payload is not a valid Peppol SBDH: " + refused.reason());
        }
        SbdhEnvelope.Read read = (SbdhEnvelope.Read) reading;
        PeppolSBDHData data = read.data();
        String receiver = data.getReceiverAsIdentifier().getURIEncoded();
        String sender = data.getSenderAsIdentifier().getURIEncoded();
        String mismatch = headerMismatch(userMessage, sender, receiver);
        if (mismatch != null) return refusal.of(EEbmsError.EBMS_VALUE_INCONSISTENT, mismatch);

        InboundMessage message = new InboundMessage(messageId, data.getInstanceIdentifier(), senderAp, sender, receiver,
                data.getDocumentTypeAsIdentifier().getURIEncoded(), data.getProcessAsIdentifier().getURIEncoded(),
                data.getCountryC1(), Instant.now(), sbdh.length, read.businessDocument());
        InboundDecision decision = sink.accept(message);
        if (decision instanceof InboundDecision.Refused refused) {
            return refusal.of(EEbmsError.EBMS_OTHER, refused.detail());
        }
        return AS4MessageProcessorResult.createSuccess();
    }

    /** Peppol requires the AS4 originalSender/finalRecipient properties to name the SBDH's sender and receiver. */
    private static String headerMismatch(Ebms3UserMessage userMessage, String sender, String receiver) {
        if (userMessage.getMessageProperties() == null) return null;
        for (Ebms3Property property : userMessage.getMessageProperties().getProperty()) {
            String value = (property.getType() == null ? "" : property.getType() + "::") + property.getValue();
            if (FINAL_RECIPIENT.equals(property.getName()) && !receiver.equalsIgnoreCase(value)) {
                return "AS4 finalRecipient '" + value + "' differs from the SBDH receiver '" + receiver + "'";
            }
            if (ORIGINAL_SENDER.equals(property.getName()) && !sender.equalsIgnoreCase(value)) {
                return "AS4 originalSender '" + value + "' differs from the SBDH sender '" + sender + "'";
            }
        }
        return null;
    }



    private record Refusal(String messageId, Locale locale, AS4ErrorList errors) {
        AS4MessageProcessorResult of(EEbmsError error, String detail) {
            errors.add(error.errorBuilder(locale).refToMessageInError(messageId).errorDetail(detail).build());
            return AS4MessageProcessorResult.createFailure();
        }
    }
}
