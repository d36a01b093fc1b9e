package org.silkgate.smp.http;

import java.nio.ByteBuffer;
import java.sql.SQLException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.silkgate.smp.identifier.IdentifierException;
import org.silkgate.smp.identifier.PathCodec;
import org.silkgate.smp.identifier.SmpIdentifier;
import org.silkgate.smp.identifier.SmpIdentifier.Kind;
import org.silkgate.smp.registry.Registry;
import org.silkgate.smp.store.RegistryStore.Format;

/**
 * The lookup fast path: a GET for a ServiceGroup or SignedServiceMetadata is answered here, in Jetty, with the stored
 * bytes, from memory when hot, else read from the database (and kept hot), so a first lookup costs one indexed read
 * and no JAX-RS dispatch. Everything else (unknown participants and documents, malformed identifiers, database
 * errors, writes, the directory) goes on to the JAX-RS application, which is the reference for the interface and
 * answers those with their status and reason; this handler only short-cuts the reads that find a document.
 */
public final class HotLookupHandler extends Handler.Wrapper {
    /** Encoded once: the header is the same on every hot answer. */
    private static final HttpField XML = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/xml; charset=UTF-8");

    private static final String BDXR = "bdxr";
    private static final String SERVICES = "services";

    private final Registry registry;

    public HotLookupHandler(Registry registry, Handler next) {
        super(next);
        this.registry = registry;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (HttpMethod.GET.is(request.getMethod())) {
            byte[] hot = lookup(request.getHttpURI().getPath());
            if (hot != null) {
                response.setStatus(200);
                response.getHeaders().put(XML);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, hot.length);
                response.write(true, ByteBuffer.wrap(hot), callback);
                return true;
            }
        }
        return super.handle(request, response, callback);
    }

    /**
     * The bytes for {@code /{pid}}, {@code /{pid}/services/{doc}} and the same under {@code /bdxr}, hot or from the
     * database; null when there are none or the database failed (the JAX-RS resource then answers 404 or the error).
     */
    private byte[] lookup(String rawPath) {
        if (rawPath == null || rawPath.length() < 2 || rawPath.charAt(0) != '/') return null;
        String[] segments = rawPath.substring(1).split("/", -1);
        int first = 0;
        Format format = Format.PEPPOL;
        if (segments.length == 2 || segments.length == 4) {
            if (!BDXR.equals(segments[0])) return null;
            first = 1;
            format = Format.BDXR;
        }
        try {
            if (segments.length - first == 1) {
                return registry.serviceGroup(participant(segments[first]), format)
                        .orElse(null);
            }
            if (segments.length - first == 3 && SERVICES.equals(segments[first + 1])) {
                SmpIdentifier doc = SmpIdentifier.parse(Kind.DOCUMENT_TYPE, PathCodec.decode(segments[first + 2]));
                return registry.signedServiceMetadata(participant(segments[first]), doc, format)
                        .orElse(null);
            }
        } catch (IdentifierException e) {
            return null; // the JAX-RS resource answers with the 400 and its reason
        } catch (SQLException | RuntimeException e) {
            return null; // the JAX-RS resource tries again and answers with the error
        }
        return null;
    }

    private static SmpIdentifier participant(String segment) throws IdentifierException {
        return SmpIdentifier.parse(Kind.PARTICIPANT, PathCodec.decode(segment));
    }
}
