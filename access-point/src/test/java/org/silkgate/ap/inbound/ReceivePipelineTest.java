package org.silkgate.ap.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.TestNetwork;
import org.silkgate.ap.discovery.ServedParticipants;
import org.silkgate.ap.files.Durability;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.outbound.OutboundPreparation;
import org.silkgate.ap.trust.ApIdentity;
import org.silkgate.ap.trust.CertificateTrust;
import org.silkgate.ap.trust.CrlFiles;
import org.silkgate.ap.validation.DocumentCheck;
import org.silkgate.ap.validation.InvalidDocumentPolicy;
import org.silkgate.pki.DevPki;
import org.silkgate.validation.Finding;
import org.silkgate.validation.LayerResult;
import org.silkgate.validation.Outcome;
import org.silkgate.validation.Severity;
import org.silkgate.validation.ValidationReport;

/**
 * The receiving side of Georgia's access point, from what the AS4 layer learnt of a message to the decision, with a
 * real journal, real files and the development PKI; validation is a stand-in that answers a fixed report.
 */
class ReceivePipelineTest {
    @TempDir
    static Path pkiFolder;

    private static Path pki;
    private static CertificateTrust trust;
    private static X509Certificate kazakhAp;
    private static X509Certificate revokedAp;
    private static final long MAX_PAYLOAD = 1024 * 1024;
    private static X509Certificate azerbaijanAp;
    private static final Clock CLOCK = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);

    @TempDir
    Path data;

    private Journal journal;
    private MessageFiles files;
    private final List<String> queued = new ArrayList<>();
    private final AtomicInteger validations = new AtomicInteger();
    private ValidationReport verdict;

    @BeforeAll
    static void devPki() {
        pki = TestNetwork.createPki(pkiFolder);
        ApIdentity georgia = identity("ap-GE");
        trust = georgia.trust();
        kazakhAp = identity("ap-KZ").certificate();
        revokedAp = identity(DevPki.REVOKED).certificate();
        azerbaijanAp = identity("ap-AZ").certificate();
    }

    private static ApIdentity identity(String name) {
        return ApIdentity.load(
                pki.resolve(name + ".p12"),
                Optional.empty(),
                pki.resolve("truststore.p12"),
                new CrlFiles(List.of(pki.resolve("root-ca.crl"), pki.resolve("ap-ca.crl")), CLOCK));
    }

    @AfterEach
    void closeJournal() {
        if (journal != null) journal.close();
    }

    private ReceivePipeline pipeline(InvalidDocumentPolicy policy) {
        journal = Journal.open(Journal.defaultJdbcUrl(data), Durability.PROCESS_CRASH, CLOCK);
        files = new MessageFiles(data, Durability.PROCESS_CRASH);
        DocumentCheck validation = (document, name) -> {
            validations.incrementAndGet();
            return verdict == null ? new ValidationReport(name, Outcome.VALID, Optional.empty(), List.of()) : verdict;
        };
        return new ReceivePipeline(
                TestNetwork.GE_AP,
                trust,
                ServedParticipants.of(Set.of(TestNetwork.GE_BUYER)),
                journal,
                files,
                policy,
                validation,
                (messageId, delay) -> queued.add(messageId),
                MAX_PAYLOAD,
                CLOCK);
    }

    private static ValidationReport invalid() {
        Finding fatal =
                Finding.of("carec-tender", "CAREC-TND-R009", Severity.FATAL, "the tender has no closing date", 12, 7);
        return new ValidationReport(
                "tender", Outcome.INVALID, Optional.empty(), List.of(new LayerResult("carec-tender", List.of(fatal))));
    }

    /** A tender from Kazakhstan's supplier, SBDH-wrapped as Kazakhstan's access point sends it. */
    private static byte[] sbdh(ParticipantId receiver) {
        return new OutboundPreparation(TestNetwork.KZ_AP, "KZ", CLOCK)
                .prepare(TestNetwork.document("tender.xml"), TestNetwork.KZ_SUPPLIER, receiver)
                .sbdh();
    }

    /** A well-formed Peppol user message to the Georgian buyer, signed by Kazakhstan's access point. */
    private static IncomingUserMessage message(String id) {
        return message(id, sbdh(TestNetwork.GE_BUYER), TestNetwork.GE_BUYER);
    }

    private static IncomingUserMessage message(String id, byte[] sbdh, ParticipantId receiver) {
        return new IncomingUserMessage(
                id,
                Optional.of("1.2"),
                true,
                Optional.of(kazakhAp),
                Optional.empty(),
                Optional.empty(),
                false,
                List.of(attachment(sbdh)),
                Optional.of(TestNetwork.KZ_SUPPLIER.uri()),
                Optional.of(receiver.uri()));
    }

    private static IncomingUserMessage.Payload attachment(byte[] content) {
        return () -> new ByteArrayInputStream(content);
    }

    private static InboundDecision.Refused refused(InboundDecision decision) {
        return assertInstanceOf(InboundDecision.Refused.class, decision);
    }

    private void assertNothingKept(String id) {
        assertFalse(journal.contains(Direction.INBOUND, id), "journaled");
        assertFalse(files.hasPayload(Direction.INBOUND, id), "payload stored");
        assertEquals(List.of(), queued, "queued for delivery");
    }

    @Test
    void soap11IsRefused() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.REJECT);
        IncomingUserMessage m = message("soap11@kz");
        IncomingUserMessage soap11 = changed(m, p -> p.soapVersion = Optional.of("1.1"));

        InboundDecision.Refused refused = refused(pipeline.receive(soap11));

        assertEquals(InboundDecision.Reason.NOT_SOAP_12, refused.reason());
        assertTrue(refused.detail().contains("SOAP 1.1"), refused.detail());
        assertNothingKept("soap11@kz");
    }

    @Test
    void anUnknownSoapVersionIsRefusedAsNotSoap12() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.REJECT);
        IncomingUserMessage m = message("nosoap@kz");
        IncomingUserMessage unknown = changed(m, p -> p.soapVersion = Optional.empty());

        assertEquals(
                InboundDecision.Reason.NOT_SOAP_12,
                refused(pipeline.receive(unknown)).reason());
    }

    @Test
    void aMessageThatWasNotEncryptedIsRefused() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.REJECT);
        IncomingUserMessage m = message("plain@kz");
        IncomingUserMessage plain = changed(m, p -> p.decrypted = false);

        assertEquals(
                InboundDecision.Reason.NOT_ENCRYPTED,
                refused(pipeline.receive(plain)).reason());
        assertNothingKept("plain@kz");
    }

    @Test
    void anUnsignedMessageIsRefusedAsNotAuthenticated() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.REJECT);
        IncomingUserMessage m = message("unsigned@kz");
        IncomingUserMessage unsigned = changed(m, p -> p.signer = Optional.empty());

        InboundDecision.Refused refused = refused(pipeline.receive(unsigned));

        assertEquals(InboundDecision.Reason.NOT_AUTHENTICATED, refused.reason());
        assertTrue(refused.detail().contains("not signed"), refused.detail());
        assertNothingKept("unsigned@kz");
    }

    @Test
    void aMessageSignedWithARevokedCertificateIsRefusedAsNotAuthenticated() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.REJECT);
        IncomingUserMessage m = message("revoked@kz");
        IncomingUserMessage revoked = changed(m, p -> p.signer = Optional.of(revokedAp));

        InboundDecision.Refused refused = refused(pipeline.receive(revoked));

        assertEquals(InboundDecision.Reason.NOT_AUTHENTICATED, refused.reason());
        assertTrue(refused.detail().toLowerCase().contains("revoked"), refused.detail());
        assertNothingKept("revoked@kz");
    }

    @Test
    void aMessagingHeaderProblemIsRefusedAsAnInvalidHeader() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.REJECT);
        IncomingUserMessage m = message("header@kz");
        IncomingUserMessage broken =
                changed(m, p -> p.messagingHeaderProblem = Optional.of("eb:Messaging: element PartyInfo is missing"));

        InboundDecision.Refused refused = refused(pipeline.receive(broken));

        assertEquals(InboundDecision.Reason.INVALID_HEADER, refused.reason());
        assertEquals("eb:Messaging: element PartyInfo is missing", refused.detail());
        assertNothingKept("header@kz");
    }

    @Test
    void twoAttachmentsAreRefusedAsInconsistent() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.REJECT);
        IncomingUserMessage m = message("two@kz");
        byte[] sbdh = sbdh(TestNetwork.GE_BUYER);
        IncomingUserMessage two = changed(m, p -> {
            p.attachments = List.of(attachment(sbdh), attachment(sbdh));
        });

        InboundDecision.Refused refused = refused(pipeline.receive(two));

        assertEquals(InboundDecision.Reason.INCONSISTENT, refused.reason());
        assertTrue(refused.detail().contains("exactly one payload"), refused.detail());
        assertNothingKept("two@kz");
    }

    @Test
    void aPayloadInTheSoapBodyIsRefusedAsInconsistent() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.REJECT);
        IncomingUserMessage m = message("body@kz");
        IncomingUserMessage body = changed(m, p -> {
            p.soapBodyPayload = true;
        });

        assertEquals(
                InboundDecision.Reason.INCONSISTENT,
                refused(pipeline.receive(body)).reason());
    }

    @Test
    void anOriginalSenderOtherThanTheSbdhSenderIsRefusedAsInconsistent() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.REJECT);
        IncomingUserMessage m = message("sender@kz");
        IncomingUserMessage otherSender = changed(m, p -> {
            p.originalSender = Optional.of("iso6523-actorid-upis::9970:999999999999");
        });

        InboundDecision.Refused refused = refused(pipeline.receive(otherSender));

        assertEquals(InboundDecision.Reason.INCONSISTENT, refused.reason());
        assertTrue(refused.detail().contains("originalSender"), refused.detail());
        assertNothingKept("sender@kz");
    }

    @Test
    void aFinalRecipientOtherThanTheSbdhReceiverIsRefusedAsInconsistent() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.REJECT);
        IncomingUserMessage m = message("recipient@kz");
        IncomingUserMessage otherRecipient = changed(m, p -> {
            p.finalRecipient = Optional.of(TestNetwork.GE_IMPORTER.uri());
        });

        InboundDecision.Refused refused = refused(pipeline.receive(otherRecipient));

        assertEquals(InboundDecision.Reason.INCONSISTENT, refused.reason());
        assertTrue(refused.detail().contains("finalRecipient"), refused.detail());
    }

    @Test
    void aPayloadThatIsNoSbdhIsRefusedAsAnInvalidSbdh() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.REJECT);

        InboundDecision.Refused refused =
                refused(pipeline.receive(message("bare@kz", TestNetwork.document("tender.xml"), TestNetwork.GE_BUYER)));

        assertEquals(InboundDecision.Reason.INVALID_SBDH, refused.reason());
        assertNothingKept("bare@kz");
    }

    @Test
    void aReceiverNotServedHereIsRefused() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.REJECT);

        InboundDecision.Refused refused = refused(
                pipeline.receive(message("importer@kz", sbdh(TestNetwork.GE_IMPORTER), TestNetwork.GE_IMPORTER)));

        assertEquals(InboundDecision.Reason.RECEIVER_NOT_SERVED, refused.reason());
        assertTrue(refused.detail().contains(TestNetwork.GE_IMPORTER.uri()), refused.detail());
        assertNothingKept("importer@kz");
        assertEquals(0, validations.get(), "validated a document refused before validation");
    }

    @Test
    void aValidMessageIsAcceptedJournaledAsReceivedAndQueuedForDeliveryOnce() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.REJECT);

        InboundDecision decision = pipeline.receive(message("tender-1@sg-ap-kz-001"));

        assertInstanceOf(InboundDecision.Accepted.class, decision);
        MessageRecord record =
                journal.find(Direction.INBOUND, "tender-1@sg-ap-kz-001").orElseThrow();
        assertEquals(MessageState.RECEIVED, record.state());
        assertEquals(Optional.of(TestNetwork.KZ_AP), record.peerAp());
        assertEquals(TestNetwork.KZ_SUPPLIER, record.envelope().sender());
        assertEquals(TestNetwork.GE_BUYER, record.envelope().receiver());
        assertEquals(CLOCK.instant(), record.createdAt());
        byte[] stored = files.payload(Direction.INBOUND, "tender-1@sg-ap-kz-001");
        assertEquals(MessageFiles.sha256(stored), record.content().sha256());
        assertTrue(new String(stored, StandardCharsets.UTF_8).contains("Tender"), "the business document is stored");
        assertEquals(Optional.empty(), files.validationReport("tender-1@sg-ap-kz-001"));
        assertEquals(List.of("tender-1@sg-ap-kz-001"), queued);
        assertEquals(1, validations.get());
    }

    @Test
    void theSameMessageAgainIsADuplicateAndNotQueuedAgain() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.REJECT);
        IncomingUserMessage tender = message("tender-2@sg-ap-kz-001");
        assertInstanceOf(InboundDecision.Accepted.class, pipeline.receive(tender));

        InboundDecision again = pipeline.receive(tender);

        assertInstanceOf(InboundDecision.Duplicate.class, again);
        assertEquals(List.of("tender-2@sg-ap-kz-001"), queued);
        assertEquals(
                1,
                journal.find(Direction.INBOUND, "tender-2@sg-ap-kz-001")
                        .orElseThrow()
                        .history()
                        .size());
    }

    @Test
    void anInvalidDocumentIsRefusedUnderRejectAndNothingIsJournaled() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.REJECT);
        verdict = invalid();

        InboundDecision.Refused refused = refused(pipeline.receive(message("invalid@sg-ap-kz-001")));

        assertEquals(InboundDecision.Reason.INVALID_DOCUMENT, refused.reason());
        assertTrue(refused.detail().contains("CAREC-TND-R009"), refused.detail());
        assertNothingKept("invalid@sg-ap-kz-001");
        assertEquals(Optional.empty(), files.validationReport("invalid@sg-ap-kz-001"));
    }

    @Test
    void anInvalidDocumentIsAcceptedUnderDeliverFlaggedWithItsValidationReportStored() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.DELIVER_FLAGGED);
        verdict = invalid();

        InboundDecision decision = pipeline.receive(message("flagged@sg-ap-kz-001"));

        assertInstanceOf(InboundDecision.Accepted.class, decision);
        assertEquals(
                MessageState.RECEIVED,
                journal.find(Direction.INBOUND, "flagged@sg-ap-kz-001")
                        .orElseThrow()
                        .state());
        String report =
                new String(files.validationReport("flagged@sg-ap-kz-001").orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(report.contains("CAREC-TND-R009"), report);
        assertTrue(report.contains("INVALID"), report);
        assertEquals(List.of("flagged@sg-ap-kz-001"), queued);
    }

    @Test
    void aValidDocumentUnderDeliverFlaggedHasNoReportStored() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.DELIVER_FLAGGED);

        assertInstanceOf(InboundDecision.Accepted.class, pipeline.receive(message("clean@sg-ap-kz-001")));

        assertEquals(Optional.empty(), files.validationReport("clean@sg-ap-kz-001"));
    }

    @Test
    void withValidationOffNothingIsValidated() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.OFF);
        verdict = invalid();

        assertInstanceOf(InboundDecision.Accepted.class, pipeline.receive(message("unchecked@sg-ap-kz-001")));

        assertEquals(0, validations.get());
        assertEquals(Optional.empty(), files.validationReport("unchecked@sg-ap-kz-001"));
    }

    @Test
    void aSignatureThatDoesNotCoverTheHeaderThatIsReadIsRefusedAsNotAuthenticated() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.REJECT);
        IncomingUserMessage m = message("wrapped@kz");
        IncomingUserMessage wrapped = changed(
                m,
                p -> p.signatureCoverageProblem =
                        Optional.of("the signature does not cover the eb:Messaging header that is processed"));

        InboundDecision.Refused refused = refused(pipeline.receive(wrapped));

        assertEquals(InboundDecision.Reason.NOT_AUTHENTICATED, refused.reason());
        assertTrue(refused.detail().contains("eb:Messaging"), refused.detail());
        assertTrue(queued.isEmpty());
    }

    @Test
    void aPayloadThatInflatesBeyondTheLimitIsRefusedWhileItStreamsAndNothingIsStored() {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.REJECT);
        long[] read = {0};
        // an endless decompressed stream: the pipeline must stop reading just past the limit
        IncomingUserMessage.Payload bomb = () -> new java.io.InputStream() {
            @Override
            public int read() {
                read[0]++;
                return 'x';
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                java.util.Arrays.fill(buffer, offset, offset + length, (byte) 'x');
                read[0] += length;
                return length;
            }
        };
        IncomingUserMessage m = message("bomb@kz");
        IncomingUserMessage inflating = changed(m, p -> {
            p.attachments = List.of(bomb);
        });

        InboundDecision.Refused refused = refused(pipeline.receive(inflating));

        assertEquals(InboundDecision.Reason.UNREADABLE_PAYLOAD, refused.reason());
        assertTrue(refused.detail().contains("larger than " + MAX_PAYLOAD), refused.detail());
        assertTrue(read[0] <= MAX_PAYLOAD + 64 * 1024, "read " + read[0] + " bytes");
        assertFalse(journal.contains(Direction.INBOUND, m.as4MessageId()));
    }

    @Test
    void anotherAccessPointReusingAMessageIdIsRefusedWhileTheSameSenderRetryingIsADuplicate() throws Exception {
        ReceivePipeline pipeline = pipeline(InvalidDocumentPolicy.REJECT);
        IncomingUserMessage genuine = message("taken@kz");
        assertInstanceOf(InboundDecision.Accepted.class, pipeline.receive(genuine));
        IncomingUserMessage squatter = changed(genuine, p -> {
            p.signer = Optional.of(azerbaijanAp);
        });

        InboundDecision.Refused refused = refused(pipeline.receive(squatter));

        assertEquals(InboundDecision.Reason.MESSAGE_ID_TAKEN, refused.reason());
        assertInstanceOf(InboundDecision.Duplicate.class, pipeline.receive(genuine));
        assertEquals(List.of(genuine.as4MessageId()), queued, "queued once, for the genuine sender");
        assertEquals(
                journal.find(Direction.INBOUND, genuine.as4MessageId())
                        .orElseThrow()
                        .content()
                        .sha256(),
                MessageFiles.sha256(files.payload(Direction.INBOUND, genuine.as4MessageId())));
    }

    /** The parts of an incoming message, to change one or two of a well-formed one. */
    private static final class Parts {
        String as4MessageId;
        Optional<String> soapVersion;
        boolean decrypted;
        Optional<X509Certificate> signer;
        Optional<String> signatureCoverageProblem;
        Optional<String> messagingHeaderProblem;
        boolean soapBodyPayload;
        List<IncomingUserMessage.Payload> attachments;
        Optional<String> originalSender;
        Optional<String> finalRecipient;
    }

    /** {@code message} with what {@code change} sets. */
    private static IncomingUserMessage changed(IncomingUserMessage message, java.util.function.Consumer<Parts> change) {
        Parts p = new Parts();
        p.as4MessageId = message.as4MessageId();
        p.soapVersion = message.soapVersion();
        p.decrypted = message.decrypted();
        p.signer = message.signer();
        p.signatureCoverageProblem = message.signatureCoverageProblem();
        p.messagingHeaderProblem = message.messagingHeaderProblem();
        p.soapBodyPayload = message.soapBodyPayload();
        p.attachments = message.attachments();
        p.originalSender = message.originalSender();
        p.finalRecipient = message.finalRecipient();
        change.accept(p);
        return new IncomingUserMessage(
                p.as4MessageId,
                p.soapVersion,
                p.decrypted,
                p.signer,
                p.signatureCoverageProblem,
                p.messagingHeaderProblem,
                p.soapBodyPayload,
                p.attachments,
                p.originalSender,
                p.finalRecipient);
    }
}
