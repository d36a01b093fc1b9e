package org.silkgate.validation;

/**
 * What a document is, as read from it and matched against the registry.
 *
 * @param specification the specification that applies, e.g. "CAREC BIS e-Tendering 1.0"
 */
public record DocumentType(
        String rootNamespace,
        String rootName,
        String customizationId,
        String profileId,
        String ublVersion,
        String specification) {}
