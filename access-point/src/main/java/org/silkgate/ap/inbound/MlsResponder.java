package org.silkgate.ap.inbound;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.model.Envelope;
import org.silkgate.ap.model.Mls;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.outbound.Submission;
import org.silkgate.ap.outbound.SubmissionRefused;
import org.silkgate.ap.outbound.SubmitPipeline;
import org.silkgate.validation.Language;
import org.silkgate.validation.ValidationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peppol Message Level Status after a delivery, on both sides. At C3 a delivered message whose sender asked for a
 * status ({@code ALWAYS_SEND}) is answered with an MLS {@code AP}, sent through this access point's own
 * {@link SubmitPipeline} like any document: validated by the MLS rules, journaled, retried, routed by its receiver
 * (the {@code MLS_TO} service provider) through the static routes and the SMP. At C2 a delivered MLS is linked to the
 * sent message it names (by SBDH InstanceIdentifier); one that names none is flagged {@code unmatched}, never
 * dropped. An MLS is never answered with one.
 *
 * <p>It runs after the message is DELIVERED: a status that cannot be sent or linked is logged and does not undo the
 * delivery, which the back office already has.
 */
public final class MlsResponder implements DeliverPipeline.AfterDelivery, ReceivePipeline.Rejections {
    private static final Logger LOG = LoggerFactory.getLogger(MlsResponder.class);

    private final Journal journal;
    private final SubmitPipeline submissions;
    private final ParticipantId serviceProvider;
    private final String apId;
    private final Clock clock;

    /** @param serviceProvider this access point's service provider participant (scheme 0242), the MLS sender */
    public MlsResponder(
            Journal journal, SubmitPipeline submissions, ParticipantId serviceProvider, String apId, Clock clock) {
        this.journal = journal;
        this.submissions = submissions;
        this.serviceProvider = serviceProvider;
        this.apId = apId;
        this.clock = clock;
    }

    @Override
    public void delivered(MessageRecord message, byte[] document) {
        try {
            if (Mls.isMls(message.envelope().documentType())) {
                link(message, document);
            } else {
                respond(message);
            }
        } catch (RuntimeException e) {
            LOG.error("message level status for {} failed", message.messageId(), e);
        }
    }

    private void link(MessageRecord mls, byte[] document) {
        Optional<Mls.Status> status = Mls.read(document);
        if (status.isPresent()
                && journal.mlsReceived(
                        status.get().referencedInstanceIdentifier(),
                        status.get().code(),
                        mls.messageId())) {
            return;
        }
        LOG.warn(
                "MLS {} from {} names no message sent from here ({}); kept as unmatched",
                mls.messageId(),
                mls.peerAp().orElse("an unknown access point"),
                status.map(Mls.Status::referencedInstanceIdentifier).orElse("no reference"));
        journal.mlsUnmatched(mls.messageId());
    }

    private void respond(MessageRecord message) {
        Optional<Mls.Request> request = journal.mlsRequest(message.messageId());
        if (request.isEmpty() || request.get().type() != Mls.Type.ALWAYS_SEND) return;
        byte[] mls = Mls.accepted(
                "MLS-" + message.messageId(),
                serviceProvider,
                request.get().mlsTo(),
                message.envelope().instanceIdentifier(),
                clock.instant());
        send(mls, request.get(), message.messageId(), "AP");
    }

    /** An MLS RE, whatever MLS_TYPE asked for: a failure is reported under both types. */
    @Override
    public void rejected(String messageId, Envelope envelope, Mls.Request request, ValidationReport report) {
        if (Mls.isMls(envelope.documentType())) return;
        List<Mls.Issue> issues = report.errors().stream()
                .map(finding ->
                        new Mls.Issue(finding.location(), "[" + finding.ruleId() + "] " + finding.message(Language.EN)))
                .toList();
        if (issues.isEmpty()) {
            issues = List.of(new Mls.Issue("/", "[INVALID] the document fails validation"));
        }
        byte[] mls = Mls.rejected(
                "MLS-" + messageId,
                serviceProvider,
                request.mlsTo(),
                envelope.instanceIdentifier(),
                "Document " + envelope.instanceIdentifier() + " rejected by " + apId + ": it fails " + issues.size()
                        + " validation rule(s)",
                issues,
                clock.instant());
        send(mls, request, messageId, "RE");
    }

    private void send(byte[] mls, Mls.Request request, String messageId, String code) {
        try {
            String id = submissions.submit(
                    new Submission(mls, Optional.of(serviceProvider), Optional.of(request.mlsTo()), Journal.SYSTEM));
            LOG.info("MLS {} for {} sent as {}", code, messageId, id);
        } catch (SubmissionRefused refused) {
            LOG.error("access point {} could not send the MLS for {}: {}", apId, messageId, refused.getMessage());
        }
    }
}
