package org.silkgate.ap.outbound;

import java.util.Optional;
import org.silkgate.ap.model.ParticipantId;

/**
 * A document as a back office hands it in, through any channel (REST, the JMS entry queue, the pickup folder): UBL
 * or UBL in a Peppol SBDH, with the sender and receiver if the channel names them.
 */
public record Submission(byte[] body, Optional<ParticipantId> sender, Optional<ParticipantId> receiver) {
    public static Submission of(byte[] body) {
        return new Submission(body, Optional.empty(), Optional.empty());
    }
}
