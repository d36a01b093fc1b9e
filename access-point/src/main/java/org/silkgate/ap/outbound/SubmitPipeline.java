package org.silkgate.ap.outbound;

import java.time.Clock;
import java.util.Optional;
import org.silkgate.ap.discovery.ServedParticipants;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.model.DocumentIdentifiers;
import org.silkgate.ap.model.EndpointIds;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.model.SbdhEnvelope;
import org.silkgate.ap.validation.DocumentCheck;
import org.silkgate.ap.work.WorkQueue;
import org.silkgate.validation.ValidationReport;

/**
 * The back office's way in, the same for every channel (REST, the JMS entry queue, the pickup folder). The steps, in
 * order: unwrap an SBDH, identify sender and receiver, authorise the sender (the API client acts for it, this access
 * point serves it), validate, identify the document type and process, prepare the AS4 message, store its SBDH,
 * journal it ACCEPTED, and queue it for {@link SendAttempts}. Until the journal step
 * nothing is kept, so a refusal leaves no trace; after it nothing accepted is lost, even if the queue is down.
 */
public final class SubmitPipeline {
    private final OutboundPreparation preparation;
    private final Optional<DocumentCheck> validation;
    private final Journal journal;
    private final MessageFiles files;
    private final WorkQueue sendQueue;
    private final ServedParticipants servedSenders;
    private final Clock clock;

    /**
     * @param validation refuses a document that fails it; empty sends documents unchecked
     * @param servedSenders the participants this access point sends for: it signs for nobody else
     */
    public SubmitPipeline(
            OutboundPreparation preparation,
            Optional<DocumentCheck> validation,
            Journal journal,
            MessageFiles files,
            WorkQueue sendQueue,
            ServedParticipants servedSenders,
            Clock clock) {
        this.servedSenders = servedSenders;
        this.preparation = preparation;
        this.validation = validation;
        this.journal = journal;
        this.files = files;
        this.sendQueue = sendQueue;
        this.clock = clock;
    }

    /**
     * @return the AS4 MessageId under which the message is tracked
     * @throws SubmissionRefused naming what is missing or wrong ({@link InvalidDocument} with the validation
     *         report); nothing is stored
     */
    public String submit(Submission submission) {
        Unwrapped unwrapped = unwrap(submission);
        Parties parties = identifyParties(unwrapped);
        submission.client().filter(client -> !client.actsFor(parties.sender())).ifPresent(client -> {
            throw new SubmissionRefused.Forbidden(
                    "API client " + client.name() + " may not submit as " + parties.sender());
        });
        Optional<ValidationReport> report = validate(unwrapped.document());
        DocumentIdentifiers ids = identifyDocument(unwrapped.document(), report);
        if (!servedSenders.serves(parties.sender(), ids.documentType(), ids.process())) {
            throw new SubmissionRefused.Forbidden("this access point does not serve sender " + parties.sender());
        }
        OutboundMessage message = preparation.prepare(
                unwrapped.document(), ids, parties.sender(), parties.receiver(), unwrapped.instanceIdentifier());
        files.storePayload(Direction.OUTBOUND, message.as4MessageId(), message.sbdh());
        journal.insert(
                MessageRecord.accepted(
                                message.as4MessageId(),
                                message.envelope(),
                                new MessageRecord.Content(
                                        unwrapped.document().length,
                                        message.sbdh().length,
                                        MessageFiles.sha256(unwrapped.document())),
                                clock.instant())
                        .handledBy(preparation.apId()),
                submission.submitter());
        sendQueue.enqueue(message.as4MessageId());
        return message.as4MessageId();
    }

    /** The UBL document, and what the submission or its SBDH says about the parties. */
    private record Unwrapped(
            byte[] document,
            Optional<ParticipantId> sender,
            Optional<ParticipantId> receiver,
            Optional<String> instanceIdentifier) {}

    private record Parties(ParticipantId sender, ParticipantId receiver) {}

    /**
     * An SBDH from the back office is read as the receiving side would read it; its document is sent in an SBDH of
     * this access point's making, with the back office's instance identifier kept so that it can correlate.
     */
    private static Unwrapped unwrap(Submission submission) {
        if (submission.body().length == 0) throw new SubmissionRefused("the submission has no document");
        if (!SbdhEnvelope.isSbdh(submission.body())) {
            return new Unwrapped(submission.body(), submission.sender(), submission.receiver(), Optional.empty());
        }
        SbdhEnvelope.Reading reading = SbdhEnvelope.read(submission.body());
        if (reading instanceof SbdhEnvelope.Refused refused) {
            throw new SubmissionRefused("not a valid Peppol SBDH: " + refused.reason());
        }
        SbdhEnvelope.Read read = (SbdhEnvelope.Read) reading;
        return new Unwrapped(
                read.businessDocument(),
                submission.sender().or(() -> Optional.of(read.envelope().sender())),
                submission.receiver().or(() -> Optional.of(read.envelope().receiver())),
                Optional.of(read.envelope().instanceIdentifier()));
    }

    /** Given by the channel or the SBDH, else the document's endpoint IDs. */
    private static Parties identifyParties(Unwrapped unwrapped) {
        Optional<ParticipantId> sender = unwrapped.sender();
        Optional<ParticipantId> receiver = unwrapped.receiver();
        if (sender.isEmpty() || receiver.isEmpty()) {
            try {
                EndpointIds.Parties parties = EndpointIds.of(unwrapped.document());
                sender = sender.or(() -> parties.sender().map(ParticipantId::parse));
                receiver = receiver.or(() -> parties.receiver().map(ParticipantId::parse));
            } catch (IllegalArgumentException unreadable) {
                throw new SubmissionRefused(unreadable.getMessage(), unreadable);
            }
        }
        return new Parties(
                sender.orElseThrow(
                        () -> new SubmissionRefused("no sender: the document names no sender endpoint ID; give one")),
                receiver.orElseThrow(() ->
                        new SubmissionRefused("no receiver: the document names no receiver endpoint ID; give one")));
    }

    private Optional<ValidationReport> validate(byte[] document) {
        if (validation.isEmpty()) return Optional.empty();
        ValidationReport report = validation.get().validate(document, "outbound document");
        if (!report.valid()) throw new InvalidDocument(report);
        return Optional.of(report);
    }

    /** From the validator's reading when it ran, else read from the document now. */
    private static DocumentIdentifiers identifyDocument(byte[] document, Optional<ValidationReport> report) {
        Optional<DocumentIdentifiers> validated =
                report.flatMap(ValidationReport::documentType).map(DocumentIdentifiers::of);
        if (validated.isPresent()) return validated.get();
        try {
            return DocumentIdentifiers.of(document);
        } catch (IllegalArgumentException unreadable) {
            throw new SubmissionRefused(unreadable.getMessage(), unreadable);
        }
    }
}
