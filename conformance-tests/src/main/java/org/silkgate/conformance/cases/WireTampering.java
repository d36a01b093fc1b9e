package org.silkgate.conformance.cases;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Byte-level changes to a finished AS4 MIME message, as an attacker or a broken proxy would make them. */
final class WireTampering {
    private WireTampering() {}

    /** Flips one bit in the middle of the body of the last MIME part: the encrypted payload. */
    static byte[] flipPayloadByte(byte[] mime) {
        String text = new String(mime, StandardCharsets.ISO_8859_1);
        String boundary = boundaryOf(text);
        List<Integer> delimiters = new ArrayList<>();
        for (int at = text.indexOf("--" + boundary); at >= 0; at = text.indexOf("--" + boundary, at + 1)) delimiters.add(at);
        if (delimiters.size() < 3) throw new IllegalArgumentException("not a multipart message with an attachment part");
        int partStart = delimiters.get(delimiters.size() - 2);
        int bodyStart = text.indexOf("\r\n\r\n", partStart) + 4;
        int bodyEnd = delimiters.get(delimiters.size() - 1);
        if (bodyStart < 4 || bodyEnd - bodyStart < 16) throw new IllegalArgumentException("the attachment part has no body");
        byte[] tampered = mime.clone();
        tampered[(bodyStart + bodyEnd) / 2] ^= 0x01;
        return tampered;
    }

    /** Replaces a signed text of the SOAP header by another of the same length. */
    static byte[] replaceInHeader(byte[] mime, String signedText, String replacement) {
        String text = new String(mime, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(signedText);
        if (at < 0) throw new IllegalArgumentException("the message does not contain '" + signedText + "'");
        return (text.substring(0, at) + replacement + text.substring(at + signedText.length())).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String boundaryOf(String mime) {
        for (String line : mime.split("\r\n", 20)) {
            if (line.startsWith("--") && line.length() > 2) return line.substring(2).strip();
        }
        throw new IllegalArgumentException("no MIME boundary at the start of the message");
    }
}
