package org.silkgate.ap.model;

/** A Peppol document type identifier; case-sensitive, as Peppol's {@code busdox-docid-qns} values are. */
public record DocumentTypeId(String scheme, String value) implements PeppolIdentifier {
    public static final String BUSDOX_SCHEME = "busdox-docid-qns";

    public DocumentTypeId {
        scheme = PeppolIdentifier.required(scheme, "document type identifier scheme");
        value = PeppolIdentifier.required(value, "document type identifier value");
    }

    /** Reads the URI form {@code scheme::value}. */
    public static DocumentTypeId parse(String text) {
        String[] parts = PeppolIdentifier.split(text, "document type identifier");
        return new DocumentTypeId(parts[0], parts[1]);
    }

    @Override
    public String toString() {
        return uri();
    }
}
