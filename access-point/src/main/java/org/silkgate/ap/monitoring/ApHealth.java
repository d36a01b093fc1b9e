package org.silkgate.ap.monitoring;

import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.trust.CertificateHealth;

/** What {@code /health} reports, computed in one place so that the console shows the same. */
public final class ApHealth {
    private final Journal journal;
    private final BooleanSupplier brokerUp;
    private final CertificateHealth certificates;

    public ApHealth(Journal journal, BooleanSupplier brokerUp, CertificateHealth certificates) {
        this.journal = journal;
        this.brokerUp = brokerUp;
        this.certificates = certificates;
    }

    /**
     * @param status DOWN when the journal, the broker or a certificate is down; else the certificates' status
     * @param dated each certificate and CRL with the date by which it must be renewed
     */
    public record Report(
            String status,
            boolean journalUp,
            boolean brokerUp,
            CertificateHealth.Status certificates,
            List<CertificateHealth.Item> dated) {
        public boolean down() {
            return status.equals("DOWN");
        }
    }

    public Report check() {
        boolean journalUp = journal.isAvailable();
        boolean broker = brokerUp.getAsBoolean();
        List<CertificateHealth.Item> dated = certificates.items();
        CertificateHealth.Status certificatesStatus = dated.stream()
                .map(CertificateHealth.Item::status)
                .max(Comparator.naturalOrder())
                .orElse(CertificateHealth.Status.UP);
        // WARN still serves: an operator has days to renew; anything DOWN stops the exchange with peers
        boolean down = !journalUp || !broker || certificatesStatus == CertificateHealth.Status.DOWN;
        return new Report(down ? "DOWN" : certificatesStatus.name(), journalUp, broker, certificatesStatus, dated);
    }
}
