package org.silkgate.smp.identifier;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of identifiers in URL paths as SMP clients use it: {@code %XX} is decoded, a '+' stays a '+'
 * (form decoding would turn it into a space), and encoding escapes everything but RFC 3986 unreserved characters
 * so that '#' and ':' always travel as {@code %23} and {@code %3A}.
 */
public final class PathCodec {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathCodec() {}

    public static String decode(String segment) throws IdentifierException {
        if (segment.indexOf('%') < 0) return segment;
        byte[] out = new byte[segment.length() * 3];
        int n = 0;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) throw badEscape(segment, i);
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) throw badEscape(segment, i);
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out[n++] = (byte) c;
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < segment.length() ? i + 2 : i + 1;
                for (byte b : segment.substring(i, end).getBytes(StandardCharsets.UTF_8)) out[n++] = b;
                i = end - 1;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    public static String encode(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }

    private static IdentifierException badEscape(String segment, int at) {
        return new IdentifierException("malformed percent-escape at position " + at + " in '" + segment + "'");
    }
}
