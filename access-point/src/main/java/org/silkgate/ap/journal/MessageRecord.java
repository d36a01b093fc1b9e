package org.silkgate.ap.journal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One journaled message; ids in URI form; {@code sha256} of the business document. */
public record MessageRecord(Direction direction, String messageId, String sbdhInstanceId, String sender,
                            String receiver, String documentType, String process, String countryC1,
                            Optional<String> peerAp, long documentSize, long sbdhSize, String sha256,
                            MessageState state, Optional<String> reason, int attempts, Optional<Instant> nextAttemptAt,
                            Instant createdAt, Instant updatedAt, List<StateChange> history) {

    public record StateChange(MessageState state, Optional<String> reason, Instant at) {}

    /** A new record in its first state. */
    public static MessageRecord first(Direction direction, String messageId, String sbdhInstanceId, String sender,
                                      String receiver, String documentType, String process, String countryC1,
                                      Optional<String> peerAp, long documentSize, long sbdhSize, String sha256,
                                      MessageState state, Instant at) {
        return new MessageRecord(direction, messageId, sbdhInstanceId, sender, receiver, documentType, process, countryC1,
                peerAp, documentSize, sbdhSize, sha256, state, Optional.empty(), 0, Optional.empty(), at, at,
                List.of(new StateChange(state, Optional.empty(), at)));
    }
}
