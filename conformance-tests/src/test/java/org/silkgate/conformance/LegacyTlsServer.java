package org.silkgate.conformance;

import java.net.InetAddress;
import java.nio.file.Path;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.silkgate.network.PkiTls;

/**
 * A plain JDK TLS listener that still speaks TLS 1.1, as a misconfigured access point's would: run in a JVM of its own
 * whose {@code jdk.tls.disabledAlgorithms} no longer lists TLSv1.1 (the test JVM's SSL classes have read theirs long
 * before a test could change it). Prints its port on the first line, then completes handshakes until killed.
 *
 * <p>Arguments: the TLS server keystore (a {@code tls-CC.p12} of the dev PKI).
 */
public final class LegacyTlsServer {
    private LegacyTlsServer() {}

    public static void main(String[] args) throws Exception {
        var context = PkiTls.serverContext(Path.of(args[0]));
        try (SSLServerSocket server = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setEnabledProtocols(new String[] {"TLSv1.1", "TLSv1.2"});
            System.out.println(server.getLocalPort());
            System.out.flush();
            while (true) {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    socket.setSoTimeout(10_000);
                    socket.startHandshake();
                } catch (java.io.IOException handshakeEnded) {
                    // the kit's raw TLS 1.1 probe hangs up after the ServerHello; the next connection is served as
                    // usual
                }
            }
        }
    }
}
