package org.silkgate.smp.http;

import java.nio.ByteBuffer;
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
 * The lookup fast path: a GET for a ServiceGroup or SignedServiceMetadata that is already in memory is answered
 * here, in Jetty, with the stored bytes. Everything else (misses, writes, errors, the directory) goes on to the
 * JAX-RS application, which is the reference for the interface; this handler only short-cuts its hot reads.
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

    /** The hot bytes for {@code /{pid}}, {@code /{pid}/services/{doc}} and the same under {@code /bdxr}; else null. */
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
                return registry.hotServiceGroup(participant(segments[first]), format);
            }
            if (segments.length - first == 3 && SERVICES.equals(segments[first + 1])) {
                SmpIdentifier doc = SmpIdentifier.parse(Kind.DOCUMENT_TYPE, PathCodec.decode(segments[first + 2]));
                return registry.hotServiceMetadata(participant(segments[first]), doc, format);
            }
        } catch (IdentifierException e) {
            return null; // the JAX-RS resource answers with the 400 and its reason
        }
        return null;
    }

    private static SmpIdentifier participant(String segment) throws IdentifierException {
        return SmpIdentifier.parse(Kind.PARTICIPANT, PathCodec.decode(segment));
    }
}
