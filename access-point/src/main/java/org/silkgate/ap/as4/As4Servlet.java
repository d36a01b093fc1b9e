package org.silkgate.ap.as4;

import com.helger.collection.commons.CommonsArrayList;
import com.helger.http.header.HttpHeaderMap;
import com.helger.phase4.attachment.IAS4IncomingAttachmentFactory;
import com.helger.phase4.crypto.IAS4CryptoFactory;
import com.helger.phase4.crypto.IAS4DecryptParameterModifier;
import com.helger.phase4.incoming.AS4IncomingMessageMetadata;
import com.helger.phase4.incoming.AS4IncomingProfileSelectorConstant;
import com.helger.phase4.incoming.AS4IncomingReceiverConfiguration;
import com.helger.phase4.incoming.AS4RequestHandler;
import com.helger.phase4.incoming.crypto.AS4IncomingSecurityConfiguration;
import com.helger.phase4.incoming.spi.IAS4IncomingMessageProcessorSPI;
import com.helger.phase4.model.pmode.resolve.AS4DefaultPModeResolver;
import com.helger.phase4.util.Phase4Exception;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Locale;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.engine.WSSConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AS4 endpoint ({@code POST /as4}): a plain servlet driving phase4's {@link AS4RequestHandler}, without
 * ph-xservlet's request scopes. Everything the handler needs is built once and applied to a fresh handler per
 * request (the handler itself is single-use).
 */
public final class As4Servlet extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(As4Servlet.class);
    private static final IAS4DecryptParameterModifier DEFER_SIGNER_TRUST = new IAS4DecryptParameterModifier() {
        @Override
        public void modifyWSSConfig(WSSConfig config) {
            config.setValidator(WSConstants.SIGNATURE, new DeferredTrustSignatureValidator());
        }
    };

    private final transient IAS4CryptoFactory crypto;
    private final transient CommonsArrayList<IAS4IncomingMessageProcessorSPI> processors;
    private final String endpointUrl;
    private final long maxMessageBytes;

    public As4Servlet(
            IAS4CryptoFactory crypto,
            IAS4IncomingMessageProcessorSPI processor,
            String endpointUrl,
            long maxMessageBytes) {
        this.crypto = crypto;
        this.processors = new CommonsArrayList<>(processor);
        this.endpointUrl = endpointUrl;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Refused before a byte of the body is read: an oversized message must cost the receiver nothing.
        if (request.getContentLengthLong() > maxMessageBytes) {
            refuseTooLarge(request, response, request.getContentLengthLong() + " bytes");
            return;
        }
        SizeLimitedBody body = new SizeLimitedBody(request.getInputStream(), maxMessageBytes);
        HttpHeaderMap headers = headersOf(request);
        AS4IncomingMessageMetadata metadata = metadataOf(request, headers);
        BufferedAs4Response buffered = new BufferedAs4Response();
        try {
            CachedServiceLookups.around(() -> handle(metadata, body, headers, buffered));
        } catch (Exception e) {
            if (!body.exceeded()) {
                refuseOrFail(request, response, e);
                return;
            }
        }
        if (body.exceeded()) {
            refuseTooLarge(request, response, "more than " + maxMessageBytes + " bytes (chunked)");
            return;
        }
        buffered.writeTo(response);
    }

    private Void handle(
            AS4IncomingMessageMetadata metadata, InputStream body, HttpHeaderMap headers, BufferedAs4Response buffered)
            throws Exception {
        try (AS4RequestHandler handler = new AS4RequestHandler(metadata)) {
            handler.setCryptoFactory(crypto);
            handler.setPModeResolver(new AS4DefaultPModeResolver(Phase4Runtime.PROFILE));
            handler.setIncomingProfileSelector(new AS4IncomingProfileSelectorConstant(Phase4Runtime.PROFILE, true));
            handler.setIncomingAttachmentFactory(IAS4IncomingAttachmentFactory.DEFAULT_INSTANCE);
            handler.setIncomingSecurityConfiguration(AS4IncomingSecurityConfiguration.createDefaultInstance()
                    .setDecryptParameterModifier(DEFER_SIGNER_TRUST));
            handler.setIncomingReceiverConfiguration(
                    new AS4IncomingReceiverConfiguration().setReceiverEndpointAddress(endpointUrl));
            handler.setProcessorSupplier(() -> processors);
            handler.setLocale(Locale.US);
            handler.handleRequest(body, headers, buffered);
        }
        return null;
    }

    /** The request's HTTP headers, as phase4 takes them. */
    public static HttpHeaderMap headersOf(HttpServletRequest request) {
        HttpHeaderMap headers = new HttpHeaderMap();
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) headers.addHeader(name, value);
        }
        return headers;
    }

    /** What phase4 records about where an incoming message came from. */
    public static AS4IncomingMessageMetadata metadataOf(HttpServletRequest request, HttpHeaderMap headers) {
        return AS4IncomingMessageMetadata.createForRequest()
                .setRemoteAddr(request.getRemoteAddr())
                .setRemoteHost(request.getRemoteHost())
                .setRemotePort(request.getRemotePort())
                .setHttpHeaders(headers);
    }

    private void refuseTooLarge(HttpServletRequest request, HttpServletResponse response, String size)
            throws IOException {
        LOG.warn(
                "refused an AS4 request from {}: {} exceeds the limit of {} bytes",
                request.getRemoteAddr(),
                size,
                maxMessageBytes);
        response.sendError(
                HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                "AS4 message too large: " + size + ", the limit is " + maxMessageBytes + " bytes");
    }

    private static void refuseOrFail(HttpServletRequest request, HttpServletResponse response, Exception failure)
            throws IOException {
        if (failure instanceof Phase4Exception) {
            LOG.warn("refused an AS4 request from {}: {}", request.getRemoteAddr(), failure.getMessage());
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Bad AS4 request: " + failure.getMessage());
        } else {
            LOG.error("AS4 request from {} failed", request.getRemoteAddr(), failure);
            response.sendError(
                    HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "Internal error processing the AS4 request");
        }
    }

    /** Counts the body as phase4 reads it, for requests that announce no length (chunked). */
    private static final class SizeLimitedBody extends FilterInputStream {
        private final long limit;
        private long count;
        private boolean exceeded;

        SizeLimitedBody(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        boolean exceeded() {
            return exceeded;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count(1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) count(n);
            return n;
        }

        private void count(int n) throws IOException {
            count += n;
            if (count > limit) {
                exceeded = true;
                throw new IOException("AS4 message larger than " + limit + " bytes");
            }
        }
    }
}
