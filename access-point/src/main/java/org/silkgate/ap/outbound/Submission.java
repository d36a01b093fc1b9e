package org.silkgate.ap.outbound;

import java.util.Optional;
import org.silkgate.ap.clients.ApiClient;
import org.silkgate.ap.model.ParticipantId;

/**
 * A document as a back office hands it in, through any channel (REST, the JMS entry queue, the pickup folder): UBL
 * or UBL in a Peppol SBDH, with the sender and receiver if the channel names them.
 *
 * @param submitter who handed it in, as the audit log names it ({@code api:<client>}, {@code jms}, {@code pickup})
 * @param client the API client that submits, who may submit only as its own participants; empty for the trusted
 *        local channels (the JMS entry queue and the pickup folder)
 */
public record Submission(
        byte[] body,
        Optional<ParticipantId> sender,
        Optional<ParticipantId> receiver,
        String submitter,
        Optional<ApiClient> client) {
    /** From a trusted local channel. */
    public Submission(byte[] body, Optional<ParticipantId> sender, Optional<ParticipantId> receiver, String submitter) {
        this(body, sender, receiver, submitter, Optional.empty());
    }

    public static Submission of(byte[] body, String submitter) {
        return new Submission(body, Optional.empty(), Optional.empty(), submitter);
    }

    /** From an API client, who is named in the audit log. */
    public static Submission from(
            ApiClient client, byte[] body, Optional<ParticipantId> sender, Optional<ParticipantId> receiver) {
        return new Submission(body, sender, receiver, client.actor(), Optional.of(client));
    }
}
