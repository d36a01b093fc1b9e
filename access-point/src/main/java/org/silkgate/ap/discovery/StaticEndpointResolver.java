package org.silkgate.ap.discovery;

import org.silkgate.ap.discovery.EndpointResolver;
import org.silkgate.ap.discovery.Endpoint;
import java.util.Map;
import java.util.Optional;
import org.silkgate.ap.discovery.ServedParticipants;

/**
 * A fixed routing table, for bilateral links agreed outside the SMP and for benchmarks: participants map to an
 * endpoint; an optional default catches everyone else.
 */
public final class StaticEndpointResolver implements EndpointResolver {
    private final Map<String, Endpoint> byParticipant;
    private final Optional<Endpoint> fallback;

    public StaticEndpointResolver(Map<String, Endpoint> byParticipant, Optional<Endpoint> fallback) {
        this.byParticipant = Map.copyOf(byParticipant.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> ServedParticipants.uriForm(e.getKey()), Map.Entry::getValue)));
        this.fallback = fallback;
    }

    /** Everything goes to one access point. */
    public static StaticEndpointResolver everythingTo(Endpoint endpoint) {
        return new StaticEndpointResolver(Map.of(), Optional.of(endpoint));
    }

    @Override
    public Endpoint resolve(String receiver, String documentType, String process) {
        Endpoint endpoint = byParticipant.get(ServedParticipants.uriForm(receiver));
        if (endpoint != null) return endpoint;
        return fallback.orElseThrow(() -> new EndpointNotFoundException(
                "participant " + receiver + " is not in the static routing table"));
    }
}
