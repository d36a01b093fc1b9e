package org.silkgate.ap.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.silkgate.ap.clients.ApiClient;
import org.silkgate.ap.clients.ApiClients;

/** Who is calling: the API client of the request's bearer token, or a 401 answered and audited. */
final class Authentication {
    private static final String BEARER = "Bearer ";

    private final ApiClients clients;

    Authentication(ApiClients clients) {
        this.clients = clients;
    }

    /** The caller, or empty after answering 401 (the refusal is in the audit log). */
    Optional<ApiClient> caller(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String header = request.getHeader("Authorization");
        Optional<ApiClient> client = header != null && header.startsWith(BEARER)
                ? clients.authenticate(header.substring(BEARER.length()).strip())
                : Optional.empty();
        if (client.isPresent()) return client;
        clients.refused(request.getRemoteAddr(), header == null ? "no Authorization header" : "unknown token");
        response.setHeader("WWW-Authenticate", "Bearer realm=\"silkgate\"");
        ApiServlet.error(
                response,
                HttpServletResponse.SC_UNAUTHORIZED,
                header == null
                        ? "this API needs Authorization: Bearer TOKEN (./silkgate ap client add)"
                        : "the token is not valid");
        return Optional.empty();
    }

    /** The caller if it is an operator; otherwise 401 or 403 answered. */
    Optional<ApiClient> operator(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ApiClient> caller = caller(request, response);
        if (caller.isPresent() && !caller.get().operator()) {
            ApiServlet.error(
                    response, HttpServletResponse.SC_FORBIDDEN, "only an operator of this access point may do that");
            return Optional.empty();
        }
        return caller;
    }
}
