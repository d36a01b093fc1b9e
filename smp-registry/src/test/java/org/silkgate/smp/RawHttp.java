package org.silkgate.smp;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal HTTP/1.0 client whose requests can leave from any loopback address (127.0.0.2, 127.0.0.3, ...), so that
 * tests can be several clients to a registry listening on 127.0.0.1; java.net.http cannot choose its source address.
 */
final class RawHttp {
    record Reply(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final URI base;

    RawHttp(String baseUrl) {
        this.base = URI.create(baseUrl);
    }

    Reply put(String from, String path, String body, String user, char[] password) throws Exception {
        return send(from, "PUT", path, body, user, password);
    }

    Reply delete(String from, String path, String user, char[] password) throws Exception {
        return send(from, "DELETE", path, null, user, password);
    }

    Reply get(String path) throws Exception {
        return send("127.0.0.1", "GET", path, null, null, null);
    }

    Reply send(String from, String method, String path, String body, String user, char[] password) throws Exception {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.0\r\n")
                .append("Host: ")
                .append(base.getHost())
                .append(':')
                .append(base.getPort())
                .append("\r\n");
        if (user != null) {
            String credentials = user + ":" + new String(password);
            head.append("Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                    .append("\r\n");
        }
        if (body != null) head.append("Content-Type: text/xml; charset=UTF-8\r\n");
        head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
        try (Socket socket =
                new Socket(InetAddress.getByName(base.getHost()), base.getPort(), InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String response = all.toString(StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String[] lines = response.substring(0, end).split("\r\n");
            Map<String, String> headers = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(
                        lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
            return new Reply(Integer.parseInt(lines[0].split(" ")[1]), headers, response.substring(end + 4));
        }
    }
}
