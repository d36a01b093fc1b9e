package org.silkgate.conformance.cases;

import java.io.IOException;
import com.helger.phase4.model.ESoapVersion;
import java.util.List;
import java.util.Optional;
import org.silkgate.ap.as4.Phase4Crypto;
import org.silkgate.ap.as4.As4Sender;
import org.silkgate.ap.outbound.OutboundMessage;
import org.silkgate.ap.outbound.SendResult;
import org.silkgate.ap.discovery.Endpoint;
import org.silkgate.ap.discovery.StaticEndpointResolver;
import org.silkgate.ap.trust.ApIdentity;
import org.silkgate.conformance.cases.ConformanceCase.Verdict;
import org.silkgate.conformance.cases.DeliveryProbe.Observation;

/**
 * The cases of the Peppol AS4 profile that SilkGate's conformance kit checks, in the order they run. Each one sends
 * one (or two) crafted messages to the target and decides from the AS4 answer and from what the receiving side shows.
 */
public final class ProfileCases {
    static final String FAILED_AUTHENTICATION = "EBMS:0101";
    static final String FAILED_DECRYPTION = "EBMS:0102";
    static final String OTHER = "EBMS:0004";
    static final String PROCESSING_MODE_MISMATCH = "EBMS:0010";

    private ProfileCases() {}

    public static List<ConformanceCase> all() {
        return List.of(
                new ConformanceCase("delivered-with-signed-receipt",
                        "a signed, encrypted, compressed Tender is delivered once and the receipt is signed by the target"
                                + " with non-repudiation digests matching the message", ProfileCases::deliveredWithSignedReceipt),
                new ConformanceCase("uncompressed-payload",
                        "an uncompressed payload is also delivered (the Peppol AS4 profile makes compression a sender"
                                + " option; phase4 reads both)", ProfileCases::uncompressedPayload),
                new ConformanceCase("unsigned-message", "a message without a signature is refused with EBMS:0101"
                        + " FailedAuthentication and not delivered", ProfileCases::unsignedMessage),
                new ConformanceCase("tampered-payload", "a message whose encrypted payload was changed after signing is"
                        + " refused with EBMS:0102 FailedDecryption (no digest or tag match) and not delivered",
                        ProfileCases::tamperedPayload),
                new ConformanceCase("tampered-header", "a message whose signed eb:Messaging header was changed after signing"
                        + " is refused with EBMS:0102 FailedDecryption (phase4 reports every WS-Security failure so) and not delivered",
                        ProfileCases::tamperedHeader),
                new ConformanceCase("signature-not-covering-header", "a message whose signed eb:Messaging header was moved"
                        + " aside and replaced by an unsigned one with another MessageId (XML signature wrapping) is refused"
                        + " with EBMS:0101 FailedAuthentication and delivered under neither id", ProfileCases::wrappedHeader),
                new ConformanceCase("revoked-sender-certificate", "a message signed with a revoked AP certificate is refused"
                        + " with EBMS:0101 FailedAuthentication and not delivered",
                        c -> refusedSigner(c, c.identities().revoked())),
                new ConformanceCase("expired-sender-certificate", "a message signed with an expired AP certificate is refused"
                        + " with EBMS:0101 FailedAuthentication and not delivered",
                        c -> refusedSigner(c, c.identities().expired())),
                new ConformanceCase("untrusted-sender-certificate", "a message signed by a certificate of an untrusted CA is"
                        + " refused with EBMS:0101 FailedAuthentication and not delivered",
                        c -> refusedSigner(c, c.identities().untrusted())),
                new ConformanceCase("duplicate-message-id", "a message sent twice with the same MessageId is acknowledged"
                        + " both times and delivered once", ProfileCases::duplicateMessageId),
                new ConformanceCase("receiver-not-served", "a message for a participant the target does not serve is refused"
                        + " with EBMS:0004 PEPPOL:NOT_SERVICED and not delivered", ProfileCases::receiverNotServed),
                new ConformanceCase("soap-1.1", "a SOAP 1.1 message is refused with EBMS:0010 ProcessingModeMismatch (the"
                        + " profile's PMode prescribes SOAP 1.2) and not delivered", ProfileCases::soap11),
                new ConformanceCase("missing-original-sender", "a message without the originalSender property is refused"
                        + " with EBMS:0010 ProcessingModeMismatch naming it and not delivered",
                        c -> missingProperty(c, CraftedMessage::withoutOriginalSender, "originalSender")),
                new ConformanceCase("missing-final-recipient", "a message without the finalRecipient property is refused"
                        + " with EBMS:0010 ProcessingModeMismatch naming it and not delivered",
                        c -> missingProperty(c, CraftedMessage::withoutFinalRecipient, "finalRecipient")),
                new ConformanceCase("message-over-size-limit", "a request announcing one byte more than the target's"
                        + " size limit is refused with HTTP 413 before its body is read", ProfileCases::overSizeLimit),
                new ConformanceCase("invalid-business-document", "a Tender breaking rule " + CaseContext.INVALID_DOCUMENT_RULE
                        + " is refused with EBMS:0004 naming the rule and not delivered", ProfileCases::invalidDocument),
                new ConformanceCase("sender-rejects-unsigned-receipt", "the SilkGate sender does not count an unsigned receipt"
                        + " as delivery (checked against a loopback endpoint forging it)",
                        c -> senderRejectsForgedReceipt(c, Optional.empty())),
                new ConformanceCase("sender-rejects-receipt-signed-by-another-key", "the SilkGate sender does not count a"
                        + " receipt signed with another access point's key as delivery (loopback endpoint forging it)",
                        c -> senderRejectsForgedReceipt(c, Optional.of(c.identities().sender()))));
    }

