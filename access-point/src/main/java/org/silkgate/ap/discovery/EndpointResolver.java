package org.silkgate.ap.discovery;

import org.silkgate.ap.discovery.Endpoint;
/** Finds the receiving access point for a participant and document type (the SMP, or a fixed table). */
public interface EndpointResolver {
    /**
     * @param receiver participant id in URI form
     * @param documentType document type id in URI form
     * @param process process id in URI form
     * @throws EndpointNotFoundException when nobody receives this document for this participant (permanent)
     */
    Endpoint resolve(String receiver, String documentType, String process);

    final class EndpointNotFoundException extends RuntimeException {
        public EndpointNotFoundException(String message) { super(message); }
        public EndpointNotFoundException(String message, Throwable cause) { super(message, cause); }
    }
}
