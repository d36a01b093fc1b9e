package org.silkgate.ap.inbound;

import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * What the AS4 layer learnt of an incoming user message, in words of its own: the receive pipeline decides on it
 * without knowing the AS4 library.
 *
 * @param soapVersion "1.2" or "1.1", empty when unknown
 * @param signer the certificate whose signature was verified, empty when the message was not signed
 * @param signatureCoverageProblem what the verified signature leaves uncovered of the header and the payloads
 * @param messagingHeaderProblem what is wrong with the {@code eb:Messaging} header against its schema
 * @param soapBodyPayload whether a payload came in the SOAP body (Peppol carries it as an attachment)
 * @param originalSender the AS4 {@code originalSender} property ({@code scheme::value}), if present
 * @param finalRecipient the AS4 {@code finalRecipient} property, if present
 */
public record IncomingUserMessage(
        String as4MessageId,
        Optional<String> soapVersion,
        boolean decrypted,
        Optional<X509Certificate> signer,
        Optional<String> signatureCoverageProblem,
        Optional<String> messagingHeaderProblem,
        boolean soapBodyPayload,
        List<Payload> attachments,
        Optional<String> originalSender,
        Optional<String> finalRecipient) {

    /** An attachment, read (decrypted and decompressed) when the pipeline gets to it. */
    @FunctionalInterface
    public interface Payload {
        InputStream open() throws IOException;
    }
}
