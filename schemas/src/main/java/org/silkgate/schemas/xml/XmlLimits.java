package org.silkgate.schemas.xml;

/**
 * Limits every parser of the project enforces.
 *
 * @param maxBytes        largest document accepted, in bytes
 * @param maxElementDepth deepest element nesting accepted
 * @param maxEntityExpansions entity expansions allowed (DTDs are refused anyway; this is the second fence)
 */
public record XmlLimits(long maxBytes, int maxElementDepth, int maxEntityExpansions) {
    /** 100 MiB: far above any business document, far below what would exhaust a server's heap. */
    public static final XmlLimits DEFAULT = new XmlLimits(100L * 1024 * 1024, 256, 1_000);

    public XmlLimits {
        if (maxBytes <= 0 || maxElementDepth <= 0 || maxEntityExpansions < 0) {
            throw new IllegalArgumentException("XML limits must be positive: " + maxBytes + ", " + maxElementDepth);
        }
    }

    public XmlLimits withMaxBytes(long bytes) {
        return new XmlLimits(bytes, maxElementDepth, maxEntityExpansions);
    }
}
