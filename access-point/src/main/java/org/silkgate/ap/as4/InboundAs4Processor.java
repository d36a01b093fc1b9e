package org.silkgate.ap.as4;

import com.helger.collection.commons.ICommonsList;
import com.helger.http.header.HttpHeaderMap;
import com.helger.phase4.attachment.WSS4JAttachment;
import com.helger.phase4.ebms3header.Ebms3Property;
import com.helger.phase4.ebms3header.Ebms3UserMessage;
import com.helger.phase4.error.AS4ErrorList;
import com.helger.phase4.incoming.IAS4IncomingMessageMetadata;
import com.helger.phase4.incoming.IAS4IncomingMessageState;
import com.helger.phase4.incoming.spi.AS4MessageProcessorResult;
import com.helger.phase4.model.error.EEbmsError;
import com.helger.phase4.model.pmode.IPMode;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.silkgate.ap.inbound.InboundDecision;
import org.silkgate.ap.inbound.IncomingUserMessage;
import org.silkgate.ap.inbound.ReceivePipeline;
import org.w3c.dom.Node;

/**
 * Does at C3 what phase4-peppol-servlet would have done: hands what phase4 decrypted and verified to the
 * {@link ReceivePipeline} in its own words, and turns the decision into a receipt (only once the message is stored)
 * or an ebMS error. phase4 accepts SOAP 1.1, unsigned or unencrypted messages and any signer; the pipeline refuses
 * them.
 */
public final class InboundAs4Processor implements PushOnlyProcessor {
    private static final String FINAL_RECIPIENT = "finalRecipient";
    private static final String ORIGINAL_SENDER = "originalSender";

    private final Function<IncomingUserMessage, InboundDecision> pipeline;

    /** @param pipeline decides on each message: {@link ReceivePipeline#receive} */
    public InboundAs4Processor(Function<IncomingUserMessage, InboundDecision> pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public AS4MessageProcessorResult processAS4UserMessage(
            IAS4IncomingMessageMetadata metadata,
            HttpHeaderMap headers,
            Ebms3UserMessage userMessage,
            IPMode pmode,
            Node soapBodyPayload,
            ICommonsList<WSS4JAttachment> attachments,
            IAS4IncomingMessageState state,
            AS4ErrorList errors) {
        String messageId = userMessage.getMessageInfo().getMessageId();
        boolean signed = state.isSoapSignatureChecked() && state.getSigningCertificate() != null;
        IncomingUserMessage incoming = new IncomingUserMessage(
                messageId,
                Optional.ofNullable(state.getSoapVersion()).map(v -> v.getVersion()),
                state.isSoapDecrypted(),
                signed ? Optional.of(state.getSigningCertificate()) : Optional.empty(),
                signed
                        ? SignatureCoverage.problem(
                                state.getOriginalSoapDocument(),
                                attachments == null
                                        ? List.of()
                                        : attachments.stream()
                                                .map(WSS4JAttachment::getId)
                                                .toList())
                        : Optional.empty(),
                IncomingXsdCheck.messagingHeaderProblem(state.getOriginalSoapDocument()),
                soapBodyPayload != null,
                attachments == null
                        ? List.of()
                        : attachments.stream()
                                .<IncomingUserMessage.Payload>map(attachment -> attachment::getSourceStream)
                                .toList(),
                property(userMessage, ORIGINAL_SENDER),
                property(userMessage, FINAL_RECIPIENT));
        InboundDecision decision = pipeline.apply(incoming);
        if (decision instanceof InboundDecision.Refused refused) {
            errors.add(ebmsError(refused.reason())
                    .errorBuilder(state.getLocale())
                    .refToMessageInError(messageId)
                    .errorDetail(refused.detail())
                    .build());
            return AS4MessageProcessorResult.createFailure();
        }
        return AS4MessageProcessorResult.createSuccess();
    }

    /** A message property as {@code type::value}, as Peppol puts participant ids there. */
    private static Optional<String> property(Ebms3UserMessage userMessage, String name) {
        if (userMessage.getMessageProperties() == null) return Optional.empty();
        for (Ebms3Property property : userMessage.getMessageProperties().getProperty()) {
            if (name.equals(property.getName())) {
                return Optional.of((property.getType() == null ? "" : property.getType() + "::") + property.getValue());
            }
        }
        return Optional.empty();
    }

    private static EEbmsError ebmsError(InboundDecision.Reason reason) {
        return switch (reason) {
            case NOT_SOAP_12 -> EEbmsError.EBMS_PROCESSING_MODE_MISMATCH;
            case NOT_ENCRYPTED -> EEbmsError.EBMS_FAILED_DECRYPTION;
            case NOT_AUTHENTICATED -> EEbmsError.EBMS_FAILED_AUTHENTICATION;
            case INVALID_HEADER -> EEbmsError.EBMS_INVALID_HEADER;
            case INCONSISTENT -> EEbmsError.EBMS_VALUE_INCONSISTENT;
            case UNREADABLE_PAYLOAD -> EEbmsError.EBMS_DECOMPRESSION_FAILURE;
            case INVALID_SBDH, RECEIVER_NOT_SERVED, MESSAGE_ID_TAKEN, INVALID_DOCUMENT, NOT_STORED ->
                EEbmsError.EBMS_OTHER;
        };
    }
}
