package org.silkgate.ap.discovery;

import java.util.Map;
import java.util.Optional;
import org.silkgate.ap.model.DocumentTypeId;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.model.ProcessId;

/**
 * A fixed routing table, for bilateral links agreed outside the SMP and for benchmarks: participants map to an
 * endpoint; an optional default catches everyone else.
 */
public final class StaticEndpointResolver implements EndpointResolver {
    private final Map<ParticipantId, Endpoint> byParticipant;
    private final Optional<Endpoint> fallback;

    public StaticEndpointResolver(Map<ParticipantId, Endpoint> byParticipant, Optional<Endpoint> fallback) {
        this.byParticipant = Map.copyOf(byParticipant);
        this.fallback = fallback;
    }

    /** Everything goes to one access point. */
    public static StaticEndpointResolver everythingTo(Endpoint endpoint) {
        return new StaticEndpointResolver(Map.of(), Optional.of(endpoint));
    }

    @Override
    public Endpoint resolve(ParticipantId receiver, DocumentTypeId documentType, ProcessId process) {
        Endpoint endpoint = byParticipant.get(receiver);
        if (endpoint != null) return endpoint;
        return fallback.orElseThrow(
                () -> new EndpointNotFoundException("participant " + receiver + " is not in the static routing table"));
    }
}
