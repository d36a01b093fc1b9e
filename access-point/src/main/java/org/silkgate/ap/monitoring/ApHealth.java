package org.silkgate.ap.monitoring;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.NodeRegistry;
import org.silkgate.ap.trust.CertificateHealth;
import org.silkgate.ap.work.NodeMembership;

/** What {@code /health} reports, computed in one place so that the console shows the same. */
public final class ApHealth {
    private final Journal journal;
    private final BooleanSupplier brokerUp;
    private final CertificateHealth certificates;
    private final BooleanSupplier brokerConnected;
    private final Optional<NodeMembership> node;

    public ApHealth(Journal journal, BooleanSupplier brokerUp, CertificateHealth certificates) {
        this(journal, brokerUp, certificates, () -> true, Optional.empty());
    }

    /**
     * @param brokerConnected whether an external broker (a pair's active one) is connected now; while it is not
     *     (down, or the pair failing over) the access point still accepts and journals, so that is WARN, not DOWN
     * @param node this node among the access point's nodes: a lost peer is WARN (this node still serves, the group
     *     runs short), a second process under this node's name is DOWN (the two would take each other's work)
     */
    public ApHealth(
            Journal journal,
            BooleanSupplier brokerUp,
            CertificateHealth certificates,
            BooleanSupplier brokerConnected,
            Optional<NodeMembership> node) {
        this.journal = journal;
        this.brokerUp = brokerUp;
        this.certificates = certificates;
        this.brokerConnected = brokerConnected;
        this.node = node;
    }

    /**
     * @param status DOWN when the journal, the broker or a certificate is down; else the certificates' status
     * @param dated each certificate and CRL with the date by which it must be renewed
     * @param brokerConnected false while an external broker is unreachable or failing over (status WARN at least)
     * @param nodes the access point's nodes as the journal knows them (empty when it cannot be read)
     * @param nodeNameTaken another process runs under this node's name (DOWN)
     */
    public record Report(
            String status,
            boolean journalUp,
            boolean brokerUp,
            CertificateHealth.Status certificates,
            List<CertificateHealth.Item> dated,
            boolean brokerConnected,
            List<NodeMembership.NodeStatus> nodes,
            boolean nodeNameTaken) {
        /** Peers gone without a clean stop: the group is short of them until they restart. */
        public List<String> lostNodes() {
            return nodes.stream()
                    .filter(n -> n.state() == NodeRegistry.NodeState.LOST)
                    .map(NodeMembership.NodeStatus::node)
                    .toList();
        }

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
        boolean nameTaken = node.map(NodeMembership::nameTaken).orElse(false);
        List<NodeMembership.NodeStatus> nodes = List.of();
        if (journalUp && node.isPresent()) {
            try {
                nodes = node.get().nodes();
            } catch (RuntimeException unreadable) {
                // the journal went away between the two looks: reported DOWN through journalUp next time
            }
        }
        // WARN still serves: an operator has days to renew, and a lost peer leaves this node working
        boolean down = !journalUp || !broker || certificatesStatus == CertificateHealth.Status.DOWN || nameTaken;
        boolean connected = brokerConnected.getAsBoolean();
        boolean peerLost = nodes.stream().anyMatch(n -> n.state() == NodeRegistry.NodeState.LOST);
        String status = down
                ? "DOWN"
                : connected && !peerLost ? certificatesStatus.name() : CertificateHealth.Status.WARN.name();
        return new Report(status, journalUp, broker, certificatesStatus, dated, connected, nodes, nameTaken);
    }
}
