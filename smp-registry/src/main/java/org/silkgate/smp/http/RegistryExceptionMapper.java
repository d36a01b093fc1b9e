package org.silkgate.smp.http;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.silkgate.smp.store.RegistryException;

/** A refusal becomes its HTTP status with the reason as plain text. */
public final class RegistryExceptionMapper implements ExceptionMapper<RegistryException> {
    @Override
    public Response toResponse(RegistryException e) {
        Response.ResponseBuilder r = Response.status(
                        switch (e.reason()) {
                            case BAD_REQUEST -> 400;
                            case UNAUTHORIZED -> 401;
                            case FORBIDDEN -> 403;
                            case NOT_FOUND -> 404;
                            case CONFLICT -> 409;
                            case TOO_MANY_REQUESTS -> 429;
                        })
                .type("text/plain; charset=UTF-8")
                .entity(e.getMessage() + "\n");
        if (e.reason() == RegistryException.Reason.UNAUTHORIZED)
            r.header(HttpHeaders.WWW_AUTHENTICATE, BasicAuth.CHALLENGE);
        if (e.reason() == RegistryException.Reason.TOO_MANY_REQUESTS)
            r.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        return r.build();
    }
}
