package org.silkgate.conformance.cases;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.silkgate.security.tls.TlsPolicy;

/**
 * An AS4 POST that announces more bytes than the target accepts and sends only the start of them: a conforming
 * receiver answers from the headers alone, so the case costs neither side the whole body.
 */
final class OversizedRequest {
    static final int SENT_BYTES = 64 * 1024;
    private static final int ANSWER_TIMEOUT_MILLIS = 30_000;

    private OversizedRequest() {}

    /**
     * The HTTP status line the target answers, or a description of how the connection ended without one.
     *
     * @param tls the client context for an https URL: the target's certificate and host name are checked
     */
    static String statusLine(String url, long announcedBytes, SSLContext tls) throws IOException {
        URI uri = URI.create(url);
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        try (Socket socket = connect(uri.getHost(), port, https ? tls : null)) {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String head = "POST " + path + " HTTP/1.1\r\n"
                    + "Host: " + uri.getHost() + ":" + port + "\r\n"
                    + "Content-Type: multipart/related; type=\"application/soap+xml\"; boundary=\"silkgate-oversized\"\r\n"
                    + "Content-Length: " + announcedBytes + "\r\n"
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(new byte[SENT_BYTES]);
                out.flush();
            } catch (IOException closedEarly) {
                // the receiver may answer and close before taking the first bytes; its answer is still readable
            }
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String status = in.readLine();
            return status == null ? "connection closed without an HTTP answer" : status;
        }
    }

    /** A connected socket; with {@code tls}, TLS by the policy, layered over it for {@code host} (its name checked). */
    private static Socket connect(String host, int port, SSLContext tls) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), ANSWER_TIMEOUT_MILLIS);
            plain.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
            if (tls == null) return plain;
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
            socket.setSSLParameters(TlsPolicy.clientParameters(host));
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }
}
