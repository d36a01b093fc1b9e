package org.silkgate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.silkgate.security.tls.TlsPolicy;

/**
 * A minimal HTTP/1.1 client for load generation: one persistent loopback connection (plain or TLS), one request at a time, replies
 * read by {@code Content-Length} into a reused buffer. Far cheaper per request than a general client, so that a
 * benchmark on a small machine measures the server rather than itself.
 */
final class KeepAliveConnection implements AutoCloseable {
    /** Status and body size of one reply; the body itself is read and dropped. */
    record Reply(int status, int bodyLength) {}

    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;

    /** A plain HTTP connection. */
    KeepAliveConnection(String host, int port) throws IOException {
        this(host, port, null);
    }

    /**
     * @param tls for HTTPS: the client context the server's certificate and host name are checked with (the
     *            handshake is done here, before the first request); null for plain HTTP
     */
    KeepAliveConnection(String host, int port, SSLContext tls) throws IOException {
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host, port), 5_000);
            plain.setSoTimeout(30_000);
            if (tls == null) {
                socket = plain;
            } else {
                SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
                secure.setSSLParameters(TlsPolicy.clientParameters(host));
                secure.startHandshake();
                socket = secure;
            }
            out = socket.getOutputStream();
            in = socket.getInputStream();
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** The bytes of a GET for {@code uri} on a kept-alive connection. */
    static byte[] get(URI uri) {
        String path = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        return ("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    Reply exchange(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        int status = -1;
        int contentLength = -1;
        // header lines up to the empty one
        for (int line = 0; ; line++) {
            int start = nextLine();
            if (lineLength == 0) break;
            if (line == 0) {
                status = parseStatus(start, lineLength);
            } else if (startsWithIgnoreCase(start, lineLength, CONTENT_LENGTH)) {
                contentLength = Integer.parseInt(new String(
                                buffer,
                                start + CONTENT_LENGTH.length,
                                lineLength - CONTENT_LENGTH.length,
                                StandardCharsets.US_ASCII)
                        .strip());
            }
        }
        if (contentLength < 0) throw new IOException("reply without Content-Length (status " + status + ")");
        skip(contentLength);
        return new Reply(status, contentLength);
    }

    /** Length of the line {@link #nextLine()} found last, without its CRLF. */
    private int lineLength;

    /** Reads up to the next CRLF; returns where the line starts in the buffer and leaves its length in {@link #lineLength}. */
    private int nextLine() throws IOException {
        int scan = position;
        while (true) {
            for (; scan + 1 < limit; scan++) {
                if (buffer[scan] == '\r' && buffer[scan + 1] == '\n') {
                    int start = position;
                    lineLength = scan - start;
                    position = scan + 2;
                    return start;
                }
            }
            int shift = position;
            if (!fill()) throw new IOException("connection closed in the middle of a reply");
            scan -= shift; // fill() moved the unread bytes to the front
        }
    }

    /** Reads more bytes, first moving the unread ones to the front; false at end of stream. */
    private boolean fill() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (limit == buffer.length) throw new IOException("a header line longer than " + buffer.length + " bytes");
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) return false;
        limit += read;
        return true;
    }

    private void skip(int bytes) throws IOException {
        int left = bytes;
        while (left > 0) {
            if (position == limit) {
                position = limit = 0;
                if (!fill()) throw new IOException("connection closed in the middle of a body");
            }
            int take = Math.min(left, limit - position);
            position += take;
            left -= take;
        }
    }

    private int parseStatus(int start, int length) throws IOException {
        // "HTTP/1.1 200 OK"
        if (length < 12) throw new IOException("not an HTTP status line");
        return (buffer[start + 9] - '0') * 100 + (buffer[start + 10] - '0') * 10 + (buffer[start + 11] - '0');
    }

    private boolean startsWithIgnoreCase(int start, int length, byte[] prefix) {
        if (length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if (Character.toLowerCase(buffer[start + i]) != prefix[i]) return false;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
