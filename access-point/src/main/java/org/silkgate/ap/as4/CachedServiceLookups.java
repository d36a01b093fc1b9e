package org.silkgate.ap.as4;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * phase4 looks up an SPI with {@link java.util.ServiceLoader} on every incoming message (the request at C3, the
 * receipt at C2), through the thread's context class loader; each look-up searches every jar on the class path,
 * a cost paid per message for an answer that never changes. The class path does not change while the access point runs, so
 * this loader, wrapped around phase4 calls as the context class loader, answers {@code META-INF/services/} look-ups
 * from a cache and delegates everything else.
 */
final class CachedServiceLookups extends ClassLoader {
    private static final String SERVICES = "META-INF/services/";
    private static final CachedServiceLookups INSTANCE =
            new CachedServiceLookups(CachedServiceLookups.class.getClassLoader());

    private final ConcurrentMap<String, List<URL>> services = new ConcurrentHashMap<>();

    static {
        registerAsParallelCapable();
    }

    private CachedServiceLookups(ClassLoader parent) {
        super("silkgate-cached-service-lookups", parent);
    }

    /** Runs a phase4 call with this loader as the context class loader (unless the thread has a foreign one). */
    static <T> T around(Callable<T> call) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        boolean install = previous == null || previous == INSTANCE.getParent();
        if (install) thread.setContextClassLoader(INSTANCE);
        try {
            return call.call();
        } finally {
            if (install) thread.setContextClassLoader(previous);
        }
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (!name.startsWith(SERVICES)) return super.getResources(name);
        List<URL> found = services.get(name);
        if (found == null) {
            found = List.copyOf(Collections.list(super.getResources(name)));
            services.putIfAbsent(name, found);
        }
        return Collections.enumeration(found);
    }
}
