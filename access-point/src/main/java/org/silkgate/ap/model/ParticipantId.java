package org.silkgate.ap.model;

import java.util.Locale;

/**
 * A Peppol participant identifier. Values of the ISO 6523 scheme compare case-insensitively in Peppol, so they are
 * kept in lower case: two spellings of one participant are one key in the journal, the routing table and the SMP.
 */
public record ParticipantId(String scheme, String value) implements PeppolIdentifier {
    public static final String ISO6523_SCHEME = "iso6523-actorid-upis";

    public ParticipantId {
        scheme = PeppolIdentifier.required(scheme, "participant identifier scheme")
                .toLowerCase(Locale.ROOT);
        value = PeppolIdentifier.required(value, "participant identifier value");
        if (scheme.equals(ISO6523_SCHEME)) value = value.toLowerCase(Locale.ROOT);
    }

    /**
     * Reads {@code scheme::value} (URI form, {@code iso6523-actorid-upis::9970:980540001256}) or a bare
     * {@code 9970:980540001256}, which is taken as ISO 6523.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ParticipantId parse(String text) {
        String trimmed = PeppolIdentifier.required(text, "participant identifier");
        int separator = trimmed.indexOf("::");
        return separator < 0
                ? new ParticipantId(ISO6523_SCHEME, trimmed)
                : new ParticipantId(trimmed.substring(0, separator), trimmed.substring(separator + 2));
    }

    /** The URI form, {@code scheme::value}. */
    @Override
    public String toString() {
        return uri();
    }
}
