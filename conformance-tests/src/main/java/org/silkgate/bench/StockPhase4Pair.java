package org.silkgate.bench;

import com.helger.base.state.ETriState;
import com.helger.collection.commons.CommonsArrayList;
import com.helger.collection.commons.ICommonsList;
import com.helger.http.header.HttpHeaderMap;
import com.helger.httpclient.HttpClientSettings;
import com.helger.peppol.sbdh.PeppolSBDHDataReadException;
import com.helger.peppol.sbdh.PeppolSBDHDataReader;
import com.helger.peppolid.factory.PeppolIdentifierFactory;
import com.helger.phase4.attachment.IAS4IncomingAttachmentFactory;
import com.helger.phase4.attachment.WSS4JAttachment;
import com.helger.phase4.crypto.AS4SigningParams;
import com.helger.phase4.crypto.IAS4CryptoFactory;
import com.helger.phase4.ebms3header.Ebms3Error;
import com.helger.phase4.ebms3header.Ebms3SignalMessage;
import com.helger.phase4.ebms3header.Ebms3UserMessage;
import com.helger.phase4.error.AS4ErrorList;
import com.helger.phase4.incoming.AS4IncomingMessageMetadata;
import com.helger.phase4.incoming.AS4IncomingProfileSelectorConstant;
import com.helger.phase4.incoming.AS4IncomingReceiverConfiguration;
import com.helger.phase4.incoming.AS4RequestHandler;
import com.helger.phase4.incoming.IAS4IncomingMessageMetadata;
import com.helger.phase4.incoming.IAS4IncomingMessageState;
import com.helger.phase4.incoming.crypto.AS4IncomingSecurityConfiguration;
import com.helger.phase4.incoming.spi.AS4MessageProcessorResult;
import com.helger.phase4.incoming.spi.IAS4IncomingMessageProcessorSPI;
import com.helger.phase4.model.error.EEbmsError;
import com.helger.phase4.model.pmode.IPMode;
import com.helger.phase4.model.pmode.resolve.AS4DefaultPModeResolver;
import com.helger.phase4.peppol.Phase4PeppolSender;
import com.helger.phase4.profile.peppol.Phase4PeppolHttpClientSettings;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import com.helger.phase4.sender.IAS4SignalMessageValidationResultHandler;
import com.helger.security.certificate.ECertificateCheckResult;
import com.helger.security.certificate.TrustedCAChecker;
import com.helger.security.crl.CRLHelper;
import com.helger.security.revocation.CertificateRevocationCheckerDefaults;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.silkgate.ap.as4.As4Servlet;
import org.silkgate.ap.as4.BufferedAs4Response;
import org.silkgate.ap.as4.Phase4Crypto;
import org.silkgate.ap.as4.Phase4Runtime;
import org.silkgate.ap.as4.PushOnlyProcessor;
import org.silkgate.ap.model.DocumentIdentifiers;
import org.silkgate.ap.trust.ApIdentity;
import org.silkgate.ap.trust.CrlFiles;
import org.silkgate.network.PkiTls;
import org.silkgate.pki.DevPki;

/**
 * The baseline of {@code bench as4}: phase4 used the stock way (engineering notes, "Sending (C2)" and "Receiving (C3)
 * … direct"), with the same crypto and PKI as SilkGate and none of SilkGate's optimisations. The sender is a fresh
 * {@link Phase4PeppolSender#builder()} per message (phase4 builds the SBDH, its default HTTP poster makes a new HTTP
 * client per send, the receiver certificate is checked with a {@link TrustedCAChecker} with CRL revocation and a check
 * date). The receiver is a plain servlet on Jetty driving {@link AS4RequestHandler} with a processor that does what
 * phase4-peppol-servlet's SPI would: decrypted and signed, signing certificate checked against the AP CA with CRL
 * revocation and a check date, exactly one attachment, the SBDH read with {@link PeppolSBDHDataReader}, success.
 * <p>
 * CRL checks are real: ph-security's CRL cache is filled with the development PKI's CRL files under the URLs the
 * certificates name as distribution points (loopback URLs nothing serves), as if it had downloaded them.
 */
final class StockPhase4Pair implements AutoCloseable {
    /** WSS4J refuses a signer whose subject does not match; every SilkGate AP certificate has a CN like this. */
    private static final Pattern AP_SUBJECT = Pattern.compile("^.*CN=SG-AP-.*$");

    private final LoopbackAs4Endpoint receiver;
    private final HttpClientSettings http;
    private final Sender kazakhstan;
    private final X509Certificate georgiaCertificate;
    private final TrustedCAChecker apCaChecker;
    private final StockPeppolProcessor processor;
    private final AutoCloseable stockXsdValidation;

