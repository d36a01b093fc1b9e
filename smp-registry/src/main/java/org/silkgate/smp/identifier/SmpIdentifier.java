package org.silkgate.smp.identifier;

import java.util.Locale;

/**
 * A Peppol identifier {@code scheme::value} (participant, document type or process).
 * {@link #key()} is the form used for storage and comparison: participant values of scheme
 * {@code iso6523-actorid-upis} are case-insensitive (Peppol policy for use of identifiers, POLICY 2), every
 * other value is case-sensitive.
 */
public record SmpIdentifier(Kind kind, String scheme, String value) {
    public static final String ISO6523_SCHEME = "iso6523-actorid-upis";
    public static final String DOCTYPE_SCHEME = "busdox-docid-qns";

    /** The kinds of identifier with the Peppol length limits of their scheme and value. */
    public enum Kind {
        PARTICIPANT("participant", 25, 50),
        DOCUMENT_TYPE("document type", 25, 500),
        PROCESS("process", 25, 200);

        final String label;
        final int maxScheme;
        final int maxValue;

        Kind(String label, int maxScheme, int maxValue) {
            this.label = label;
            this.maxScheme = maxScheme;
            this.maxValue = maxValue;
        }
    }

    /** Parses {@code scheme::value}, already percent-decoded. */
    public static SmpIdentifier parse(Kind kind, String text) throws IdentifierException {
        int sep = text.indexOf("::");
        if (sep < 0) {
            throw new IdentifierException(kind.label + " identifier '" + text + "' must have the form scheme::value");
        }
        return of(kind, text.substring(0, sep), text.substring(sep + 2));
    }

    /** Checks the syntax of a scheme and value as they appear in XML ({@code scheme} attribute plus text). */
    public static SmpIdentifier of(Kind kind, String scheme, String value) throws IdentifierException {
        String s = scheme == null ? "" : scheme.trim();
        String v = value == null ? "" : value.trim();
        if (s.isEmpty()) throw new IdentifierException(kind.label + " identifier has an empty scheme");
        if (v.isEmpty()) throw new IdentifierException(kind.label + " identifier '" + s + "::' has an empty value");
        if (s.length() > kind.maxScheme) {
            throw new IdentifierException(
                    kind.label + " identifier scheme '" + s + "' is longer than " + kind.maxScheme + " characters");
        }
        if (v.length() > kind.maxValue) {
            throw new IdentifierException(
                    kind.label + " identifier value is longer than " + kind.maxValue + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IdentifierException(
                        kind.label + " identifier scheme '" + s + "' may only hold printable ASCII without spaces");
            }
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isISOControl(v.charAt(i))) {
                throw new IdentifierException(kind.label + " identifier value contains a control character");
            }
        }
        return new SmpIdentifier(kind, s, v);
    }

    public boolean caseInsensitive() {
        return kind == Kind.PARTICIPANT && ISO6523_SCHEME.equalsIgnoreCase(scheme);
    }

    /** The comparison key: schemes are always case-insensitive, values only for iso6523 participants. */
    public String key() {
        String s = scheme.toLowerCase(Locale.ROOT);
        return s + "::" + (caseInsensitive() ? value.toLowerCase(Locale.ROOT) : value);
    }

    /** The identifier as it is written in a URL before percent-encoding. */
    @Override
    public String toString() {
        return scheme + "::" + value;
    }
}
