package org.silkgate.ap.model;

/** A Peppol process identifier; case-sensitive. */
public record ProcessId(String scheme, String value) implements PeppolIdentifier {
    public static final String CENBII_SCHEME = "cenbii-procid-ubl";

    public ProcessId {
        scheme = PeppolIdentifier.required(scheme, "process identifier scheme");
        value = PeppolIdentifier.required(value, "process identifier value");
    }

    /** Reads the URI form {@code scheme::value}. */
    public static ProcessId parse(String text) {
        String[] parts = PeppolIdentifier.split(text, "process identifier");
        return new ProcessId(parts[0], parts[1]);
    }

    @Override
    public String toString() {
        return uri();
    }
}