    private StockPhase4Pair(
            LoopbackAs4Endpoint receiver,
            HttpClientSettings http,
            Sender kazakhstan,
            X509Certificate georgiaCertificate,
            TrustedCAChecker apCaChecker,
            StockPeppolProcessor processor,
            AutoCloseable stockXsdValidation) {
        this.stockXsdValidation = stockXsdValidation;
        this.receiver = receiver;
        this.http = http;
        this.kazakhstan = kazakhstan;
        this.georgiaCertificate = georgiaCertificate;
        this.apCaChecker = apCaChecker;
        this.processor = processor;
    }

    /**
     * Starts the Georgian receiver on a free loopback port, over TLS with {@code tls-GE.p12}; the Kazakh sender sends
     * to it with phase4's Peppol client settings, given the TLS trust SilkGate's sender has (the dev root, host name
     * checked, the policy's protocols and suites) instead of phase4's default of trusting any server: both sides of
     * the comparison verify the server.
     */
    static StockPhase4Pair start(Path pki) throws Exception {
        X509Certificate apCa = certificate(pki.resolve(DevPki.AP_CA + ".pem"));
        Sender kazakhstan = Sender.load(pki, "ap-KZ");
        Sender georgia = Sender.load(pki, "ap-GE");
        fillCrlCache(pki, List.of(kazakhstan.certificate(), georgia.certificate()));
        TrustedCAChecker apCaChecker = new TrustedCAChecker(apCa);
        StockPeppolProcessor processor = new StockPeppolProcessor(apCaChecker);

        // phase4 as it comes validates every document it writes or reads; SilkGate's runtime turns that off
        AutoCloseable stockXsdValidation = stockXsdValidation();
        try {
            Phase4PeppolHttpClientSettings http = new Phase4PeppolHttpClientSettings();
            PkiTls.connections(pki).apply(http);
            LoopbackAs4Endpoint receiver = LoopbackAs4Endpoint.start(
                    PkiTls.accessPointKeystore(pki, "GE"),
                    url -> new StockReceiverServlet(georgia.crypto(), processor, url));
            return new StockPhase4Pair(
                    receiver, http, kazakhstan, georgia.certificate(), apCaChecker, processor, stockXsdValidation);
        } catch (Exception | Error e) {
            stockXsdValidation.close();
            throw e;
        }
    }

    /** Sends one UBL document KZ → GE; returns only when a signed receipt matching the message came back. */
    void send(byte[] ublDocument) {
        Outcome outcome = sendFrom(kazakhstan, georgiaCertificate, ublDocument);
        if (!outcome.deliveredWithSignedReceipt())
            throw new IllegalStateException("stock phase4 send failed: " + outcome);
    }

    /** One send with the given sending AP's keys to a receiver presenting {@code receiverCertificate}. */
    Outcome sendFrom(Sender sender, X509Certificate receiverCertificate, byte[] ublDocument) {
        DocumentIdentifiers ids = DocumentIdentifiers.of(ublDocument);
        PeppolIdentifierFactory factory = PeppolIdentifierFactory.INSTANCE;
        ReceiptCheck receipt = new ReceiptCheck();
        EAS4UserMessageSendResult result = Phase4PeppolSender.builder()
                .documentTypeID(
                        factory.parseDocumentTypeIdentifier(ids.documentType().uri()))
                .processID(factory.parseProcessIdentifier(ids.process().uri()))
                .senderParticipantID(factory.createParticipantIdentifierWithDefaultScheme(As4Bench.SUPPLIER.value()))
                .receiverParticipantID(factory.createParticipantIdentifierWithDefaultScheme(As4Bench.BUYER.value()))
                .senderPartyID(ApIdentity.commonName(sender.certificate().getSubjectX500Principal()))
                .countryC1("KZ")
                .payload(ublDocument)
                .disableValidation()
                .cryptoFactory(sender.crypto())
                .receiverEndpointDetails(receiverCertificate, receiver.url())
                .httpClientFactory(http) // a new factory per send, as the stock builder makes; trust as SilkGate's
                .peppolAP_CAChecker(apCaChecker)
                .checkReceiverAPCertificate(true)
                .signalMsgConsumer(receipt::onSignal)
                .signalMsgValidationResultHdl(receipt)
                .sendMessageAndCheckForReceipt(e -> receipt.failure = e);
        return new Outcome(
                result,
                receipt.signed,
                receipt.nrrMatched,
                receipt.errors(),
                receipt.failure == null ? null : receipt.failure.toString());
    }

    /** Messages the receiver accepted (and answered with a receipt) so far. */
    long accepted() {
        return processor.accepted.get();
    }

