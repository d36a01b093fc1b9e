package org.silkgate.ap.model;

/** What every Peppol identifier type shares: a scheme, a value, and the URI form {@code scheme::value}. */
public interface PeppolIdentifier {
    String scheme();

    String value();

    /** The URI form, {@code scheme::value}. */
    default String uri() {
        return scheme() + "::" + value();
    }

    /** The trimmed text; refused, naming {@code what}, when missing. */
    static String required(String text, String what) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("the " + what + " is missing");
        return text.strip();
    }

    /** Scheme and value of {@code scheme::value}; refused, naming {@code what}, without a scheme. */
    static String[] split(String text, String what) {
        String trimmed = required(text, what);
        int separator = trimmed.indexOf("::");
        if (separator < 0)
            throw new IllegalArgumentException("the " + what + " '" + trimmed + "' has no scheme (scheme::value)");
        return new String[] {trimmed.substring(0, separator), trimmed.substring(separator + 2)};
    }
}
