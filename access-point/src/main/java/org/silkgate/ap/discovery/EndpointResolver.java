package org.silkgate.ap.discovery;

import org.silkgate.ap.model.DocumentTypeId;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.model.ProcessId;

/** Finds the receiving access point for a participant and document type (the SMP, or a fixed table). */
public interface EndpointResolver {
    /** @throws EndpointNotFoundException when nobody receives this document for this participant (permanent) */
    Endpoint resolve(ParticipantId receiver, DocumentTypeId documentType, ProcessId process);

    final class EndpointNotFoundException extends RuntimeException {
        public EndpointNotFoundException(String message) {
            super(message);
        }

        public EndpointNotFoundException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