    Sender kazakhstan() {
        return kazakhstan;
    }

    X509Certificate georgiaCertificate() {
        return georgiaCertificate;
    }

    @Override
    public void close() throws Exception {
        try {
            receiver.close();
        } finally {
            stockXsdValidation.close();
        }
    }

    /**
     * What one stock send ended with.
     *
     * @param signedReceipt the receipt's signature was checked by phase4
     * @param nrrMatched    the receipt's non-repudiation digests match the message sent
     * @param errors        the EBMS errors of an error signal, or empty
     */
    record Outcome(
            EAS4UserMessageSendResult result,
            boolean signedReceipt,
            boolean nrrMatched,
            String errors,
            String failure) {
        boolean deliveredWithSignedReceipt() {
            return result == EAS4UserMessageSendResult.SUCCESS && signedReceipt && nrrMatched;
        }
    }

    /**
     * phase4's own per-document XSD validation switched back on until the returned handle is closed: phase4 as it
     * comes validates every document it writes or reads, and SilkGate's runtime turns that off for the whole JVM.
     */
    private static AutoCloseable stockXsdValidation() {
        com.helger.jaxb.builder.JAXBBuilderDefaultSettings.setDefaultUseSchema(true);
        return () -> com.helger.jaxb.builder.JAXBBuilderDefaultSettings.setDefaultUseSchema(false);
    }

    /** A sending access point's keys, as a phase4 crypto factory built once. */
    record Sender(X509Certificate certificate, IAS4CryptoFactory crypto) {
        /** {@code base}.p12 of the development PKI, e.g. {@code ap-KZ} or {@code ap-revoked}. */
        static Sender load(Path pki, String base) {
            // the CRL files only satisfy ApIdentity's loader: SilkGate's trust checks are not used here
            CrlFiles unused = new CrlFiles(List.of(pki.resolve(DevPki.AP_CA + ".crl")), java.time.Clock.systemUTC());
            ApIdentity identity = ApIdentity.load(
                    pki.resolve(base + ".p12"), Optional.empty(), pki.resolve("truststore.p12"), unused);
            return new Sender(identity.certificate(), Phase4Crypto.of(identity));
        }
    }

    /**
     * Puts each CRL a certificate names as distribution point into ph-security's default CRL cache, read from the PKI
     * folder by file name ({@code …/ap-ca.crl}); the cache then serves it for its usual caching duration.
     */
    private static void fillCrlCache(Path pki, List<X509Certificate> certificates) throws IOException {
        for (X509Certificate certificate : certificates) {
            for (String distributionPoint : CRLHelper.getAllDistributionPoints(certificate)) {
                Path file = pki.resolve(distributionPoint.substring(distributionPoint.lastIndexOf('/') + 1));
                if (!Files.isRegularFile(file)) {
                    throw new IllegalStateException("the CRL " + distributionPoint + " named by "
                            + certificate.getSubjectX500Principal() + " is not in " + pki);
                }
                CertificateRevocationCheckerDefaults.getDefaultCRLCache().setCRLOfURL(distributionPoint, crl(file));
            }
        }
    }

