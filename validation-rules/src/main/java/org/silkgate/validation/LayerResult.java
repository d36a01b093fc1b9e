package org.silkgate.validation;

import java.util.List;

/** The findings of one layer: "xml", "xsd", "document-type" or one Schematron rule set. */
public record LayerResult(String layer, List<Finding> findings) {
    public LayerResult {
        findings = List.copyOf(findings);
    }

    public boolean passed() {
        return findings.stream().noneMatch(Finding::fatal);
    }
}
