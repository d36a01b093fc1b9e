package org.silkgate.ap.inbound;

import java.util.Set;

/** Which participants this access point receives for. */
@FunctionalInterface
public interface ServedParticipants {
    boolean serves(String participantId);

    /** A fixed list, participant ids in URI form or as {@code 9970:980540001256} (scheme iso6523-actorid-upis). */
    static ServedParticipants of(Set<String> participants) {
        Set<String> normalised = participants.stream().map(ServedParticipants::uriForm)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        return participant -> normalised.contains(uriForm(participant));
    }

    static String uriForm(String participant) {
        String trimmed = participant.strip();
        return trimmed.contains("::") ? trimmed : "iso6523-actorid-upis::" + trimmed;
    }
}