    private static Verdict deliveredWithSignedReceipt(CaseContext context) {
        OutboundMessage message = context.validMessage();
        SendResult result;
        try (As4Sender sender = senderTo(context, context.target().as4Url())) {
            result = sender.send(message);
        }
        Observation seen = context.target().deliveries().observe(message.envelope().receiver().uri(), message.as4MessageId(), true);
        boolean passed = result instanceof SendResult.Delivered && deliveredOnce(seen);
        return new Verdict(passed, "sender: " + describe(result) + "; receiver: " + seen.evidence());
    }

    private static Verdict uncompressedPayload(CaseContext context) {
        OutboundMessage message = context.validMessage();
        As4Answer answer = crafted(context, message).uncompressed().sendTo(context);
        Observation seen = context.target().deliveries().observe(message.envelope().receiver().uri(), message.as4MessageId(), true);
        return builtAsIntended(!answer.sent().compressed(), answer,
                new Verdict(answer.receipt() && answer.errors().isEmpty() && deliveredOnce(seen), evidence(answer, seen)));
    }

    private static Verdict unsignedMessage(CaseContext context) {
        OutboundMessage message = context.validMessage();
        As4Answer answer = crafted(context, message).unsigned().sendTo(context);
        return builtAsIntended(answer.sent().encrypted() && !answer.sent().signed(), answer,
                refused(context, message, answer, FAILED_AUTHENTICATION));
    }

    private static Verdict tamperedPayload(CaseContext context) {
        OutboundMessage message = context.validMessage();
        As4Answer answer = crafted(context, message).changedOnTheWire(WireTampering::flipPayloadByte).sendTo(context);
        return refused(context, message, answer, FAILED_DECRYPTION);
    }

    private static Verdict tamperedHeader(CaseContext context) {
        OutboundMessage message = context.validMessage();
        String agreement = com.helger.phase4.profile.peppol.PeppolPMode.DEFAULT_AGREEMENT_ID;
        As4Answer answer = crafted(context, message)
                .changedOnTheWire(mime -> WireTampering.replaceInHeader(mime, ">" + agreement + "<",
                        ">" + agreement.replace("tia", "tib") + "<"))
                .sendTo(context);
        return refused(context, message, answer, FAILED_DECRYPTION);
    }

    private static Verdict wrappedHeader(CaseContext context) {
        OutboundMessage message = context.validMessage();
        String forgedId = java.util.UUID.randomUUID() + "@forged.example";
        As4Answer answer = crafted(context, message)
                .changedOnTheWire(mime -> WireTampering.wrapSignedHeader(mime, forgedId))
                .sendTo(context);
        Verdict verdict = refused(context, message, answer, FAILED_AUTHENTICATION);
        Observation forged = context.target().deliveries().observe(message.envelope().receiver().uri(), forgedId, false);
        return new Verdict(verdict.passed() && forged.copies() == 0,
                verdict.evidence() + "; under the forged MessageId " + forgedId + ": " + forged.evidence());
    }

    private static Verdict refusedSigner(CaseContext context, ApIdentity signer) {
        OutboundMessage message = context.validMessage();
        As4Answer answer = CraftedMessage.of(message, signer).sendTo(context);
        return refused(context, message, answer, FAILED_AUTHENTICATION);
    }

    private static Verdict duplicateMessageId(CaseContext context) {
        OutboundMessage message = context.validMessage();
        As4Answer first = crafted(context, message).sendTo(context);
        Observation afterFirst = context.target().deliveries().observe(message.envelope().receiver().uri(), message.as4MessageId(), true);
        As4Answer second = crafted(context, message).sendTo(context);
        Observation afterSecond = context.target().deliveries().observe(message.envelope().receiver().uri(), message.as4MessageId(), true);
        boolean passed = first.receipt() && second.receipt() && second.errors().isEmpty()
                && deliveredOnce(afterFirst) && deliveredOnce(afterSecond);
        return new Verdict(passed, "first: " + first.summary() + "; second: " + second.summary()
                + "; receiver after the second: " + afterSecond.evidence());
    }

