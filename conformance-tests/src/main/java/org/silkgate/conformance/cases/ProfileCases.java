package org.silkgate.conformance.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.helger.phase4.model.ESoapVersion;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.silkgate.ap.as4.As4Sender;
import org.silkgate.ap.as4.Phase4Crypto;
import org.silkgate.ap.discovery.Endpoint;
import org.silkgate.ap.discovery.StaticEndpointResolver;
import org.silkgate.ap.model.Mls;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.outbound.OutboundMessage;
import org.silkgate.ap.outbound.SendResult;
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
    static final String DECOMPRESSION_FAILURE = "EBMS:0303";
    /** How much the bomb's payload inflates beyond the target's limit: enough to be past any rounding of it. */
    static final long BOMB_EXCESS_BYTES = 1024 * 1024;

    private ProfileCases() {}

    public static List<ConformanceCase> all() {
        return List.of(
                new ConformanceCase(
                        "tls-1.1-refused",
                        "the AS4 listener refuses a TLS 1.1 handshake (a hand-built"
                                + " ClientHello answered by an alert or a closed connection, not a ServerHello), while a TLS 1.2"
                                + " handshake with the kit's trust succeeds",
                        ProfileCases::tls11Refused),
                new ConformanceCase(
                        "delivered-with-signed-receipt",
                        "a signed, encrypted, compressed Tender is delivered once and the receipt is signed by the target"
                                + " with non-repudiation digests matching the message",
                        ProfileCases::deliveredWithSignedReceipt),
                new ConformanceCase(
                        "uncompressed-payload",
                        "an uncompressed payload is also delivered (the Peppol AS4 profile makes compression a sender"
                                + " option; phase4 reads both)",
                        ProfileCases::uncompressedPayload),
                new ConformanceCase(
                        "unsigned-message",
                        "a message without a signature is refused with EBMS:0101"
                                + " FailedAuthentication and not delivered",
                        ProfileCases::unsignedMessage),
                new ConformanceCase(
                        "tampered-payload",
                        "a message whose encrypted payload was changed after signing is"
                                + " refused with EBMS:0102 FailedDecryption (no digest or tag match) and not delivered",
                        ProfileCases::tamperedPayload),
                new ConformanceCase(
                        "tampered-header",
                        "a message whose signed eb:Messaging header was changed after signing"
                                + " is refused with EBMS:0102 FailedDecryption (phase4 reports every WS-Security failure so) and not delivered",
                        ProfileCases::tamperedHeader),
                new ConformanceCase(
                        "signature-not-covering-header",
                        "a message whose signed eb:Messaging header was moved"
                                + " aside and replaced by an unsigned one with another MessageId (XML signature wrapping) is refused"
                                + " with EBMS:0101 FailedAuthentication and delivered under neither id",
                        ProfileCases::wrappedHeader),
                new ConformanceCase(
                        "revoked-sender-certificate",
                        "a message signed with a revoked AP certificate is refused"
                                + " with EBMS:0101 FailedAuthentication and not delivered",
                        c -> refusedSigner(c, c.identities().revoked())),
                new ConformanceCase(
                        "expired-sender-certificate",
                        "a message signed with an expired AP certificate is refused"
                                + " with EBMS:0101 FailedAuthentication and not delivered",
                        c -> refusedSigner(c, c.identities().expired())),
                new ConformanceCase(
                        "untrusted-sender-certificate",
                        "a message signed by a certificate of an untrusted CA is"
                                + " refused with EBMS:0101 FailedAuthentication and not delivered",
                        c -> refusedSigner(c, c.identities().untrusted())),
                new ConformanceCase(
                        "duplicate-message-id",
                        "a message sent twice with the same MessageId is acknowledged"
                                + " both times and delivered once",
                        ProfileCases::duplicateMessageId),
                new ConformanceCase(
                        "receiver-not-served",
                        "a message for a participant the target does not serve is refused"
                                + " with EBMS:0004 PEPPOL:NOT_SERVICED and not delivered",
                        ProfileCases::receiverNotServed),
                new ConformanceCase(
                        "soap-1.1",
                        "a SOAP 1.1 message is refused with EBMS:0010 ProcessingModeMismatch (the"
                                + " profile's PMode prescribes SOAP 1.2) and not delivered",
                        ProfileCases::soap11),
                new ConformanceCase(
                        "missing-original-sender",
                        "a message without the originalSender property is refused"
                                + " with EBMS:0010 ProcessingModeMismatch naming it and not delivered",
                        c -> missingProperty(c, CraftedMessage::withoutOriginalSender, "originalSender")),
                new ConformanceCase(
                        "missing-final-recipient",
                        "a message without the finalRecipient property is refused"
                                + " with EBMS:0010 ProcessingModeMismatch naming it and not delivered",
                        c -> missingProperty(c, CraftedMessage::withoutFinalRecipient, "finalRecipient")),
                new ConformanceCase(
                        "message-over-size-limit",
                        "a request announcing one byte more than the target's"
                                + " size limit is refused with HTTP 413 before its body is read",
                        ProfileCases::overSizeLimit),
                new ConformanceCase(
                        "decompression-bomb-refused",
                        "a signed, encrypted, compressed message whose payload"
                                + " inflates to 1 MiB more than the target's --max-payload-bytes is refused with EBMS:0303"
                                + " DecompressionFailure and not delivered",
                        ProfileCases::decompressionBomb),
                new ConformanceCase(
                        "squatted-message-id-refused",
                        "a MessageId already received from the sending access"
                                + " point, sent again signed by another trusted access point, is refused with an ebMS error saying"
                                + " it was received before, without a receipt, and the first message stays the only one received",
                        ProfileCases::squattedMessageId),
                new ConformanceCase(
                        "invalid-business-document",
                        "a Tender breaking rule " + CaseContext.INVALID_DOCUMENT_RULE
                                + " whose SBDH asks for no Message Level Status is refused with EBMS:0004 naming the"
                                + " rule and not delivered, under --invalid-documents REJECT and RESPOND alike (RESPOND"
                                + " answers with an MLS only a sender that asked for one: mls-rejected-names-rule)",
                        ProfileCases::invalidDocument),
                new ConformanceCase(
                        "mls-accepted-for-valid-document",
                        "a valid Tender whose SBDH asks for a Message Level Status (MLS_TO the sending identity's"
                                + " service provider, MLS_TYPE ALWAYS_SEND) is acknowledged, delivered and answered"
                                + " with an MLS AP, sent to MLS_TO (the target's journal API)",
                        ProfileCases::mlsAccepted),
                new ConformanceCase(
                        "mls-rejected-names-rule",
                        "under --invalid-documents RESPOND, a Tender breaking rule " + CaseContext.INVALID_DOCUMENT_RULE
                                + " that asks for an MLS is acknowledged, not delivered, rejected for that rule and"
                                + " answered with an MLS RE sent to MLS_TO; not applicable to a target refusing it at AS4"
                                + " with EBMS:0004 naming the rule (policy REJECT, held to invalid-business-document)",
                        ProfileCases::mlsRejected),
                new ConformanceCase(
                        "mls-never-answers-an-mls",
                        "an MLS AP from the sending identity's service provider to the target's, naming a message"
                                + " the target never sent, is acknowledged, delivered, flagged unmatched and answered"
                                + " with no MLS",
                        ProfileCases::mlsNotAnswered),
                new ConformanceCase(
                        "mls-failure-only-success-sends-none",
                        "a valid Tender asking for an MLS with MLS_TYPE FAILURE_ONLY is delivered and no MLS is"
                                + " sent for it",
                        ProfileCases::mlsFailureOnly),
                new ConformanceCase(
                        "sender-rejects-unsigned-receipt",
                        "the SilkGate sender does not count an unsigned receipt"
                                + " as delivery (checked against a loopback endpoint forging it)",
                        c -> senderRejectsForgedReceipt(c, Optional.empty())),
                new ConformanceCase(
                        "sender-rejects-receipt-signed-by-another-key",
                        "the SilkGate sender does not count a"
                                + " receipt signed with another access point's key as delivery (loopback endpoint forging it)",
                        c -> senderRejectsForgedReceipt(
                                c, Optional.of(c.identities().sender()))),
                new ConformanceCase(
                        "api-without-token-401",
                        "the back-office API (--api) answers GET /api/v1/messages"
                                + " without Authorization with HTTP 401 and WWW-Authenticate: Bearer",
                        ProfileCases::apiWithoutToken),
                new ConformanceCase(
                        "api-foreign-participant-403",
                        "an API client created for --sender only that submits"
                                + " a valid Tender as --unserved gets HTTP 403 and nothing is journaled for it (the client is"
                                + " created and deleted by the operator token)",
                        ProfileCases::apiForeignParticipant));
    }

    private static Verdict tls11Refused(CaseContext context) throws IOException {
        java.net.URI uri = java.net.URI.create(context.target().as4Url());
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return new Verdict(
                    false, "the target's AS4 URL " + uri + " is not https, so there is no TLS listener to check");
        }
        String host = uri.getHost().startsWith("[")
                ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : 443;
        String control;
        try {
            control = LegacyTlsProbe.tls12Handshake(
                    host, port, context.connections().tls());
        } catch (IOException e) {
            // without a working TLS 1.2 handshake a refused TLS 1.1 one could be any failure to connect
            return new Verdict(
                    false,
                    "the control TLS 1.2 handshake with " + host + ":" + port + " failed (" + e
                            + "), so a refused TLS 1.1 handshake would prove nothing");
        }
        LegacyTlsProbe.Answer answer = LegacyTlsProbe.offerTls11(host, port);
        return new Verdict(
                !answer.serverHello() && control.equals(org.silkgate.security.tls.TlsPolicy.TLS_1_2),
                "TLS 1.1 ClientHello to " + host + ":" + port + ": " + answer.description()
                        + "; control handshake limited to TLS 1.2 with the kit's trust: " + control);
    }

    private static Verdict deliveredWithSignedReceipt(CaseContext context) {
        OutboundMessage message = context.validMessage();
        SendResult result;
        try (As4Sender sender = senderTo(context, context.target().as4Url())) {
            result = sender.send(message);
        }
        Observation seen = context.target()
                .deliveries()
                .observe(message.envelope().receiver().uri(), message.as4MessageId(), true);
        boolean passed = result instanceof SendResult.Delivered && deliveredOnce(seen);
        return new Verdict(passed, "sender: " + describe(result) + "; receiver: " + seen.evidence());
    }

    private static Verdict uncompressedPayload(CaseContext context) {
        OutboundMessage message = context.validMessage();
        As4Answer answer = crafted(context, message).uncompressed().sendTo(context);
        Observation seen = context.target()
                .deliveries()
                .observe(message.envelope().receiver().uri(), message.as4MessageId(), true);
        return builtAsIntended(
                !answer.sent().compressed(),
                answer,
                new Verdict(
                        answer.receipt() && answer.errors().isEmpty() && deliveredOnce(seen), evidence(answer, seen)));
    }

    private static Verdict unsignedMessage(CaseContext context) {
        OutboundMessage message = context.validMessage();
        As4Answer answer = crafted(context, message).unsigned().sendTo(context);
        return builtAsIntended(
                answer.sent().encrypted() && !answer.sent().signed(),
                answer,
                refused(context, message, answer, FAILED_AUTHENTICATION));
    }

    private static Verdict tamperedPayload(CaseContext context) {
        OutboundMessage message = context.validMessage();
        As4Answer answer = crafted(context, message)
                .changedOnTheWire(WireTampering::flipPayloadByte)
                .sendTo(context);
        return refused(context, message, answer, FAILED_DECRYPTION);
    }

    private static Verdict tamperedHeader(CaseContext context) {
        OutboundMessage message = context.validMessage();
        String agreement = com.helger.phase4.profile.peppol.PeppolPMode.DEFAULT_AGREEMENT_ID;
        As4Answer answer = crafted(context, message)
                .changedOnTheWire(mime -> WireTampering.replaceInHeader(
                        mime, ">" + agreement + "<", ">" + agreement.replace("tia", "tib") + "<"))
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
        Observation forged = context.target()
                .deliveries()
                .observe(message.envelope().receiver().uri(), forgedId, false);
        return new Verdict(
                verdict.passed() && forged.copies() == 0,
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
        Observation afterFirst = context.target()
                .deliveries()
                .observe(message.envelope().receiver().uri(), message.as4MessageId(), true);
        As4Answer second = crafted(context, message).sendTo(context);
        Observation afterSecond = context.target()
                .deliveries()
                .observe(message.envelope().receiver().uri(), message.as4MessageId(), true);
        boolean passed = first.receipt()
                && second.receipt()
                && second.errors().isEmpty()
                && deliveredOnce(afterFirst)
                && deliveredOnce(afterSecond);
        return new Verdict(
                passed,
                "first: " + first.summary() + "; second: " + second.summary() + "; receiver after the second: "
                        + afterSecond.evidence());
    }

    private static Verdict receiverNotServed(CaseContext context) {
        OutboundMessage message =
                context.message(CaseContext.VALID_DOCUMENT, context.target().unservedReceiver());
        As4Answer answer = crafted(context, message).sendTo(context);
        return refusedMentioning(context, message, answer, OTHER, "PEPPOL:NOT_SERVICED");
    }

    private static Verdict soap11(CaseContext context) {
        OutboundMessage message = context.validMessage();
        As4Answer answer = crafted(context, message).soap(ESoapVersion.SOAP_11).sendTo(context);
        return builtAsIntended(
                answer.sent().soapEnvelopeNamespace().equals(ESoapVersion.SOAP_11.getNamespaceURI()),
                answer,
                refused(context, message, answer, PROCESSING_MODE_MISMATCH));
    }

    private static Verdict missingProperty(
            CaseContext context, java.util.function.UnaryOperator<CraftedMessage> change, String property) {
        OutboundMessage message = context.validMessage();
        As4Answer answer = change.apply(crafted(context, message)).sendTo(context);
        return refusedMentioning(context, message, answer, PROCESSING_MODE_MISMATCH, property);
    }

    private static Verdict overSizeLimit(CaseContext context) throws IOException {
        long announced = context.target().maxMessageBytes() + 1;
        String status = OversizedRequest.statusLine(
                context.target().as4Url(), announced, context.connections().tls());
        return new Verdict(
                status.matches("HTTP/1\\.[01] 413\\b.*"),
                "announced " + announced + " bytes, sent the first " + OversizedRequest.SENT_BYTES + "; answer: "
                        + status);
    }

    private static Verdict decompressionBomb(CaseContext context) {
        OutboundMessage valid = context.validMessage();
        long inflated = context.target().maxPayloadBytes() + BOMB_EXCESS_BYTES;
        if (inflated > Integer.MAX_VALUE - 8) {
            return new Verdict(
                    false,
                    "the target's payload limit " + context.target().maxPayloadBytes()
                            + " bytes is beyond what the kit can build in one array");
        }
        // An SBDH-looking start, so that nothing but the size is wrong before the limit, then spaces: gzip shrinks
        // them about a thousandfold, so the request stays far below --max-message-bytes.
        byte[] bomb = new byte[(int) inflated];
        java.util.Arrays.fill(bomb, (byte) ' ');
        byte[] start = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<StandardBusinessDocument xmlns=\""
                        + "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader\">\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, bomb, 0, start.length);
        OutboundMessage message = new OutboundMessage(valid.as4MessageId(), valid.envelope(), bomb);
        As4Answer answer = crafted(context, message).sendTo(context);
        return builtAsIntended(
                answer.sent().compressed()
                        && answer.sent().signed()
                        && answer.sent().encrypted(),
                answer,
                withNote(
                        refused(context, message, answer, DECOMPRESSION_FAILURE),
                        "payload of " + inflated + " bytes once inflated (limit "
                                + context.target().maxPayloadBytes() + ")"));
    }

    private static Verdict squattedMessageId(CaseContext context) {
        OutboundMessage message = context.validMessage();
        String receiver = message.envelope().receiver().uri();
        As4Answer first = crafted(context, message).sendTo(context);
        Observation afterFirst = context.target().deliveries().observe(receiver, message.as4MessageId(), true);
        if (!first.receipt() || !deliveredOnce(afterFirst)) {
            return new Verdict(
                    false,
                    "the first, valid message was not taken, so the case proves nothing: first "
                            + evidence(first, afterFirst));
        }
        ApIdentity squatter = context.identities().other();
        As4Answer second = CraftedMessage.of(message, squatter).sendTo(context);
        Observation afterSecond = context.target().deliveries().observe(receiver, message.as4MessageId(), false);
        boolean passed = !second.receipt()
                && second.errors().stream().anyMatch(e -> e.contains("received before"))
                && deliveredOnce(afterSecond);
        return new Verdict(
                passed,
                "first, signed by " + context.identities().sender().apId() + ": " + first.summary()
                        + "; same MessageId signed by " + squatter.apId() + ": " + evidence(second, afterSecond));
    }

    private static Verdict invalidDocument(CaseContext context) {
        // Without MLS_TO there is nobody to send an MLS RE to, so a RESPOND target refuses it as a REJECT one does:
        // the case holds both policies to the AS4 refusal, and mls-rejected-names-rule the RESPOND way.
        OutboundMessage message = context.messageWithoutMls(
                CaseContext.INVALID_DOCUMENT, context.target().receiver());
        As4Answer answer = crafted(context, message).sendTo(context);
        return refusedMentioning(context, message, answer, OTHER, CaseContext.INVALID_DOCUMENT_RULE);
    }

    /** How long a case waits for the target to deliver a message and journal the MLS it sent for it. */
    static final java.time.Duration MLS_WAIT = java.time.Duration.ofSeconds(30);
    /**
     * How long a case that expects no MLS keeps looking after the message settled: SilkGate decides right after the
     * delivery, so a few seconds cover a status that would still come.
     */
    static final java.time.Duration NO_MLS_GRACE = java.time.Duration.ofSeconds(3);

    private static Verdict mlsAccepted(CaseContext context) throws IOException, InterruptedException {
        Optional<BackOfficeApi> api = api(context);
        if (api.isEmpty()) return notRun("mls-accepted-for-valid-document");
        Optional<ParticipantId> mlsTo = context.mlsTo();
        if (mlsTo.isEmpty()) return noServiceProvider(context);
        OutboundMessage message =
                context.message(CaseContext.VALID_DOCUMENT, context.target().receiver(), Mls.Type.ALWAYS_SEND);
        As4Answer answer = crafted(context, message).sendTo(context);
        if (!answer.receipt()) return new Verdict(false, "no receipt: " + answer.summary());
        Optional<JsonNode> record = awaitRecord(
                api.get(), message.as4MessageId(), r -> r.path("mls").has("messageId") || finalState(r), MLS_WAIT);
        if (record.isEmpty()) return notJournaled(answer, message);
        JsonNode mls = record.get().path("mls");
        boolean statusOk = "DELIVERED".equals(record.get().path("state").asText())
                && mlsTo.get().uri().equals(mls.path("to").asText())
                && Mls.Type.ALWAYS_SEND.name().equals(mls.path("type").asText())
                && Mls.Code.AP.name().equals(mls.path("status").asText())
                && mls.hasNonNull("messageId");
        String evidence = answer.summary() + "; " + describeRecord(message.as4MessageId(), record.get());
        if (!statusOk)
            return new Verdict(
                    false,
                    evidence + " (expected state DELIVERED, mls.to "
                            + mlsTo.get().uri() + ", type ALWAYS_SEND, status AP and the MLS's messageId)");
        return outboundMls(api.get(), mls.path("messageId").asText(), mlsTo.get(), evidence);
    }

    private static Verdict mlsRejected(CaseContext context) throws IOException, InterruptedException {
        Optional<ParticipantId> mlsTo = context.mlsTo();
        if (mlsTo.isEmpty()) return noServiceProvider(context);
        OutboundMessage message =
                context.message(CaseContext.INVALID_DOCUMENT, context.target().receiver(), Mls.Type.ALWAYS_SEND);
        As4Answer answer = crafted(context, message).sendTo(context);
        if (!answer.receipt() && answer.hasErrorMentioning(OTHER, CaseContext.INVALID_DOCUMENT_RULE)) {
            // policy REJECT: refusing at AS4 for the rule is the other correct answer, which invalid-business-document
            // checks; an EBMS:0004 for anything else proves no policy, and fails below
            return Verdict.notApplicable("the target refuses an invalid document at AS4 (policy REJECT, checked by"
                    + " invalid-business-document) instead of answering it with an MLS RE: " + answer.summary());
        }
        if (!answer.receipt()) {
            return new Verdict(
                    false,
                    "neither a receipt nor EBMS:0004 naming " + CaseContext.INVALID_DOCUMENT_RULE + ": "
                            + answer.summary());
        }
        Optional<BackOfficeApi> api = api(context);
        if (api.isEmpty()) return notRun("mls-rejected-names-rule");
        Optional<JsonNode> record = awaitRecord(
                api.get(), message.as4MessageId(), r -> r.path("mls").has("messageId") || finalState(r), MLS_WAIT);
        if (record.isEmpty()) return notJournaled(answer, message);
        JsonNode mls = record.get().path("mls");
        boolean delivered = "DELIVERED".equals(record.get().path("state").asText())
                || record.get().path("history").findValuesAsText("state").contains("DELIVERED");
        boolean statusOk = !delivered
                && "REJECTED".equals(record.get().path("state").asText())
                && record.get().path("reason").asText().contains(CaseContext.INVALID_DOCUMENT_RULE)
                && mlsTo.get().uri().equals(mls.path("to").asText())
                && Mls.Code.RE.name().equals(mls.path("status").asText())
                && mls.hasNonNull("messageId");
        String evidence = answer.summary() + "; " + describeRecord(message.as4MessageId(), record.get());
        if (!statusOk)
            return new Verdict(
                    false,
                    evidence + " (expected state REJECTED, never DELIVERED, a reason"
                            + " naming " + CaseContext.INVALID_DOCUMENT_RULE + ", mls.to "
                            + mlsTo.get().uri()
                            + ", status RE and the MLS's messageId)");
        return outboundMls(api.get(), mls.path("messageId").asText(), mlsTo.get(), evidence);
    }

    private static Verdict mlsNotAnswered(CaseContext context) throws IOException, InterruptedException {
        Optional<BackOfficeApi> api = api(context);
        if (api.isEmpty()) return notRun("mls-never-answers-an-mls");
        Optional<ParticipantId> from = context.mlsTo();
        if (from.isEmpty()) return noServiceProvider(context);
        Optional<ParticipantId> to = context.targetServiceProvider();
        if (to.isEmpty()) {
            return new Verdict(
                    false,
                    "the target's access point id "
                            + ApIdentity.commonName(
                                    context.target().certificate().getSubjectX500Principal())
                            + " maps to no service provider participant, so there is nobody to send it an MLS");
        }
        // names an SBDH instance the target never sent: a status for nothing of its own
        String unknown = "conformance-" + java.util.UUID.randomUUID();
        byte[] status = Mls.accepted("MLS-" + unknown, from.get(), to.get(), unknown, java.time.Instant.now());
        OutboundMessage message = context.message(status, from.get(), to.get(), Mls.Type.ALWAYS_SEND);
        As4Answer answer = crafted(context, message).sendTo(context);
        if (!answer.receipt()) return new Verdict(false, "no receipt for the MLS: " + answer.summary());
        Optional<JsonNode> record = settledWithoutMls(
                api.get(), message.as4MessageId(), r -> r.path("mls").has("status") && finalState(r));
        if (record.isEmpty()) return notJournaled(answer, message);
        JsonNode mls = record.get().path("mls");
        boolean passed = "DELIVERED".equals(record.get().path("state").asText())
                && !mls.has("messageId")
                && "unmatched".equals(mls.path("status").asText());
        return new Verdict(
                passed,
                "MLS AP from " + from.get().uri() + " to " + to.get().uri() + " about " + unknown + ": "
                        + answer.summary() + "; " + describeRecord(message.as4MessageId(), record.get())
                        + (passed ? "" : " (expected state DELIVERED, mls.status unmatched and no mls.messageId)"));
    }

    private static Verdict mlsFailureOnly(CaseContext context) throws IOException, InterruptedException {
        Optional<BackOfficeApi> api = api(context);
        if (api.isEmpty()) return notRun("mls-failure-only-success-sends-none");
        Optional<ParticipantId> mlsTo = context.mlsTo();
        if (mlsTo.isEmpty()) return noServiceProvider(context);
        OutboundMessage message =
                context.message(CaseContext.VALID_DOCUMENT, context.target().receiver(), Mls.Type.FAILURE_ONLY);
        As4Answer answer = crafted(context, message).sendTo(context);
        if (!answer.receipt()) return new Verdict(false, "no receipt: " + answer.summary());
        Optional<JsonNode> record = settledWithoutMls(api.get(), message.as4MessageId(), ProfileCases::finalState);
        if (record.isEmpty()) return notJournaled(answer, message);
        JsonNode mls = record.get().path("mls");
        boolean passed = "DELIVERED".equals(record.get().path("state").asText())
                && mlsTo.get().uri().equals(mls.path("to").asText())
                && Mls.Type.FAILURE_ONLY.name().equals(mls.path("type").asText())
                && !mls.has("status")
                && !mls.has("messageId");
        return new Verdict(
                passed,
                answer.summary() + "; " + describeRecord(message.as4MessageId(), record.get())
                        + (passed
                                ? ""
                                : " (expected state DELIVERED, mls.to "
                                        + mlsTo.get().uri() + ", type FAILURE_ONLY, no status and no messageId)"));
    }

    /**
     * The record once {@code settled}, then again after {@link #NO_MLS_GRACE}, or as soon as an MLS shows up: a case
     * expecting none must not decide before a status that is still coming could appear.
     */
    private static Optional<JsonNode> settledWithoutMls(
            BackOfficeApi api, String messageId, java.util.function.Predicate<JsonNode> settled)
            throws IOException, InterruptedException {
        Optional<JsonNode> record =
                awaitRecord(api, messageId, r -> r.path("mls").has("messageId") || settled.test(r), MLS_WAIT);
        if (record.isEmpty() || record.get().path("mls").has("messageId")) return record;
        return awaitRecord(api, messageId, r -> r.path("mls").has("messageId"), NO_MLS_GRACE);
    }

    /**
     * The target's journal record of {@code messageId} once {@code done} holds, or the last one seen when {@code wait}
     * is over; empty when the journal never had it.
     */
    private static Optional<JsonNode> awaitRecord(
            BackOfficeApi api, String messageId, java.util.function.Predicate<JsonNode> done, java.time.Duration wait)
            throws IOException, InterruptedException {
        java.time.Instant giveUp = java.time.Instant.now().plus(wait);
        while (true) {
            Optional<JsonNode> record = api.message(messageId);
            if ((record.isPresent() && done.test(record.get()))
                    || java.time.Instant.now().isAfter(giveUp)) return record;
            Thread.sleep(200);
        }
    }

    /** DELIVERED, REJECTED and the other final states: the target has decided what became of the message. */
    private static boolean finalState(JsonNode record) {
        try {
            return org.silkgate.ap.journal.MessageState.valueOf(
                            record.path("state").asText())
                    .isFinal();
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    /**
     * The MLS the target journaled as sent: it must be an outbound message of the MLS document type to
     * {@code mlsTo}.
     */
    private static Verdict outboundMls(BackOfficeApi api, String mlsMessageId, ParticipantId mlsTo, String evidence)
            throws IOException, InterruptedException {
        Optional<JsonNode> sent = api.message(mlsMessageId);
        if (sent.isEmpty()) {
            return new Verdict(false, evidence + "; the journal has no record of the MLS " + mlsMessageId);
        }
        JsonNode mls = sent.get();
        boolean passed = "OUTBOUND".equals(mls.path("direction").asText())
                && mlsTo.uri().equals(mls.path("receiver").asText())
                && Mls.DOCUMENT_TYPE.uri().equals(mls.path("documentType").asText());
        return new Verdict(
                passed,
                evidence + "; the MLS " + mlsMessageId + ": "
                        + mls.path("direction").asText() + " to "
                        + mls.path("receiver").asText() + ", document type "
                        + mls.path("documentType").asText()
                        + ", state " + mls.path("state").asText()
                        + (passed
                                ? ""
                                : " (expected OUTBOUND to " + mlsTo.uri() + ", " + Mls.DOCUMENT_TYPE.uri() + ")"));
    }

    private static String describeRecord(String messageId, JsonNode record) {
        String reason = record.path("reason").asText("");
        if (reason.length() > 200) reason = reason.substring(0, 200) + "…";
        return "journal API of the target: " + messageId + " "
                + record.path("direction").asText() + ", state "
                + record.path("state").asText() + (reason.isEmpty() ? "" : " (" + reason + ")") + ", mls "
                + (record.has("mls") ? record.path("mls").toString() : "none");
    }

    private static Verdict notJournaled(As4Answer answer, OutboundMessage message) {
        return new Verdict(
                false,
                answer.summary() + "; the target's journal API has no record of " + message.as4MessageId()
                        + " although it sent a receipt");
    }

    /** The kit asks for a status to the sending identity's service provider id; without one it cannot ask. */
    private static Verdict noServiceProvider(CaseContext context) {
        return new Verdict(
                false,
                "not run: the sending identity's access point id "
                        + context.identities().sender().apId()
                        + " maps to no service provider participant (MLS_TO), so the kit cannot ask for a status");
    }

    private static Verdict senderRejectsForgedReceipt(CaseContext context, Optional<ApIdentity> forger)
            throws Exception {
        OutboundMessage message = context.validMessage();
        SendResult result;
        try (ForgedReceiptEndpoint forged = new ForgedReceiptEndpoint(forger, context.loopbackKeystore());
                As4Sender sender = senderTo(context, forged.url())) {
            result = sender.send(message);
        }
        boolean passed = result instanceof SendResult.Failed failed
                && !failed.transientFailure()
                && failed.reason().contains("not signed with its certificate");
        return new Verdict(
                passed,
                "receipt " + forger.map(f -> "signed by " + f.apId()).orElse("unsigned") + "; sender: "
                        + describe(result));
    }

    private static Verdict apiWithoutToken(CaseContext context) throws IOException, InterruptedException {
        Optional<BackOfficeApi> api = api(context);
        if (api.isEmpty()) return notRun("api-without-token-401");
        java.net.http.HttpResponse<String> response = api.get().listMessages(Optional.empty());
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        boolean passed =
                response.statusCode() == 401 && challenge.regionMatches(true, 0, "Bearer", 0, "Bearer".length());
        return new Verdict(
                passed,
                "GET " + api.get().url("/messages") + " without Authorization: HTTP " + response.statusCode()
                        + (challenge.isEmpty() ? ", no WWW-Authenticate" : ", WWW-Authenticate: " + challenge));
    }

    private static Verdict apiForeignParticipant(CaseContext context) throws IOException, InterruptedException {
        Optional<BackOfficeApi> found = api(context);
        if (found.isEmpty()) return notRun("api-foreign-participant-403");
        BackOfficeApi api = found.get();
        Target target = context.target();
        String client = "conformance-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String token = api.addClient(client, target.sender());
        Verdict verdict;
        int removed;
        try {
            int before = api.journalRecordsFor(target.unservedReceiver());
            java.net.http.HttpResponse<String> response =
                    api.submit(token, target.unservedReceiver(), CaseContext.resource(CaseContext.VALID_DOCUMENT));
            int after = api.journalRecordsFor(target.unservedReceiver());
            String body = response.body().strip().replaceAll("\\s+", " ");
            if (body.length() > 300) body = body.substring(0, 300) + "…";
            verdict = new Verdict(
                    response.statusCode() == 403 && after == before,
                    "client " + client + " for "
                            + target.sender() + " submitting as " + target.unservedReceiver() + ": HTTP "
                            + response.statusCode()
                            + " " + body + "; journal records for " + target.unservedReceiver() + " before " + before
                            + ", after " + after);
        } finally {
            // the client must not outlive the case whatever happened: it holds a valid token of the target
            removed = api.removeClient(client);
        }
        return new Verdict(
                verdict.passed() && removed == 204,
                verdict.evidence() + "; DELETE /api/v1/clients/" + client + " as the operator: HTTP " + removed
                        + (removed == 204 ? "" : " (the client is left on the target)"));
    }

    private static Optional<BackOfficeApi> api(CaseContext context) {
        return context.target()
                .api()
                .map(a -> new BackOfficeApi(a, context.connections().tls()));
    }

    /** A case about the back-office API cannot run without one: it fails, saying so, rather than pass unseen. */
    private static Verdict notRun(String id) {
        return new Verdict(
                false,
                "not run: " + id + " needs the target's back-office API (--api and --api-token-file"
                        + " with an operator's token)");
    }

    private static Verdict withNote(Verdict verdict, String note) {
        return new Verdict(verdict.passed(), note + "; " + verdict.evidence());
    }

    private static CraftedMessage crafted(CaseContext context, OutboundMessage message) {
        return CraftedMessage.of(message, context.identities().sender());
    }

    /** SilkGate's own sender, with the kit's sending key, sending everything to {@code url} as if it were the target. */
    private static As4Sender senderTo(CaseContext context, String url) {
        ApIdentity identity = context.identities().sender();
        return new As4Sender(
                identity,
                Phase4Crypto.of(identity),
                StaticEndpointResolver.everythingTo(
                        new Endpoint(url, context.target().certificate())),
                context.connections(),
                java.time.Clock.systemUTC());
    }

    private static Verdict refused(CaseContext context, OutboundMessage message, As4Answer answer, String errorCode) {
        return refusedMentioning(context, message, answer, errorCode, "");
    }

    private static Verdict refusedMentioning(
            CaseContext context, OutboundMessage message, As4Answer answer, String errorCode, String text) {
        Observation seen = context.target()
                .deliveries()
                .observe(message.envelope().receiver().uri(), message.as4MessageId(), false);
        boolean passed = !answer.receipt() && answer.hasErrorMentioning(errorCode, text) && seen.copies() == 0;
        return new Verdict(passed, evidence(answer, seen));
    }

    /** A case whose message did not come out as meant proves nothing about the target: it fails, saying so. */
    private static Verdict builtAsIntended(boolean asIntended, As4Answer answer, Verdict verdict) {
        if (asIntended) return verdict;
        return new Verdict(
                false,
                "the kit could not build the message it meant to (" + answer.sent() + "): " + verdict.evidence());
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
