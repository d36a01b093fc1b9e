package org.silkgate.bench;

import jakarta.servlet.http.HttpServlet;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.silkgate.ap.as4.Phase4Runtime;

/**
 * A receiving AS4 endpoint of the AS4 benchmark: Jetty on a free loopback port serving one servlet at {@code /as4},
 * holding phase4's global runtime ({@link Phase4Runtime}) while it is up.
 */
final class LoopbackAs4Endpoint implements AutoCloseable {
    private final Server server;
    private final String url;

    private LoopbackAs4Endpoint(Server server, String url) {
        this.server = server;
        this.url = url;
    }

    /** @param servletForUrl builds the servlet, given the endpoint's own URL (phase4 checks it against the PMode) */
    static LoopbackAs4Endpoint start(Function<String, HttpServlet> servletForUrl) throws Exception {
        Phase4Runtime.acquire();
        Server server = new Server();
        try {
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            connector.open();
            String url = "http://127.0.0.1:" + connector.getLocalPort() + "/as4";
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

    String url() { return url; }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            Phase4Runtime.release();
        }
    }
}
