package org.silkgate.ap.discovery;

import java.security.cert.X509Certificate;
import java.util.Set;
import org.silkgate.ap.model.DocumentTypeId;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.model.ProcessId;

/** Which participants (and document types) this access point receives for. */
@FunctionalInterface
public interface ServedParticipants {
    boolean serves(ParticipantId participant, DocumentTypeId documentType, ProcessId process);

    /** A fixed list. */
    static ServedParticipants of(Set<ParticipantId> participants) {
        Set<ParticipantId> served = Set.copyOf(participants);
        return (participant, documentType, process) -> served.contains(participant);
    }

    /** Whatever the SMP says points to this access point: the registered endpoint carries this AP's certificate. */
    static ServedParticipants bySmp(EndpointResolver smp, X509Certificate ownCertificate) {
        return (participant, documentType, process) -> {
            try {
                return smp.resolve(participant, documentType, process)
                        .certificate()
                        .equals(ownCertificate);
            } catch (EndpointResolver.EndpointNotFoundException e) {
                return false;
            }
        };
    }
}
