package org.silkgate.smp.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.silkgate.smp.registry.Registry;
import org.silkgate.smp.store.DirectoryEntry;
import org.silkgate.smp.store.RegistryException;

/**
 * The small participant directory: {@code GET /api/v1/participants?country=KZ&q=steel&limit=100} as JSON, public;
 * and {@code GET /api/v1/operator/participants}, the participants the authenticated operator owns.
 */
@Path("/api/v1")
public final class DirectoryResource {
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    private static final int MAX_LIMIT = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Registry registry;
    private final BasicAuth auth;

    public DirectoryResource(Registry registry, BasicAuth auth) {
        this.registry = registry;
        this.auth = auth;
    }

    @GET
    @Path("operator/participants")
    public Response owned(
            @QueryParam("limit") @DefaultValue("1000") int limit,
            @Context HttpHeaders headers,
            @Context HttpServletRequest request)
            throws RegistryException, SQLException {
        if (limit < 1 || limit > MAX_LIMIT)
            throw RegistryException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        return json(registry.ownedBy(auth.operator(headers, request.getRemoteAddr()), limit));
    }

    @GET
    @Path("participants")
    public Response list(
            @QueryParam("country") String country,
            @QueryParam("q") String text,
            @QueryParam("limit") @DefaultValue("100") int limit)
            throws RegistryException, SQLException {
        if (country != null && !COUNTRY.matcher(country).matches()) {
            throw RegistryException.badRequest("country must be an ISO 3166-1 alpha-2 code, not '" + country + "'");
        }
        if (limit < 1 || limit > MAX_LIMIT)
            throw RegistryException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        String query = text == null || text.isBlank() ? null : text.strip();
        return json(registry.directory(country, query, limit));
    }

    private static Response json(List<DirectoryEntry> entries) {
        try {
            byte[] body = JSON.writeValueAsBytes(Map.of("participants", entries));
            return Response.ok(body, "application/json").build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the directory as JSON", e);
        }
    }
}
