package org.silkgate.bench;

import jakarta.servlet.http.HttpServlet;
import java.nio.file.Path;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.silkgate.ap.as4.Phase4Runtime;
import org.silkgate.network.PkiTls;

/**
 * A receiving AS4 endpoint of the AS4 benchmark: Jetty on a free loopback port serving one servlet at {@code /as4}
 * over TLS, as an access point's listener does (a dev {@code tls-CC.p12}, the policy's protocols and suites), holding
 * phase4's global runtime ({@link Phase4Runtime}) while it is up.
 */
final class LoopbackAs4Endpoint implements AutoCloseable {
    private final Server server;
    private final String url;

    private LoopbackAs4Endpoint(Server server, String url) {
        this.server = server;
        this.url = url;
    }

    /**
     * @param tlsKeystore   the TLS server key the listener presents (names {@code 127.0.0.1})
     * @param servletForUrl builds the servlet, given the endpoint's own URL (phase4 checks it against the PMode)
     */
    static LoopbackAs4Endpoint start(Path tlsKeystore, Function<String, HttpServlet> servletForUrl) throws Exception {
        Phase4Runtime.acquire();
        Server server = new Server();
        try {
            HttpConfiguration https = new HttpConfiguration();
            https.addCustomizer(new SecureRequestCustomizer());
            ServerConnector connector = new ServerConnector(
                    server,
                    new SslConnectionFactory(PkiTls.jettyServer(tlsKeystore), HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(https));
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            connector.open();
            String url = "https://127.0.0.1:" + connector.getLocalPort() + "/as4";
            ServletContextHandler context = new ServletContextHandler();
            context.addServlet(new ServletHolder(servletForUrl.apply(url)), "/as4");
            server.setHandler(context);
            server.start();
            return new LoopbackAs4Endpoint(server, url);
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception stopFailure) {
                e.addSuppressed(stopFailure);
            }
            Phase4Runtime.release();
            throw e;
        }
    }

    String url() {
        return url;
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            Phase4Runtime.release();
        }
    }
}
