package org.silkgate.ap.as4;

import com.helger.http.header.HttpHeaderMap;
import com.helger.phase4.ebms3header.Ebms3SignalMessage;
import com.helger.phase4.error.AS4ErrorList;
import com.helger.phase4.incoming.IAS4IncomingMessageMetadata;
import com.helger.phase4.incoming.IAS4IncomingMessageState;
import com.helger.phase4.incoming.spi.AS4SignalMessageProcessorResult;
import com.helger.phase4.incoming.spi.IAS4IncomingMessageProcessorSPI;
import com.helger.phase4.model.pmode.IPMode;

/**
 * An incoming-message processor for the Peppol push exchange: only user messages matter; signal messages are
 * accepted and nothing comes back on the response channel besides receipts and errors.
 */
public interface PushOnlyProcessor extends IAS4IncomingMessageProcessorSPI {
    @Override
    default AS4SignalMessageProcessorResult processAS4SignalMessage(
            IAS4IncomingMessageMetadata metadata,
            HttpHeaderMap headers,
            Ebms3SignalMessage signalMessage,
            IPMode pmode,
            IAS4IncomingMessageState state,
            AS4ErrorList errors) {
        return AS4SignalMessageProcessorResult.createSuccess();
    }

    @Override
    default void processAS4ResponseMessage(
            IAS4IncomingMessageMetadata metadata,
            IAS4IncomingMessageState state,
            String responseMessageId,
            byte[] responseBytes,
            boolean responsePayloadIsAvailable) {
        // push only
    }
}
