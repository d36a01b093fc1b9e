package org.silkgate.security.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server on 127.0.0.1 that completes the handshake with each client, sends one byte and hangs up; what it
 * saw of each handshake (the session, or the exception) is kept for the test.
 */
final class LoopbackTlsServer implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 10_000;

    private final SSLServerSocket socket;
    private final BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    LoopbackTlsServer(SSLContext context, Consumer<SSLServerSocket> configure) throws IOException {
        socket = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
        configure.accept(socket);
        acceptor = new Thread(this::serve, "loopback-tls-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** With {@link TlsPolicy#serverParameters()} applied, as every SilkGate listener does. */
    static LoopbackTlsServer withPolicy(SSLContext context) throws IOException {
        return new LoopbackTlsServer(context, s -> s.setSSLParameters(TlsPolicy.serverParameters()));
    }

    SSLServerSocket socket() {
        return socket;
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The server side of the next handshake: its session, or the exception that ended it. */
    Object nextOutcome() throws InterruptedException {
        Object outcome = outcomes.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (outcome == null) {
            throw new AssertionError("no handshake reached the server");
        }
        return outcome;
    }

    /**
     * Connects from 127.0.0.1 and shakes hands as a client of {@code context} configured by {@code configure},
     * naming the server {@code peerHost} (what host-name verification checks when no SNI name is set).
     */
    SSLSession connect(SSLContext context, String peerHost, Consumer<SSLSocket> configure) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port()), TIMEOUT_MILLIS);
        try (SSLSocket client = (SSLSocket) context.getSocketFactory().createSocket(plain, peerHost, port(), true)) {
            client.setSoTimeout(TIMEOUT_MILLIS);
            configure.accept(client);
            client.startHandshake();
            if (client.getInputStream().read() != 'k') {
                throw new IOException("the server did not answer after the handshake");
            }
            return client.getSession();
        }
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (SSLSocket accepted = (SSLSocket) socket.accept()) {
                accepted.setSoTimeout(TIMEOUT_MILLIS);
                try {
                    accepted.startHandshake();
                    accepted.getOutputStream().write('k');
                    accepted.getOutputStream().flush();
                    outcomes.add(accepted.getSession());
                    drain(accepted.getInputStream());
                } catch (IOException e) {
                    outcomes.add(e);
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Waits for the client to hang up, so that it reads the byte before the connection closes. */
    private static void drain(InputStream in) {
        try {
            while (in.read() >= 0) {
                // nothing is expected
            }
        } catch (IOException hungUp) {
            // the client is gone either way
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
