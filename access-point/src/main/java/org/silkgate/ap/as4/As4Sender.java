package org.silkgate.ap.as4;

import com.helger.httpclient.HttpClientFactory;
import com.helger.peppolid.factory.PeppolIdentifierFactory;
import com.helger.phase4.crypto.IAS4CryptoFactory;
import com.helger.phase4.ebms3header.Ebms3Error;
import com.helger.phase4.ebms3header.Ebms3SignalMessage;
import com.helger.phase4.incoming.IAS4IncomingMessageState;
import com.helger.phase4.messaging.http.HttpRetrySettings;
import com.helger.phase4.peppol.Phase4PeppolSender;
import com.helger.phase4.profile.peppol.Phase4PeppolHttpClientSettings;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import com.helger.phase4.sender.IAS4SignalMessageValidationResultHandler;
import com.helger.phase4.util.Phase4Exception;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.HttpResponseException;
import org.silkgate.ap.discovery.Endpoint;
import org.silkgate.ap.discovery.EndpointResolver;
import org.silkgate.ap.model.Envelope;
import org.silkgate.ap.outbound.MessageSender;
import org.silkgate.ap.outbound.OutboundMessage;
import org.silkgate.ap.outbound.SendResult;
import org.silkgate.ap.tls.ClientConnections;
import org.silkgate.ap.trust.ApIdentity;
import org.silkgate.ap.trust.CertificateTrust;

/**
 * Sends one message over Peppol AS4 (RSA-SHA256 signature, AES-128-GCM encryption, compressed payload) and decides
 * whether it was delivered. phase4 calls any receipt a success; here a receipt counts only if it is signed by the
 * receiving access point's certificate and its non-repudiation digests match the message sent. The receiver's
 * certificate is checked with {@link CertificateTrust} (full path, expiry, revocation) before anything is sent.
 * Thread-safe: one instance per access point.
 */
public final class As4Sender implements MessageSender, AutoCloseable {
    private final ApIdentity identity;
    private final IAS4CryptoFactory crypto;
    private final EndpointResolver endpoints;
    private final PooledHttpPoster poster;
    private final ClientConnections connections;
    private final Clock clock;

    /** @param connections TLS trust and host-name checks for the receiving access points (phase4 trusts any server) */
    public As4Sender(
            ApIdentity identity,
            IAS4CryptoFactory crypto,
            EndpointResolver endpoints,
            ClientConnections connections,
            Clock clock) {
        this.identity = identity;
        this.crypto = crypto;
        this.endpoints = endpoints;
        this.connections = connections;
        this.clock = clock;
        Phase4PeppolHttpClientSettings settings = new Phase4PeppolHttpClientSettings();
        connections.apply(settings);
        this.poster = new PooledHttpPoster(new HttpClientFactory(settings));
    }

    @Override
    public SendResult send(OutboundMessage message) {
        Envelope envelope = message.envelope();
        Endpoint endpoint;
        try {
            endpoint = endpoints.resolve(envelope.receiver(), envelope.documentType(), envelope.process());
        } catch (EndpointResolver.EndpointNotFoundException e) {
            return new SendResult.Failed(false, e.getMessage());
        } catch (RuntimeException e) {
            return new SendResult.Failed(true, "endpoint lookup failed: " + e.getMessage());
        }
        if (!connections.allows(endpoint.url())) {
            return new SendResult.Failed(
                    false,
                    "the receiving access point's endpoint " + endpoint.url()
                            + " is not https; plain HTTP needs --insecure-http");
        }
        X509Certificate receiverCertificate = endpoint.certificate();
        CertificateTrust.Verdict verdict = identity.trust().check(receiverCertificate, clock.instant());
        if (!verdict.trusted())
            return new SendResult.Failed(false, "receiving access point refused: " + verdict.reason());
        String receiverAp = ApIdentity.commonName(receiverCertificate.getSubjectX500Principal());
        if (!ApIdentity.AP_ID.matcher(receiverAp).matches()) {
            return new SendResult.Failed(
                    false, "the receiver's certificate CN '" + receiverAp + "' is not an access point id");
        }

        ReceiptCheck receipt = new ReceiptCheck(receiverCertificate);
        EAS4UserMessageSendResult result = sendWithPhase4(message, endpoint, receiverCertificate, receipt);
        return switch (result) {
            case SUCCESS -> receipt.verdict(receiverAp, endpoint.url());
            case AS4_ERROR_MESSAGE_RECEIVED ->
                new SendResult.Failed(
                        false,
                        "receiving access point " + receiverAp + " answered with an AS4 error: " + receipt.errors());
            case TRANSPORT_ERROR, TRANSPORT_ERROR_NO_RETRY -> transportFailure(endpoint.url(), receipt.exception);
            case NO_SIGNAL_MESSAGE_RECEIVED, INVALID_SIGNAL_MESSAGE_RECEIVED ->
                new SendResult.Failed(
                        true, "no valid AS4 receipt from " + endpoint.url() + " (" + result.getID() + ")");
            case INVALID_PARAMETERS ->
                new SendResult.Failed(
                        false,
                        "the message could not be built: "
                                + (receipt.exception == null ? "invalid parameters" : receipt.exception.getMessage()));
        };
    }

