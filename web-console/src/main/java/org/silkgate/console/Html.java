package org.silkgate.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The one escaping helper of the console: every value written into a page goes through it. */
public final class Html {
    private Html() {}

    /** Text or an attribute value (quoted with {@code "}) with HTML's special characters escaped. */
    public static String escape(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A query parameter's value, encoded for a URL and then escaped for the attribute it is written into. */
    public static String queryValue(String value) {
        return escape(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
