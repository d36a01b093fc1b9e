package org.silkgate.security.tls;

import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A Jetty connector that speaks the {@link TlsPolicy}: every SilkGate server's TLS listener is made here. Jetty is
 * the servers' own dependency (provided scope here), so this class costs nothing to a module without one.
 */
public final class JettyTls {
    private JettyTls() {}

    /**
     * @param tls the server context ({@link TlsContexts#server})
     * @param sniHostCheck whether a request must name a host of the certificate: off where clients connect by IP
     */
    public static ServerConnector connector(Server server, SSLContext tls, boolean sniHostCheck) {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setSslContext(tls);
        factory.setIncludeProtocols(TlsPolicy.protocols());
        factory.setIncludeCipherSuites(TlsPolicy.cipherSuites());
        factory.setUseCipherSuitesOrder(true);
        HttpConfiguration https = new HttpConfiguration();
        https.addCustomizer(new SecureRequestCustomizer(sniHostCheck));
        return new ServerConnector(
                server,
                new SslConnectionFactory(factory, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
    }
}
