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
    private final BooleanSupplier brokerConnected;

    public ApHealth(Journal journal, BooleanSupplier brokerUp, CertificateHealth certificates) {
        this(journal, brokerUp, certificates, () -> true);
    }

    /**
     * @param brokerConnected whether an external broker (a pair's active one) is connected now; while it is not
     *     (down, or the pair failing over) the access point still accepts and journals, so that is WARN, not DOWN
     */
    public ApHealth(
            Journal journal,
            BooleanSupplier brokerUp,
            CertificateHealth certificates,
            BooleanSupplier brokerConnected) {
        this.journal = journal;
        this.brokerUp = brokerUp;
        this.certificates = certificates;
        this.brokerConnected = brokerConnected;
    }

    /**
     * @param status DOWN when the journal, the broker or a certificate is down; else the certificates' status
     * @param dated each certificate and CRL with the date by which it must be renewed
     * @param brokerConnected false while an external broker is unreachable or failing over (status WARN at least)
     */
    public record Report(
            String status,
            boolean journalUp,
            boolean brokerUp,
            CertificateHealth.Status certificates,
            List<CertificateHealth.Item> dated,
            boolean brokerConnected) {
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
        boolean connected = brokerConnected.getAsBoolean();
        String status = down ? "DOWN" : connected ? certificatesStatus.name() : CertificateHealth.Status.WARN.name();
        return new Report(status, journalUp, broker, certificatesStatus, dated, connected);
    }
}
