package org.silkgate.ap.discovery;

import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.stream.Collectors;
import org.silkgate.ap.discovery.EndpointResolver;

/** Which participants (and document types) this access point receives for. */
@FunctionalInterface
public interface ServedParticipants {
    /** All ids in URI form. */
    boolean serves(String participantId, String documentType, String process);

    /** A fixed list, participant ids in URI form or as {@code 9970:980540001256} (scheme iso6523-actorid-upis). */
    static ServedParticipants of(Set<String> participants) {
        Set<String> normalised = participants.stream().map(ServedParticipants::uriForm).collect(Collectors.toUnmodifiableSet());
        return (participant, documentType, process) -> normalised.contains(uriForm(participant));
    }

    /** Whatever the SMP says points to this access point: the registered endpoint carries this AP's certificate. */
    static ServedParticipants bySmp(EndpointResolver smp, X509Certificate ownCertificate) {
        return (participant, documentType, process) -> {
            try {
                return smp.resolve(participant, documentType, process).certificate().equals(ownCertificate);
            } catch (EndpointResolver.EndpointNotFoundException e) {
                return false;
            }
        };
    }

    static String uriForm(String participant) {
        String trimmed = participant.strip();
        return trimmed.contains("::") ? trimmed : "iso6523-actorid-upis::" + trimmed;
    }
}
