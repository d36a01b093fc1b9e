package org.silkgate.pki;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.silkgate.security.tls.TlsPolicy;

/** One TLS handshake on 127.0.0.1 between a policy server and a client, as the SilkGate servers will run it. */
final class TlsLoopback {

    private static final int TIMEOUT_MILLIS = 10_000;

    private TlsLoopback() {}

    /**
     * Shakes hands with {@code client} against {@code server}, the client naming the server {@code peerHost} with
     * {@link TlsPolicy#clientParameters(String)}; the client's session, or the client's exception.
     */
    static SSLSession handshake(SSLContext server, SSLContext client, String peerHost) throws IOException {
        try (SSLServerSocket listener = (SSLServerSocket)
                server.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            listener.setSSLParameters(TlsPolicy.serverParameters());
            listener.setSoTimeout(TIMEOUT_MILLIS);
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> serveOne(listener));
            Socket plain = new Socket();
            plain.connect(
                    new InetSocketAddress(InetAddress.getByName("127.0.0.1"), listener.getLocalPort()), TIMEOUT_MILLIS);
            try (SSLSocket socket = (SSLSocket)
                    client.getSocketFactory().createSocket(plain, peerHost, listener.getLocalPort(), true)) {
                socket.setSoTimeout(TIMEOUT_MILLIS);
                SSLParameters parameters = TlsPolicy.clientParameters(peerHost);
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                if (socket.getInputStream().read() != 'k') {
                    throw new IOException("the server did not answer after the handshake");
                }
                return socket.getSession();
            } finally {
                served.exceptionally(e -> null).join();
            }
        }
    }

    private static void serveOne(SSLServerSocket listener) {
        try (SSLSocket accepted = (SSLSocket) listener.accept()) {
            accepted.setSoTimeout(TIMEOUT_MILLIS);
            accepted.startHandshake();
            accepted.getOutputStream().write('k');
            accepted.getOutputStream().flush();
            while (accepted.getInputStream().read() >= 0) {
                // until the client hangs up, so that it reads the byte first
            }
        } catch (IOException e) {
            // the client reports what went wrong
        }
    }
}
