package org.silkgate.ap.model;

import java.util.Map;
import java.util.Optional;

/**
 * The country of a participant as far as its identifier tells: what the Peppol reports need as the end receiver's
 * country (C4) when the SBDH carries none. The provisional CAREC ICDs (docs/network.md) name one country each; a GS1
 * GLN ({@code 0088}) is read by the prefix of the GS1 member organisation that issued it, for the CAREC members only.
 * Anything else is unknown, which the reports spell {@code ZZ}.
 */
public final class ParticipantCountry {
    /** ISO 3166 alpha-2 for "unknown", accepted by the TSR and EUSR code lists. */
    public static final String UNKNOWN = "ZZ";

    private static final Map<String, String> BY_ICD = Map.of(
            "9970", "KZ",
            "9971", "UZ",
            "9972", "GE",
            "9973", "CN",
            "9974", "MN",
            "9975", "PK",
            "9976", "AZ",
            "9977", "KG",
            "9978", "TJ");

    /** GS1 company prefixes (first three digits) of the CAREC members' GS1 organisations. */
    private static final Map<String, String> BY_GS1_PREFIX = Map.ofEntries(
            Map.entry("487", "KZ"),
            Map.entry("478", "UZ"),
            Map.entry("486", "GE"),
            Map.entry("865", "MN"),
            Map.entry("896", "PK"),
            Map.entry("476", "AZ"),
            Map.entry("470", "KG"),
            Map.entry("488", "TJ"));

    private ParticipantCountry() {}

    /** The country the identifier names, or empty when it names none. */
    public static Optional<String> of(ParticipantId participant) {
        if (!participant.scheme().equals(ParticipantId.ISO6523_SCHEME)) return Optional.empty();
        String value = participant.value();
        int colon = value.indexOf(':');
        if (colon < 0) return Optional.empty();
        String icd = value.substring(0, colon);
        String id = value.substring(colon + 1);
        if (icd.equals("0088")) {
            if (id.length() < 3) return Optional.empty();
            String prefix = id.substring(0, 3);
            // China's GS1 prefixes are a range, not one code
            if (prefix.compareTo("690") >= 0 && prefix.compareTo("699") <= 0) return Optional.of("CN");
            return Optional.ofNullable(BY_GS1_PREFIX.get(prefix));
        }
        return Optional.ofNullable(BY_ICD.get(icd));
    }

    /** The country the identifier names, else {@link #UNKNOWN}. */
    public static String orUnknown(ParticipantId participant) {
        return of(participant).orElse(UNKNOWN);
    }
}
