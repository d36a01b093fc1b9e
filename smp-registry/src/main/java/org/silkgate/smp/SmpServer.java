package org.silkgate.smp;

import jakarta.ws.rs.core.Application;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import org.apache.cxf.jaxrs.servlet.CXFNonSpringJaxrsServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.silkgate.console.ConsoleSessions;
import org.silkgate.security.KeystoreException;
import org.silkgate.security.PrivateFolders;
import org.silkgate.security.audit.AuditLog;
import org.silkgate.security.tls.JettyTls;
import org.silkgate.security.tls.TlsContexts;
import org.silkgate.smp.console.SmpConsoleServlet;
import org.silkgate.smp.http.BasicAuth;
import org.silkgate.smp.http.DirectoryResource;
import org.silkgate.smp.http.HealthResource;
import org.silkgate.smp.http.HotLookupHandler;
import org.silkgate.smp.http.RegistryExceptionMapper;
import org.silkgate.smp.http.SmpResource;
import org.silkgate.smp.registry.Registry;
import org.silkgate.smp.signing.MetadataSigner;
import org.silkgate.smp.signing.SigningKey;
import org.silkgate.smp.store.Database;
import org.silkgate.smp.store.PostgresChangeListener;
import org.silkgate.smp.store.RegistryStore;
import org.silkgate.smp.users.SmpUsers;

/**
 * The SMP registry process, embeddable: Jetty (ee10) with the CXF JAX-RS servlet in front of the registry.
 * This is the composition root: it wires database, signer, registry, users and HTTP explicitly.
 */
public final class SmpServer implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SmpServer.class);
    /** How long start waits for the first LISTEN; past it the node starts anyway, serving nothing hot, DOWN. */
    private static final long FIRST_LISTEN_MILLIS = 10_000;
    /** How long a console session lives without a request. */
    public static final java.time.Duration CONSOLE_IDLE_TIMEOUT = java.time.Duration.ofMinutes(30);

    private final Server jetty;
    private final Database db;
    private final PostgresChangeListener changes;
    private final Registry registry;
    private final SmpUsers users;
    private final String baseUrl;
    private final int port;

    private SmpServer(
            Server jetty,
            Database db,
            PostgresChangeListener changes,
            Registry registry,
            SmpUsers users,
            String baseUrl,
            int port) {
        this.jetty = jetty;
        this.db = db;
        this.changes = changes;
        this.registry = registry;
        this.users = users;
        this.baseUrl = baseUrl;
        this.port = port;
    }

    public static SmpServer start(SmpConfig config) {
        try {
            PrivateFolders.create(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
        }
        SigningKey key = SigningKey.load(config.keystore(), config.keystorePasswordFile(), config.keyAlias());
        Database db = Database.open(config.effectiveJdbcUrl(), config.dbUser(), config.dbPassword());
        Server jetty = null;
        PostgresChangeListener changes = null;
        try {
            QueuedThreadPool threads = new QueuedThreadPool(200, 8);
            threads.setName("smp-http");
            jetty = new Server(threads);
            ServerConnector connector = connector(jetty, config);
            connector.setHost(config.bind());
            connector.setPort(config.port());
            jetty.addConnector(connector);
            connector.open();
            int port = connector.getLocalPort();
            String scheme = config.tlsKeystore() != null ? "https" : "http";
            String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
            String baseUrl =
                    config.publicUrl() != null ? stripSlash(config.publicUrl()) : scheme + "://" + host + ":" + port;

            SmpUsers users = new SmpUsers(db);
            Registry registry = new Registry(
                    new RegistryStore(db), new MetadataSigner(key), baseUrl, config.hotCacheBytes(), db.isShared());
            // On PostgreSQL other nodes may write too: their commits reach this node's hot documents through the
            // listener. H2 has no listener: its file belongs to this process, whose writes drop its own copies.
            changes = db.changeListener(registry.hotInvalidations());
            if (changes != null && !changes.start(FIRST_LISTEN_MILLIS)) {
                LOG.warn("not yet listening for registry changes: serving from the database, /health DOWN");
            }
            PostgresChangeListener listener = changes;
            BasicAuth auth = new BasicAuth(users, db.audit(), config.throttling());
            Set<Object> singletons = Set.of(
                    new SmpResource(registry, auth),
                    new DirectoryResource(registry, auth),
                    new HealthResource(db, listener == null ? null : listener::isListening, registry::hotCache),
                    new RegistryExceptionMapper());
            Application application = new Application() {
                @Override
                public Set<Object> getSingletons() {
                    return singletons;
                }
            };
            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath("/");
            context.addServlet(new ServletHolder("smp", new CXFNonSpringJaxrsServlet(application)), "/*");
            if (config.tlsKeystore() != null) {
                // the console sends passwords and session cookies (Secure): only on the HTTPS listener
                context.addServlet(
                        new ServletHolder(
                                "console",
                                new SmpConsoleServlet(
                                        "SMP " + java.net.URI.create(baseUrl).getHost(),
                                        registry,
                                        auth,
                                        new ConsoleSessions(CONSOLE_IDLE_TIMEOUT, java.time.Clock.systemUTC()))),
                        "/console/*");
            }
            jetty.setHandler(new HotLookupHandler(registry, context));
            jetty.setStopAtShutdown(false);
            jetty.start();
            return new SmpServer(jetty, db, changes, registry, users, baseUrl, port);
        } catch (Exception e) {
            if (jetty != null) {
                try {
                    jetty.stop();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (changes != null) changes.close();
            db.close();
            if (e instanceof RuntimeException r) throw r;
            throw new IllegalStateException("cannot start the SMP registry: " + e.getMessage(), e);
        }
    }

    private static ServerConnector connector(Server jetty, SmpConfig config) {
        if (config.tlsKeystore() == null) {
            LOG.warn("the SMP registry listens on plain HTTP: its write API's credentials cross the network in clear");
            return new ServerConnector(jetty, 1, 1);
        }
        try {
            // Peppol SMP clients connect by IP or by name; the certificate's SANs are checked by the client, not here
            return JettyTls.connector(
                    jetty,
                    TlsContexts.server(config.tlsKeystore(), Optional.ofNullable(config.tlsPasswordFile())),
                    false);
        } catch (KeystoreException e) {
            throw new IllegalArgumentException("TLS keystore: " + e.getMessage(), e);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The URL clients use, without a trailing slash (the configured public URL if there is one). */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return port;
    }

    /** In-process user management (the same as {@code smp user add}). */
    public SmpUsers users() {
        return users;
    }

    public Registry registry() {
        return registry;
    }

    /** The registry's audit log (in its database): every write, user change and refused login. */
    public AuditLog audit() {
        return db.audit();
    }

    /** True on PostgreSQL while this node hears every node's writes; always false on H2 (no other nodes). */
    public boolean listeningForChanges() {
        return changes != null && changes.isListening();
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the SMP registry failed: " + e.getMessage(), e);
        } finally {
            try {
                if (changes != null) changes.close();
            } finally {
                db.close();
            }
        }
    }
}
