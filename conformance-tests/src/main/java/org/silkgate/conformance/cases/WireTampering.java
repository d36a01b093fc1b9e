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
        for (int at = text.indexOf("--" + boundary); at >= 0; at = text.indexOf("--" + boundary, at + 1))
            delimiters.add(at);
        if (delimiters.size() < 3)
            throw new IllegalArgumentException("not a multipart message with an attachment part");
        int partStart = delimiters.get(delimiters.size() - 2);
        int bodyStart = text.indexOf("\r\n\r\n", partStart) + 4;
        int bodyEnd = delimiters.get(delimiters.size() - 1);
        if (bodyStart < 4 || bodyEnd - bodyStart < 16)
            throw new IllegalArgumentException("the attachment part has no body");
        byte[] tampered = mime.clone();
        tampered[(bodyStart + bodyEnd) / 2] ^= 0x01;
        return tampered;
    }

    /** Replaces a signed text of the SOAP header by another of the same length. */
    static byte[] replaceInHeader(byte[] mime, String signedText, String replacement) {
        String text = new String(mime, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(signedText);
        if (at < 0) throw new IllegalArgumentException("the message does not contain '" + signedText + "'");
        return (text.substring(0, at) + replacement + text.substring(at + signedText.length()))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * XML signature wrapping: the signed {@code eb:Messaging} moves into a header element nobody reads, and an unsigned
     * copy with another id and MessageId takes its place. The signature still verifies (its reference finds the moved
     * element by id); only a receiver that checks what the signature covers sees that the header it reads is unsigned.
     */
    static byte[] wrapSignedHeader(byte[] mime, String forgedMessageId) {
        String text = new String(mime, StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher messaging = java.util.regex.Pattern.compile(
                        "<(\\w+:|)Messaging\\b[^>]*>.*?</\\1Messaging>", java.util.regex.Pattern.DOTALL)
                .matcher(text);
        if (!messaging.find()) throw new IllegalArgumentException("the message has no eb:Messaging header");
        String signed = messaging.group();
        String forged = signed.replaceFirst("(\\w+:Id)=\"[^\"]*\"", "$1=\"forged-messaging\"")
                .replaceFirst(
                        "<(\\w+:|)MessageId>[^<]*</\\1MessageId>",
                        "<$1MessageId>" + forgedMessageId + "</$1MessageId>");
        if (forged.equals(signed)) throw new IllegalArgumentException("the eb:Messaging header has no id to change");
        String hidden =
                "<sgx:Hidden xmlns:sgx=\"urn:silkgate:conformance:signature-wrapping\">" + signed + "</sgx:Hidden>";
        return (text.substring(0, messaging.start()) + forged + hidden + text.substring(messaging.end()))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String boundaryOf(String mime) {
        for (String line : mime.split("\r\n", 20)) {
            if (line.startsWith("--") && line.length() > 2)
                return line.substring(2).strip();
        }
        throw new IllegalArgumentException("no MIME boundary at the start of the message");
    }
}
