package org.silkgate.ap.inbound;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import org.silkgate.ap.discovery.ServedParticipants;
import org.silkgate.ap.inbound.InboundDecision.Reason;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.model.Envelope;
import org.silkgate.ap.model.Mls;
import org.silkgate.ap.model.SbdhEnvelope;
import org.silkgate.ap.trust.ApIdentity;
import org.silkgate.ap.trust.CertificateTrust;
import org.silkgate.ap.validation.DocumentCheck;
import org.silkgate.ap.validation.InvalidDocumentPolicy;
import org.silkgate.ap.work.WorkQueue;
import org.silkgate.validation.Language;
import org.silkgate.validation.ValidationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side (C3), from what the AS4 layer decrypted and verified to the decision that lets a receipt go
 * back. The steps, in order: the transport (SOAP 1.2, encrypted, signed), trust in the signer (a valid, unrevoked
 * access point certificate), what the signature covers (the header and the payload that are read), the ebMS header, the payload and its SBDH (schema, Peppol rules, the AS4 properties
 * naming the same parties), the receiver served here, a duplicate, validation, then store and journal. Delivery to
 * the back office follows through the delivery queue ({@link DeliverPipeline}).
 */
public final class ReceivePipeline {
    private static final Logger LOG = LoggerFactory.getLogger(ReceivePipeline.class);

    private final String apId;
    private final CertificateTrust trust;
    private final ServedParticipants served;
    private final Journal journal;
    private final MessageFiles files;
    private final InvalidDocumentPolicy policy;
    private final DocumentCheck validation;
    private final WorkQueue deliveries;
    private final long maxPayloadBytes;
    private final Clock clock;
    private final Rejections rejections;

    /** Answers a sender whose document is rejected under {@link InvalidDocumentPolicy#RESPOND} ({@link MlsResponder}). */
    @FunctionalInterface
    public interface Rejections {
        void rejected(String messageId, Envelope envelope, Mls.Request request, ValidationReport report);
    }

    /** @param maxPayloadBytes the largest payload read, counted as it is decompressed */
    public ReceivePipeline(
            String apId,
            CertificateTrust trust,
            ServedParticipants served,
            Journal journal,
            MessageFiles files,
            InvalidDocumentPolicy policy,
            DocumentCheck validation,
            WorkQueue deliveries,
            long maxPayloadBytes,
            Clock clock) {
        this(apId, trust, served, journal, files, policy, validation, deliveries, maxPayloadBytes, clock, null);
    }

    /** @param rejections answers the rejected documents of {@link InvalidDocumentPolicy#RESPOND}; null without */
    public ReceivePipeline(
            String apId,
            CertificateTrust trust,
            ServedParticipants served,
            Journal journal,
            MessageFiles files,
            InvalidDocumentPolicy policy,
            DocumentCheck validation,
            WorkQueue deliveries,
            long maxPayloadBytes,
            Clock clock,
            Rejections rejections) {
        this.rejections = rejections;
        this.apId = apId;
        this.trust = trust;
        this.served = served;
        this.journal = journal;
        this.files = files;
        this.policy = policy;
        this.validation = validation;
        this.deliveries = deliveries;
        this.maxPayloadBytes = maxPayloadBytes;
        this.clock = clock;
    }

