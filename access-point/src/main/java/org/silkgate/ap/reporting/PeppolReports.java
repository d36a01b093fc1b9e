package org.silkgate.ap.reporting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.silkgate.ap.journal.Journal;

/**
 * The month's Peppol reports from the journal: the Transaction Statistics Report and the End User Statistics Report,
 * each checked against its official XSD and Schematron before either is written. A month runs in UTC and a message
 * belongs to the month it was journaled in (submitted, or received).
 */
public final class PeppolReports {
    private final ReportValidator rules;

    public PeppolReports(ReportValidator rules) {
        this.rules = rules;
    }

    /** With the official rules, compiled now (a few seconds). */
    public static PeppolReports withOfficialRules() {
        return new PeppolReports(ReportValidator.official());
    }

    /** Both reports of a month, computed and not yet checked. */
    public record Reports(TransactionStatistics transactions, EndUserStatistics endUsers) {}

    /**
     * Computes the month's reports.
     *
     * @param reporterApId this access point's id, spelled as a Peppol seat id in the reports
     */
    public static Reports compute(Journal journal, YearMonth month, String reporterApId) {
        Instant from = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        List<Exchange> exchanges = Exchange.of(journal.journaledBetween(from, to));
        String reporter = SeatId.of(reporterApId);
        return new Reports(
                TransactionStatistics.of(month, reporter, exchanges), EndUserStatistics.of(month, reporter, exchanges));
    }

    /** Both reports of a month in their XML, each passed by its official rules. */
    public record Checked(Reports reports, byte[] transactionsXml, byte[] endUsersXml) {}

    /**
     * Computes the month's reports and checks both against their rules: what is written to files or sent.
     *
     * @throws ReportValidator.ReportRefused naming the broken rule
     */
    public Checked checked(Journal journal, YearMonth month, String reporterApId) {
        Reports reports = compute(journal, month, reporterApId);
        byte[] tsr = reports.transactions().toXml();
        byte[] eusr = reports.endUsers().toXml();
        rules.check(tsr);
        rules.check(eusr);
        return new Checked(reports, tsr, eusr);
    }

    /** The files written. */
    public record Written(Path transactions, Path endUsers, Reports reports) {}

    /**
     * Computes, checks and writes {@code tsr-YYYY-MM.xml} and {@code eusr-YYYY-MM.xml} into {@code folder}.
     *
     * @throws ReportValidator.ReportRefused naming the broken rule; nothing is written
     */
    public Written write(Journal journal, YearMonth month, String reporterApId, Path folder) {
        Checked checked = checked(journal, month, reporterApId);
        Reports reports = checked.reports();
        byte[] tsr = checked.transactionsXml();
        byte[] eusr = checked.endUsersXml();
        try {
            Files.createDirectories(folder);
            Path tsrFile = folder.resolve("tsr-" + month + ".xml");
            Path eusrFile = folder.resolve("eusr-" + month + ".xml");
            Files.write(tsrFile, tsr);
            Files.write(eusrFile, eusr);
            return new Written(tsrFile, eusrFile, reports);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reports into " + folder + ": " + e.getMessage(), e);
        }
    }
}
