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
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private static final java.util.Set<String> SYNTAX_LAYERS = java.util.Set.of("xml", "xsd");

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

    /**
     * Sends the {@code AP} still owed for messages delivered before a crash took the status with it: the journal
     * shows each as DELIVERED, asking {@code ALWAYS_SEND}, and answered with nothing. Called at start, before
     * deliveries resume.
     *
     * @param validationReports a message's stored validation report, for its warnings
     * @param liveSince a run with a heartbeat since is live: what it delivered, it answers itself
     * @return how many were owed
     */
    public int answerOwed(
            java.util.function.Function<String, Optional<byte[]>> validationReports, java.time.Instant liveSince) {
        List<String> owed = journal.statusOwed(liveSince);
        for (String id : owed) {
            journal.current(org.silkgate.ap.journal.Direction.INBOUND, id)
                    .ifPresent(message -> respond(
                            message,
                            validationReports
                                    .apply(id)
                                    .map(MlsResponder::warnings)
                                    .orElse(List.of())));
        }
        if (!owed.isEmpty())
            LOG.warn("sent the message level status owed for {} message(s) after a restart", owed.size());
        return owed.size();
    }

    @Override
    public void delivered(MessageRecord message, byte[] document, Optional<byte[]> validationReport) {
        try {
            if (Mls.isMls(message.envelope().documentType())) {
                link(message, document);
            } else {
                respond(message, validationReport.map(MlsResponder::warnings).orElse(List.of()));
            }
        } catch (RuntimeException e) {
            LOG.error("message level status for {} failed", message.messageId(), e);
        }
    }

    /**
     * Delivery to the back office failed for good: the sender hears {@code RE} with reason {@code FD}, whatever
     * MLS_TYPE asked for, as for any failure.
     */
    @Override
    public void undeliverable(MessageRecord message, String reason) {
        try {
            if (Mls.isMls(message.envelope().documentType())) return;
            Optional<Mls.Request> request = journal.mlsRequest(message.messageId());
            if (request.isEmpty()) return;
            byte[] mls = Mls.rejected(
                    "MLS-" + message.messageId(),
                    serviceProvider,
                    request.get().mlsTo(),
                    message.envelope().instanceIdentifier(),
                    "Document " + message.envelope().instanceIdentifier() + " could not be delivered by " + apId
                            + " to its receiver",
                    List.of(new Mls.Issue("/", "[DELIVERY] " + reason, Mls.Reason.FD)),
                    clock.instant());
            send(mls, request.get(), message.messageId(), "RE");
        } catch (RuntimeException e) {
            LOG.error("message level status for undeliverable {} failed", message.messageId(), e);
        }
    }

    /** {@code [RULE-ID] text}: the Peppol and CAREC rule texts often start with their id already. */
    private static String described(String ruleId, String message) {
        return message.startsWith("[" + ruleId + "]") ? message : "[" + ruleId + "] " + message;
    }

    /** The warnings of a stored validation report (its JSON), as MLS issues with reason {@code BW}. */
    private static List<Mls.Issue> warnings(byte[] reportJson) {
        List<Mls.Issue> warnings = new java.util.ArrayList<>();
        try {
            for (var layer : JSON.readTree(reportJson).path("layers")) {
                for (var finding : layer.path("findings")) {
                    if (!"WARNING".equals(finding.path("severity").asText())) continue;
                    warnings.add(new Mls.Issue(
                            finding.path("location").asText("/"),
                            described(
                                    finding.path("ruleId").asText(),
                                    finding.path("message").asText()),
                            Mls.Reason.BW));
                }
            }
        } catch (java.io.IOException unreadable) {
            LOG.warn("the validation report is unreadable; the status carries no warnings", unreadable);
        }
        return warnings;
    }

    private void link(MessageRecord mls, byte[] document) {
        Optional<Mls.Status> status = Mls.read(document);
        if (status.isPresent()
                && journal.mlsReceived(status.get().referencedInstanceIdentifier(), status.get(), mls.messageId())) {
            return;
        }
        LOG.warn(
                "MLS {} from {} names no message sent from here ({}); kept as unmatched",
                mls.messageId(),
                mls.peerAp().orElse("an unknown access point"),
                status.map(Mls.Status::referencedInstanceIdentifier).orElse("no reference"));
        journal.mlsUnmatched(mls.messageId());
    }

    private void respond(MessageRecord message, List<Mls.Issue> warnings) {
        Optional<Mls.Request> request = journal.mlsRequest(message.messageId());
        if (request.isEmpty() || request.get().type() != Mls.Type.ALWAYS_SEND) return;
        byte[] mls = Mls.accepted(
                "MLS-" + message.messageId(),
                serviceProvider,
                request.get().mlsTo(),
                message.envelope().instanceIdentifier(),
                warnings,
                clock.instant());
        send(mls, request.get(), message.messageId(), "AP");
    }

    /** An MLS RE, whatever MLS_TYPE asked for: a failure is reported under both types. */
    @Override
    public void rejected(String messageId, Envelope envelope, Mls.Request request, ValidationReport report) {
        if (Mls.isMls(envelope.documentType())) return;
        // the XML and its XSD are syntax (SV); the Schematron layers are business rules (BV)
        List<Mls.Issue> issues = report.errors().stream()
                .map(finding -> new Mls.Issue(
                        finding.location(),
                        described(finding.ruleId(), finding.message(Language.EN)),
                        SYNTAX_LAYERS.contains(finding.layer()) ? Mls.Reason.SV : Mls.Reason.BV))
                .toList();
        if (issues.isEmpty()) {
            issues = List.of(new Mls.Issue("/", "[INVALID] the document fails validation", Mls.Reason.BV));
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
            journal.mlsSent(messageId, code, id);
            LOG.info("MLS {} for {} sent as {}", code, messageId, id);
        } catch (SubmissionRefused refused) {
            LOG.error("access point {} could not send the MLS for {}: {}", apId, messageId, refused.getMessage());
        }
    }
}
