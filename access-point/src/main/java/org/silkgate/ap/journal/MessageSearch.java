package org.silkgate.ap.journal;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.silkgate.ap.model.ParticipantId;

/**
 * What an operator looks for in the journal; every part optional.
 *
 * @param participants one of them is the sender or the receiver; empty: anyone
 * @param documentType a part of the document type identifier (the whole one is long)
 * @param from created at or after
 * @param until created before
 */
public record MessageSearch(
        Optional<Direction> direction,
        Optional<MessageState> state,
        Set<ParticipantId> participants,
        Optional<String> documentType,
        Optional<Instant> from,
        Optional<Instant> until) {
    public static final MessageSearch ALL = new MessageSearch(
            Optional.empty(), Optional.empty(), Set.of(), Optional.empty(), Optional.empty(), Optional.empty());

    public MessageSearch {
        participants = Set.copyOf(participants);
    }
}
