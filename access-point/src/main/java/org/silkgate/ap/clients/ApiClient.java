package org.silkgate.ap.clients;

import java.util.Set;
import org.silkgate.ap.model.ParticipantId;

/**
 * A back-office API client: a back office acting for its own participants, or an operator of the access point, who
 * may act for any of them, list every message, resend and read the metrics.
 */
public record ApiClient(String name, Set<ParticipantId> participants, boolean operator) {
    public ApiClient {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException(
                    "client name '" + name + "' must be 1 to 100 letters, digits, '.', '_' or '-'");
        }
        participants = Set.copyOf(participants);
        if (!operator && participants.isEmpty()) {
            throw new IllegalArgumentException(
                    "client " + name + " acts for no participant: give --participants or --operator");
        }
    }

    /** Whether this client may submit as, or read the messages of, {@code participant}. */
    public boolean actsFor(ParticipantId participant) {
        return operator || participants.contains(participant);
    }

    /** How the audit log names the client. */
    public String actor() {
        return "api:" + name;
    }
}