    public InboundDecision receive(IncomingUserMessage incoming) {
        if (!incoming.soapVersion().equals(Optional.of("1.2"))) {
            return refused(
                    Reason.NOT_SOAP_12,
                    "the Peppol AS4 profile requires SOAP 1.2, got "
                            + incoming.soapVersion().map(v -> "SOAP " + v).orElse("no SOAP version"));
        }
        if (!incoming.decrypted()) return refused(Reason.NOT_ENCRYPTED, "the message was not encrypted");
        if (incoming.signer().isEmpty()) return refused(Reason.NOT_AUTHENTICATED, "the message was not signed");

        X509Certificate signer = incoming.signer().get();
        CertificateTrust.Verdict verdict = trust.check(signer, clock.instant());
        if (!verdict.trusted()) return refused(Reason.NOT_AUTHENTICATED, verdict.reason());
        String senderAp = ApIdentity.commonName(signer.getSubjectX500Principal());
        if (!ApIdentity.AP_ID.matcher(senderAp).matches()) {
            return refused(
                    Reason.NOT_AUTHENTICATED,
                    "the signing certificate's CN '" + senderAp + "' is not an access point id");
        }

        if (incoming.signatureCoverageProblem().isPresent()) {
            return refused(
                    Reason.NOT_AUTHENTICATED,
                    incoming.signatureCoverageProblem().get());
        }
        if (incoming.messagingHeaderProblem().isPresent()) {
            return refused(
                    Reason.INVALID_HEADER, incoming.messagingHeaderProblem().get());
        }

        if (incoming.soapBodyPayload() || incoming.attachments().size() != 1) {
            return refused(
                    Reason.INCONSISTENT,
                    "a Peppol message carries exactly one payload, as an attachment; got "
                            + incoming.attachments().size() + (incoming.soapBodyPayload() ? " and a SOAP body" : ""));
        }
        byte[] sbdh;
        try (InputStream in = incoming.attachments().get(0).open()) {
            // a few MB of gzip can inflate to gigabytes: counted while it streams, never read whole first
            sbdh = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxPayloadBytes + 1));
        } catch (IOException e) {
            return refused(Reason.UNREADABLE_PAYLOAD, "cannot read the payload: " + e.getMessage());
        }
        if (sbdh.length > maxPayloadBytes) {
            return refused(
                    Reason.UNREADABLE_PAYLOAD,
                    "the payload is larger than " + maxPayloadBytes + " bytes once decompressed; refused");
        }
        SbdhEnvelope.Reading reading = SbdhEnvelope.read(sbdh);
        if (reading instanceof SbdhEnvelope.Refused refused) {
            return refused(Reason.INVALID_SBDH, "the payload is not a valid Peppol SBDH: " + refused.reason());
        }
        SbdhEnvelope.Read read = (SbdhEnvelope.Read) reading;
        Optional<String> mismatch = headerMismatch(incoming, read.envelope());
        if (mismatch.isPresent()) return refused(Reason.INCONSISTENT, mismatch.get());

        InboundMessage message = new InboundMessage(
                incoming.as4MessageId(),
                read.envelope(),
                senderAp,
                CertificateTrust.fingerprint(signer),
                clock.instant(),
                sbdh.length,
                read.businessDocument());
        return accept(message, read.mls());
    }

    /**
     * The steps once the message is known to come from a trusted access point with a readable SBDH. A MessageId is
     * bound to the first sender and payload the journal records: the same again is a duplicate, acknowledged and not
     * delivered twice; anything else under that id is refused, so no access point can take over another's message.
     */
    InboundDecision accept(InboundMessage message) {
        return accept(message, Optional.empty());
    }

    /** @param mls the Message Level Status the sender asks for, journaled with the message */
    InboundDecision accept(InboundMessage message, Optional<Mls.Request> mls) {
        Envelope envelope = message.envelope();
        if (!served.serves(envelope.receiver(), envelope.documentType(), envelope.process())) {
            return refused(
                    Reason.RECEIVER_NOT_SERVED,
                    "PEPPOL:NOT_SERVICED participant " + envelope.receiver() + " is not served by access point "
                            + apId);
        }
        String digest = MessageFiles.sha256(message.businessDocument());
        Optional<MessageRecord> seen = journal.current(Direction.INBOUND, message.as4MessageId());
        if (seen.isPresent()) return againOrTaken(seen.get(), message, digest);

        Optional<ValidationReport> failed = Optional.empty();
        if (policy.validates()) {
            ValidationReport report = validation.validate(message.businessDocument(), message.as4MessageId());
            if (!report.valid()) failed = Optional.of(report);
        }
        // RESPOND answers with an MLS only whom asked for one; anyone else learns of it the REJECT way
        boolean respond =
                failed.isPresent() && policy == InvalidDocumentPolicy.RESPOND && mls.isPresent() && rejections != null;
        if (failed.isPresent() && !respond && policy != InvalidDocumentPolicy.DELIVER_FLAGGED) {
            return refused(Reason.INVALID_DOCUMENT, "PEPPOL:BUSINESS:INVALID " + DocumentCheck.summary(failed.get()));
        }

        try {
            boolean first = journal.insert(
                    MessageRecord.received(
                                    message.as4MessageId(),
                                    envelope,
                                    message.senderAp(),
                                    message.senderCertificate(),
                                    new MessageRecord.Content(
                                            message.businessDocument().length, message.sbdhSize(), digest),
                                    message.receivedAt())
                            .handledBy(apId),
                    mls);
            if (!first) {
                return againOrTaken(
                        journal.current(Direction.INBOUND, message.as4MessageId())
                                .orElseThrow(),
                        message,
                        digest);
            }
            // after the journal, so that of two senders racing for one id only the one it recorded is stored
            if (failed.isPresent()) {
                files.storeValidationReport(
                        message.as4MessageId(), failed.get().toJson(Language.EN).getBytes(StandardCharsets.UTF_8));
            }
            files.storePayloadOnce(Direction.INBOUND, message.as4MessageId(), message.businessDocument());
        } catch (RuntimeException e) {
            LOG.error("cannot store inbound message {}", message.as4MessageId(), e);
            return refused(
                    Reason.NOT_STORED, "access point " + apId + " could not store the message; send it again later");
        }
        if (respond) {
            // kept as evidence, never delivered: the sender learns why from the MLS RE, the AS4 receipt still goes back
            journal.rejected(message.as4MessageId(), "PEPPOL:BUSINESS:INVALID " + DocumentCheck.summary(failed.get()));
            try {
                rejections.rejected(message.as4MessageId(), envelope, mls.get(), failed.get());
            } catch (RuntimeException e) {
                LOG.error("cannot answer rejected message {} with an MLS", message.as4MessageId(), e);
            }
            return new InboundDecision.Accepted();
        }
        deliveries.enqueue(message.as4MessageId());
        return new InboundDecision.Accepted();
    }

    /**
     * A MessageId seen before: the same sender with the same payload is a retry (its payload stored now if a crash
     * came between journal and store); anyone or anything else is refused.
     */
    private InboundDecision againOrTaken(MessageRecord seen, InboundMessage message, String digest) {
        boolean sameSender = seen.peerCertificate()
                .map(message.senderCertificate()::equals)
                .orElse(seen.peerAp().filter(message.senderAp()::equals).isPresent());
        if (!sameSender || !seen.content().sha256().equals(digest)) {
            LOG.warn(
                    "refused message {} from {}: its MessageId was received before from {} with {} payload",
                    message.as4MessageId(),
                    message.senderAp(),
                    seen.peerAp().orElse("another access point"),
                    sameSender ? "another" : "a");
            return refused(
                    Reason.MESSAGE_ID_TAKEN,
                    "MessageId " + message.as4MessageId() + " was received before "
                            + (sameSender ? "with another payload" : "from another access point") + "; refused");
        }
        if (files.storePayloadOnce(Direction.INBOUND, message.as4MessageId(), message.businessDocument())
                && seen.state() == MessageState.RECEIVED) {
            deliveries.enqueue(message.as4MessageId());
        }
        return new InboundDecision.Duplicate();
    }

    /** Peppol requires the AS4 originalSender/finalRecipient properties to name the SBDH's sender and receiver. */
    private static Optional<String> headerMismatch(IncomingUserMessage incoming, Envelope envelope) {
        String receiver = envelope.receiver().uri();
        String sender = envelope.sender().uri();
        if (incoming.finalRecipient()
                .filter(value -> !receiver.equalsIgnoreCase(value))
                .isPresent()) {
            return Optional.of("AS4 finalRecipient '"
                    + incoming.finalRecipient().get() + "' differs from the SBDH receiver '" + receiver + "'");
        }
        if (incoming.originalSender()
                .filter(value -> !sender.equalsIgnoreCase(value))
                .isPresent()) {
            return Optional.of("AS4 originalSender '"
                    + incoming.originalSender().get() + "' differs from the SBDH sender '" + sender + "'");
        }
        return Optional.empty();
    }

    private static InboundDecision refused(Reason reason, String detail) {
        return new InboundDecision.Refused(reason, detail);
    }
}
