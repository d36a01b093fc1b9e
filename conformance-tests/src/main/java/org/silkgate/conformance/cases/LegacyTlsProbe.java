package org.silkgate.conformance.cases;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.silkgate.security.tls.TlsPolicy;

/**
 * Offers a TLS 1.1 handshake to a listener with a ClientHello built by hand. The JDK disables TLS 1.1 in its own
 * clients ({@code jdk.tls.disabledAlgorithms}), so an {@link SSLSocket} asked for TLSv1.1 would fail before sending
 * anything and prove nothing about the server; raw bytes over a plain socket reach the server whatever this JVM allows.
 */
final class LegacyTlsProbe {
    static final int TLS_1_1 = 0x0302;
    private static final int TIMEOUT_MILLIS = 15_000;
    /**
     * Suites a TLS 1.1 server can pick (no AEAD before 1.2): ECDHE-ECDSA and ECDHE-RSA with AES-CBC-SHA, then plain
     * RSA with AES-CBC-SHA, so a server with either kind of key has one it could choose if it accepted TLS 1.1.
     */
    private static final int[] TLS_1_1_SUITES = {0xC009, 0xC00A, 0xC013, 0xC014, 0x002F, 0x0035};

    private LegacyTlsProbe() {}

    /** How the server answered the TLS 1.1 ClientHello. */
    record Answer(boolean serverHello, String description) {}

    /** Sends a TLS 1.1 ClientHello and reads the first record back. */
    static Answer offerTls11(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(clientHello(host));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int type;
            int version;
            byte[] body;
            try {
                type = in.readUnsignedByte();
                version = in.readUnsignedShort();
                body = new byte[in.readUnsignedShort()];
                in.readFully(body);
            } catch (EOFException | SocketException closed) {
                return new Answer(
                        false,
                        "the server closed the connection without a ServerHello ("
                                + (closed.getMessage() == null ? "end of stream" : closed.getMessage()) + ")");
            } catch (SocketTimeoutException silent) {
                return new Answer(false, "the server sent nothing back within " + TIMEOUT_MILLIS / 1000 + " s");
            }
            if (type == 0x15) {
                String alert = body.length >= 2
                        ? String.format(
                                Locale.ROOT,
                                "alert level %d, description %d (%s)",
                                body[0],
                                body[1] & 0xff,
                                alertName(body[1] & 0xff))
                        : "a truncated alert";
                return new Answer(
                        false, "the server answered with " + alert + " in a record of version " + versionName(version));
            }
            if (type == 0x16 && body.length >= 6 && body[0] == 0x02) {
                int negotiated = ((body[4] & 0xff) << 8) | (body[5] & 0xff);
                return new Answer(
                        true, "the server answered with a ServerHello negotiating " + versionName(negotiated));
            }
            return new Answer(
                    false,
                    String.format(
                            Locale.ROOT,
                            "the server answered with a record of type 0x%02x"
                                    + " (neither an alert nor a ServerHello)",
                            type));
        }
    }

    /**
     * A full TLS 1.2 handshake with the kit's trust and host name check: the control that the listener is reachable
     * and speaks TLS to this client at all, so that a refused TLS 1.1 handshake means something.
     *
     * @return the protocol negotiated
     */
    static String tls12Handshake(String host, int port, SSLContext tls) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            plain.setSoTimeout(TIMEOUT_MILLIS);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true)) {
                SSLParameters parameters = TlsPolicy.clientParameters(host);
                parameters.setProtocols(new String[] {TlsPolicy.TLS_1_2});
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                return socket.getSession().getProtocol();
            }
        } finally {
            plain.close();
        }
    }

    /** A TLS 1.1 ClientHello record: the suites above, EC groups and point formats, SNI only for a host name. */
    static byte[] clientHello(String host) {
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        if (!isIpLiteral(host)) {
            byte[] name = host.getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream list = new ByteArrayOutputStream();
            list.write(0); // host_name
            u16(list, name.length);
            list.writeBytes(name);
            ByteArrayOutputStream sni = new ByteArrayOutputStream();
            u16(sni, list.size());
            sni.writeBytes(list.toByteArray());
            extension(extensions, 0x0000, sni.toByteArray());
        }
        extension(extensions, 0x000a, new byte[] {0, 4, 0, 0x17, 0, 0x18}); // supported groups: secp256r1, secp384r1
        extension(extensions, 0x000b, new byte[] {1, 0}); // EC point formats: uncompressed
        extension(extensions, 0xff01, new byte[] {0}); // secure renegotiation, empty

        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        u16(hello, TLS_1_1);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        hello.writeBytes(random);
        hello.write(0); // no session id
        u16(hello, TLS_1_1_SUITES.length * 2);
        for (int suite : TLS_1_1_SUITES) u16(hello, suite);
        hello.write(1); // one compression method:
        hello.write(0); // null
        u16(hello, extensions.size());
        hello.writeBytes(extensions.toByteArray());

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0x16); // handshake
        u16(record, TLS_1_1);
        u16(record, hello.size() + 4);
        record.write(0x01); // ClientHello
        record.write(0);
        u16(record, hello.size());
        record.writeBytes(hello.toByteArray());
        return record.toByteArray();
    }

    static String versionName(int version) {
        return switch (version) {
            case 0x0300 -> "SSL 3.0";
            case 0x0301 -> "TLS 1.0";
            case 0x0302 -> "TLS 1.1";
            case 0x0303 -> "TLS 1.2";
            case 0x0304 -> "TLS 1.3";
            default -> String.format(Locale.ROOT, "version 0x%04x", version);
        };
    }

    private static String alertName(int description) {
        return switch (description) {
            case 40 -> "handshake_failure";
            case 47 -> "illegal_parameter";
            case 70 -> "protocol_version";
            case 71 -> "insufficient_security";
            case 80 -> "internal_error";
            default -> "see RFC 5246";
        };
    }

    private static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        u16(out, type);
        u16(out, data.length);
        out.writeBytes(data);
    }

    private static void u16(ByteArrayOutputStream out, int value) {
        out.write((value >>> 8) & 0xff);
        out.write(value & 0xff);
    }
}
