package org.silkgate.ap.model;

/** A Peppol process identifier; case-sensitive. */
public record ProcessId(String scheme, String value) {
    public static final String CENBII_SCHEME = "cenbii-procid-ubl";

    public ProcessId {
        scheme = Identifiers.required(scheme, "process identifier scheme");
        value = Identifiers.required(value, "process identifier value");
    }

    /** Reads the URI form {@code scheme::value}. */
    public static ProcessId parse(String text) {
        String[] parts = Identifiers.split(text, "process identifier");
        return new ProcessId(parts[0], parts[1]);
    }

    public String uri() { return scheme + "::" + value; }

    @Override
    public String toString() { return uri(); }
}