    private static X509CRL crl(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        } catch (CertificateException | CRLException e) {
            throw new IOException("cannot read CRL " + file + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate certificate(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException e) {
            throw new IOException("cannot read certificate " + pem + ": " + e.getMessage(), e);
        }
    }

    /** What phase4 tells the sender about the answer; one per send. */
    private static final class ReceiptCheck implements IAS4SignalMessageValidationResultHandler {
        private volatile boolean signed;
        private volatile boolean nrrMatched;
        private volatile Ebms3SignalMessage signal;
        private volatile Exception failure;

        void onSignal(
                Ebms3SignalMessage message, IAS4IncomingMessageMetadata metadata, IAS4IncomingMessageState state) {
            signal = message;
            signed = state.isSoapSignatureChecked();
        }

        @Override
        public void onSuccess() {
            nrrMatched = true;
        }

        @Override
        public void onError(String errorMessage) {
            nrrMatched = false;
        }

        @Override
        public void onNotApplicable() {
            nrrMatched = false;
        }

        String errors() {
            if (signal == null) return "";
            return signal.getError().stream().map(ReceiptCheck::describe).collect(Collectors.joining("; "));
        }

        private static String describe(Ebms3Error error) {
            return error.getErrorCode() + (error.getErrorDetail() == null ? "" : ": " + error.getErrorDetail());
        }
    }

    /** The plain-servlet receiver of the notes: a fresh {@link AS4RequestHandler} per request, configured in full. */
    private static final class StockReceiverServlet extends HttpServlet {
        private final transient IAS4CryptoFactory crypto;
        private final transient ICommonsList<IAS4IncomingMessageProcessorSPI> processors;
        private final String endpointUrl;

        StockReceiverServlet(IAS4CryptoFactory crypto, IAS4IncomingMessageProcessorSPI processor, String endpointUrl) {
            this.crypto = crypto;
            this.processors = new CommonsArrayList<>(processor);
            this.endpointUrl = endpointUrl;
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpHeaderMap headers = As4Servlet.headersOf(request);
            AS4IncomingMessageMetadata metadata = As4Servlet.metadataOf(request, headers);
            BufferedAs4Response answer = new BufferedAs4Response();
            try (AS4RequestHandler handler = new AS4RequestHandler(metadata)) {
                handler.setCryptoFactory(crypto);
                handler.setPModeResolver(new AS4DefaultPModeResolver(Phase4Runtime.PROFILE));
                handler.setIncomingProfileSelector(new AS4IncomingProfileSelectorConstant(Phase4Runtime.PROFILE, true));
                handler.setIncomingAttachmentFactory(IAS4IncomingAttachmentFactory.DEFAULT_INSTANCE);
                handler.setIncomingSecurityConfiguration(AS4IncomingSecurityConfiguration.createDefaultInstance()
                        .setSigningParams(new AS4SigningParams().setSubjectCertConstraints(AP_SUBJECT)));
                handler.setIncomingReceiverConfiguration(
                        new AS4IncomingReceiverConfiguration().setReceiverEndpointAddress(endpointUrl));
                handler.setProcessorSupplier(() -> processors);
                handler.handleRequest(request.getInputStream(), headers, answer);
            } catch (Exception e) {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Bad AS4 request: " + e.getMessage());
                return;
            }
            answer.writeTo(response);
        }
    }

    /** What phase4-peppol-servlet's SPI does with a user message, and nothing more. */
    private static final class StockPeppolProcessor implements PushOnlyProcessor {
        private final TrustedCAChecker apCaChecker;
        private final AtomicLong accepted = new AtomicLong();

        StockPeppolProcessor(TrustedCAChecker apCaChecker) {
            this.apCaChecker = apCaChecker;
        }

        @Override
        public AS4MessageProcessorResult processAS4UserMessage(
                IAS4IncomingMessageMetadata metadata,
                HttpHeaderMap headers,
                Ebms3UserMessage userMessage,
                IPMode pmode,
                org.w3c.dom.Node soapBodyPayload,
                ICommonsList<WSS4JAttachment> attachments,
                IAS4IncomingMessageState state,
                AS4ErrorList errors) {
            String messageId = userMessage.getMessageInfo().getMessageId();
            Locale locale = state.getLocale();
            if (!state.isSoapDecrypted() || !state.isSoapSignatureChecked()) {
                return refuse(
                        errors,
                        EEbmsError.EBMS_FAILED_AUTHENTICATION,
                        locale,
                        messageId,
                        "the message was not signed and encrypted");
            }
            // a check date, as the stock SPI passes: no cached verdict, a PKIX build with CRL per message
            ECertificateCheckResult check = apCaChecker.checkCertificate(
                    state.getSigningCertificate(), OffsetDateTime.now(), ETriState.UNDEFINED, null);
            if (!check.isValid()) {
                return refuse(
                        errors,
                        EEbmsError.EBMS_FAILED_AUTHENTICATION,
                        locale,
                        messageId,
                        "the signing certificate is not a valid access point certificate: " + check.name());
            }
            if (attachments == null || attachments.size() != 1) {
                return refuse(
                        errors,
                        EEbmsError.EBMS_VALUE_INCONSISTENT,
                        locale,
                        messageId,
                        "expected exactly one attachment");
            }
            try (InputStream sbdh = attachments.getFirstOrNull().getSourceStream()) {
                new PeppolSBDHDataReader(PeppolIdentifierFactory.INSTANCE).extractData(sbdh);
            } catch (IOException | PeppolSBDHDataReadException e) {
                return refuse(
                        errors,
                        EEbmsError.EBMS_OTHER,
                        locale,
                        messageId,
                        "the payload is not a valid Peppol SBDH: " + e.getMessage());
            }
            accepted.incrementAndGet();
            return AS4MessageProcessorResult.createSuccess();
        }

        private static AS4MessageProcessorResult refuse(
                AS4ErrorList errors, EEbmsError error, Locale locale, String messageId, String detail) {
            errors.add(error.errorBuilder(locale)
                    .refToMessageInError(messageId)
                    .errorDetail(detail)
                    .build());
            return AS4MessageProcessorResult.createFailure();
        }
    }
}
