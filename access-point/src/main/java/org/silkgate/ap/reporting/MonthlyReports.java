package org.silkgate.ap.reporting;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.outbound.Submission;
import org.silkgate.ap.outbound.SubmitPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each month's Peppol reports (TSR and EUSR) to the network's reporting receiver — the CAREC Secretariat, where
 * Peppol has OpenPeppol — through this access point's own {@link SubmitPipeline}, so they are validated, journaled,
 * retried and receipted like any document. Sent from this access point's service provider participant (scheme 0242),
 * as Peppol sends them. The journal keeps which month was sent, so the schedule sends each month once across
 * restarts; an operator may send a month again, and the receiver keeps the latest of a reporter and month.
 */
public final class MonthlyReports {
    private static final Logger LOG = LoggerFactory.getLogger(MonthlyReports.class);
    static final String TSR = "TSR";
    static final String EUSR = "EUSR";

    private final Journal journal;
    private final PeppolReports reports;
    private final SubmitPipeline submissions;
    private final ParticipantId serviceProvider;
    private final ParticipantId receiver;
    private final String apId;
    private final Clock clock;

    /**
     * @param serviceProvider this access point's service provider participant, the sender
     * @param receiver the reporting receiver
     */
    public MonthlyReports(
            Journal journal,
            PeppolReports reports,
            SubmitPipeline submissions,
            ParticipantId serviceProvider,
            ParticipantId receiver,
            String apId,
            Clock clock) {
        this.journal = journal;
        this.reports = reports;
        this.submissions = submissions;
        this.serviceProvider = serviceProvider;
        this.receiver = receiver;
        this.apId = apId;
        this.clock = clock;
    }

    /** The message ids of a month's two reports. */
    public record Sent(YearMonth month, String transactions, String endUsers) {}

    /**
     * The schedule's call: sends last month's reports unless they were sent already (a month is over, in UTC, when
     * the next begins); empty when there was nothing to send.
     */
    public Optional<Sent> sendDue() {
        YearMonth last = YearMonth.now(clock.withZone(ZoneOffset.UTC)).minusMonths(1);
        if (journal.reportSubmission(last, TSR).isPresent()
                && journal.reportSubmission(last, EUSR).isPresent()) return Optional.empty();
        return Optional.of(send(last));
    }

    /**
     * Computes, checks and submits a month's reports now, whether or not they were sent before.
     *
     * @throws ReportValidator.ReportRefused when a report breaks its rules; nothing is sent
     * @throws org.silkgate.ap.outbound.SubmissionRefused when the access point refuses to send it
     */
    public Sent send(YearMonth month) {
        PeppolReports.Checked checked = reports.checked(journal, month, apId);
        String tsrId = submit(month, TSR, checked.transactionsXml());
        String eusrId = submit(month, EUSR, checked.endUsersXml());
        LOG.info("Peppol reports of {} sent to {}: TSR {}, EUSR {}", month, receiver, tsrId, eusrId);
        return new Sent(month, tsrId, eusrId);
    }

    private String submit(YearMonth month, String report, byte[] document) {
        String id = submissions.submit(
                new Submission(document, Optional.of(serviceProvider), Optional.of(receiver), Journal.SYSTEM));
        journal.reportSubmitted(month, report, id);
        return id;
    }
}
