package org.silkgate.network;

import java.util.List;

/**
 * A business in the demo network (docs/network.md).
 *
 * @param role        what it is in the story ("buyer (ministry)", "supplier", …)
 * @param shortName   how progress lines and tables name it ("GE ministry")
 * @param name        its legal name
 * @param country     the country whose access point serves it
 * @param identifiers its participant identifiers as {@code ICD:value}, the national one first
 */
public record Participant(String role, String shortName, String name, String country, List<String> identifiers) {
    public Participant {
        identifiers = List.copyOf(identifiers);
        if (identifiers.isEmpty()) throw new IllegalArgumentException(name + " has no participant identifier");
    }

    /** The national identifier, in {@code ICD:value} form. */
    public String primaryIdentifier() {
        return identifiers.get(0);
    }
}
