package org.silkgate.ap.model;

/** The checks every identifier type shares. */
final class Identifiers {
    private Identifiers() {}

    static String required(String text, String what) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("the " + what + " is missing");
        return text.strip();
    }

    static String[] split(String text, String what) {
        String trimmed = required(text, what);
        int separator = trimmed.indexOf("::");
        if (separator < 0) throw new IllegalArgumentException("the " + what + " '" + trimmed + "' has no scheme (scheme::value)");
        return new String[] {trimmed.substring(0, separator), trimmed.substring(separator + 2)};
    }
}
