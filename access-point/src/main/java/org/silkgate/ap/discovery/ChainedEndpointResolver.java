package org.silkgate.ap.discovery;

import org.silkgate.ap.model.DocumentTypeId;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.model.ProcessId;

/** Asks the first resolver (a fixed routing table), then the second (the SMP) for participants the first lacks. */
public record ChainedEndpointResolver(EndpointResolver first, EndpointResolver second) implements EndpointResolver {
    @Override
    public Endpoint resolve(ParticipantId receiver, DocumentTypeId documentType, ProcessId process) {
        try {
            return first.resolve(receiver, documentType, process);
        } catch (EndpointNotFoundException notInFirst) {
            return second.resolve(receiver, documentType, process);
        }
    }
}