    private EAS4UserMessageSendResult sendWithPhase4(
            OutboundMessage message, Endpoint endpoint, X509Certificate receiverCertificate, ReceiptCheck receipt) {
        PeppolIdentifierFactory ids = PeppolIdentifierFactory.INSTANCE;
        Envelope envelope = message.envelope();
        try {
            return CachedServiceLookups.around(() -> Phase4PeppolSender.sbdhBuilder()
                    .payload(message.sbdh())
                    .senderParticipantID(ids.createParticipantIdentifier(
                            envelope.sender().scheme(), envelope.sender().value()))
                    .receiverParticipantID(ids.createParticipantIdentifier(
                            envelope.receiver().scheme(), envelope.receiver().value()))
                    .documentTypeID(ids.createDocumentTypeIdentifier(
                            envelope.documentType().scheme(),
                            envelope.documentType().value()))
                    .processID(ids.createProcessIdentifier(
                            envelope.process().scheme(), envelope.process().value()))
                    .countryC1(envelope.countryC1())
                    .senderPartyID(identity.apId())
                    .messageID(message.as4MessageId())
                    .cryptoFactory(crypto)
                    .receiverEndpointDetails(receiverCertificate, endpoint.url())
                    .checkReceiverAPCertificate(false) // done above, with revocation and without phase4's global lock
                    .customHttpPoster(poster)
                    .httpRetrySettings(new HttpRetrySettings().setMaxRetries(0)) // retries go through the broker
                    .rawResponseConsumer(response -> receipt.bytes = response.getResponseContent())
                    .signalMsgConsumer(receipt::onSignal)
                    .signalMsgValidationResultHdl(receipt)
                    .sendMessageAndCheckForReceipt(e -> receipt.exception = e));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("sending " + message.as4MessageId() + " failed: " + e.getMessage(), e);
        }
    }

    private static SendResult.Failed transportFailure(String url, Phase4Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpResponseException http) {
                int status = http.getStatusCode();
                boolean retry = status >= 500 || status == 408 || status == 429;
                return new SendResult.Failed(retry, "HTTP " + status + " from " + url);
            }
        }
        String reason = exception == null ? "unknown" : rootMessage(exception);
        return new SendResult.Failed(true, "cannot reach " + url + ": " + reason);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    @Override
    public void close() {
        poster.close();
    }

    /** Collects what phase4 learns about the answer; one per send. */
    private static final class ReceiptCheck implements IAS4SignalMessageValidationResultHandler {
        private final X509Certificate expectedSigner;
        private volatile byte[] bytes;
        private volatile Phase4Exception exception;
        private volatile Ebms3SignalMessage signal;
        private volatile boolean signedByReceiver;
        private volatile String headerProblem;
        private volatile String nrrProblem = "the receipt carries no non-repudiation information";

        ReceiptCheck(X509Certificate expectedSigner) {
            this.expectedSigner = expectedSigner;
        }

        void onSignal(Ebms3SignalMessage message, Object metadata, IAS4IncomingMessageState state) {
            signal = message;
            signedByReceiver = state.isSoapSignatureChecked() && expectedSigner.equals(state.getSigningCertificate());
            headerProblem = IncomingXsdCheck.messagingHeaderProblem(state.getOriginalSoapDocument())
                    .orElse(null);
        }

        @Override
        public void onSuccess() {
            nrrProblem = null;
        }

        @Override
        public void onError(String errorMessage) {
            nrrProblem = errorMessage;
        }

        @Override
        public void onNotApplicable() {
            nrrProblem = "the receipt carries no non-repudiation information";
        }

        SendResult verdict(String receiverAp, String url) {
            if (!signedByReceiver) {
                return new SendResult.Failed(
                        false, "the receipt from " + receiverAp + " is not signed with its certificate");
            }
            if (headerProblem != null)
                return new SendResult.Failed(
                        false, "the receipt from " + receiverAp + " is malformed: " + headerProblem);
            if (nrrProblem != null)
                return new SendResult.Failed(
                        false, "the receipt from " + receiverAp + " does not match the message: " + nrrProblem);
            if (bytes == null) return new SendResult.Failed(true, "the receipt from " + receiverAp + " was not kept");
            return new SendResult.Delivered(receiverAp, url, bytes);
        }

        String errors() {
            if (signal == null) return "(no details)";
            return signal.getError().stream().map(ReceiptCheck::describe).collect(Collectors.joining("; "));
        }

        private static String describe(Ebms3Error error) {
            StringBuilder text = new StringBuilder(String.valueOf(error.getErrorCode()));
            if (error.getShortDescription() != null) text.append(' ').append(error.getShortDescription());
            if (error.getErrorDetail() != null) text.append(": ").append(error.getErrorDetail());
            return text.toString();
        }
    }
}