    private static Verdict receiverNotServed(CaseContext context) {
        OutboundMessage message = context.message(CaseContext.VALID_DOCUMENT, context.target().unservedReceiver());
        As4Answer answer = crafted(context, message).sendTo(context);
        return refusedMentioning(context, message, answer, OTHER, "PEPPOL:NOT_SERVICED");
    }

    private static Verdict soap11(CaseContext context) {
        OutboundMessage message = context.validMessage();
        As4Answer answer = crafted(context, message).soap(ESoapVersion.SOAP_11).sendTo(context);
        return builtAsIntended(answer.sent().soapEnvelopeNamespace().equals(ESoapVersion.SOAP_11.getNamespaceURI()), answer,
                refused(context, message, answer, PROCESSING_MODE_MISMATCH));
    }

    private static Verdict missingProperty(CaseContext context, java.util.function.UnaryOperator<CraftedMessage> change,
                                           String property) {
        OutboundMessage message = context.validMessage();
        As4Answer answer = change.apply(crafted(context, message)).sendTo(context);
        return refusedMentioning(context, message, answer, PROCESSING_MODE_MISMATCH, property);
    }

    private static Verdict overSizeLimit(CaseContext context) throws IOException {
        long announced = context.target().maxMessageBytes() + 1;
        String status = OversizedRequest.statusLine(context.target().as4Url(), announced, context.connections().tls());
        return new Verdict(status.matches("HTTP/1\\.[01] 413\\b.*"),
                "announced " + announced + " bytes, sent the first " + OversizedRequest.SENT_BYTES + "; answer: " + status);
    }

    private static Verdict invalidDocument(CaseContext context) {
        OutboundMessage message = context.message(CaseContext.INVALID_DOCUMENT, context.target().receiver());
        As4Answer answer = crafted(context, message).sendTo(context);
        return refusedMentioning(context, message, answer, OTHER, CaseContext.INVALID_DOCUMENT_RULE);
    }

    private static Verdict senderRejectsForgedReceipt(CaseContext context, Optional<ApIdentity> forger) throws Exception {
        OutboundMessage message = context.validMessage();
        SendResult result;
        try (ForgedReceiptEndpoint forged = new ForgedReceiptEndpoint(forger, context.loopbackKeystore());
             As4Sender sender = senderTo(context, forged.url())) {
            result = sender.send(message);
        }
        boolean passed = result instanceof SendResult.Failed failed && !failed.transientFailure()
                && failed.reason().contains("not signed with its certificate");
        return new Verdict(passed, "receipt " + forger.map(f -> "signed by " + f.apId()).orElse("unsigned")
                + "; sender: " + describe(result));
    }

    private static CraftedMessage crafted(CaseContext context, OutboundMessage message) {
        return CraftedMessage.of(message, context.identities().sender());
    }

    /** SilkGate's own sender, with the kit's sending key, sending everything to {@code url} as if it were the target. */
    private static As4Sender senderTo(CaseContext context, String url) {
        ApIdentity identity = context.identities().sender();
        return new As4Sender(identity, Phase4Crypto.of(identity), StaticEndpointResolver.everythingTo(new Endpoint(url, context.target().certificate())),
                context.connections(), java.time.Clock.systemUTC());
    }

    private static Verdict refused(CaseContext context, OutboundMessage message, As4Answer answer, String errorCode) {
        return refusedMentioning(context, message, answer, errorCode, "");
    }

    private static Verdict refusedMentioning(CaseContext context, OutboundMessage message, As4Answer answer, String errorCode,
                                             String text) {
        Observation seen = context.target().deliveries().observe(message.envelope().receiver().uri(), message.as4MessageId(), false);
        boolean passed = !answer.receipt() && answer.hasErrorMentioning(errorCode, text) && seen.copies() == 0;
        return new Verdict(passed, evidence(answer, seen));
    }

    /** A case whose message did not come out as meant proves nothing about the target: it fails, saying so. */
    private static Verdict builtAsIntended(boolean asIntended, As4Answer answer, Verdict verdict) {
        if (asIntended) return verdict;
        return new Verdict(false, "the kit could not build the message it meant to (" + answer.sent() + "): " + verdict.evidence());
    }

    private static boolean deliveredOnce(Observation seen) {
        return !seen.observable() || seen.copies() == 1;
    }

    private static String evidence(As4Answer answer, Observation seen) {
        return "answer to " + answer.messageId() + ": " + answer.summary() + "; receiver: " + seen.evidence();
    }

    private static String describe(SendResult result) {
        if (result instanceof SendResult.Delivered d) {
            return "delivered to " + d.receiverAp() + ", receipt signed by it with matching non-repudiation digests ("
                    + d.receipt().length + " bytes)";
        }
        SendResult.Failed f = (SendResult.Failed) result;
        return "not delivered (" + (f.transientFailure() ? "transient" : "final") + "): " + f.reason();
    }
}
