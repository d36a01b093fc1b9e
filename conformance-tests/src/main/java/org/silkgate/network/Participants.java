package org.silkgate.network;

import java.util.List;
import java.util.Map;

/**
 * The cast of docs/network.md: the three access points and the participants they serve, the CAREC Secretariat (the
 * reporting receiver) among them.
 */
public final class Participants {
    /** Country → access point id (the CN of its certificate), in the order the demo starts them. */
    public static final Map<String, String> ACCESS_POINTS = Map.of(
            "KZ", "SG-AP-KZ-001",
            "AZ", "SG-AP-AZ-001",
            "GE", "SG-AP-GE-001");

    public static final List<String> COUNTRIES = List.of("KZ", "AZ", "GE");

    public static final Participant GE_MINISTRY = new Participant(
            "buyer (ministry)",
            "GE ministry",
            "Ministry of Regional Development and Infrastructure of Georgia",
            "GE",
            List.of("9972:204493002", "0088:4860000000013"));
    public static final Participant KZ_SUPPLIER = new Participant(
            "supplier",
            "KZ supplier",
            "Astana Steel Works LLP",
            "KZ",
            List.of("9970:980540001256", "0088:4870000000012"));
    public static final Participant KZ_CUSTOMS = new Participant(
            "customs",
            "KZ customs",
            "State Revenue Committee of Kazakhstan (Customs)",
            "KZ",
            List.of("9970:010240003746"));
    public static final Participant KZ_CHAMBER = new Participant(
            "chamber of commerce",
            "KZ chamber",
            "Atameken National Chamber of Entrepreneurs",
            "KZ",
            List.of("9970:051140007292"));
    public static final Participant GE_CUSTOMS = new Participant(
            "customs", "GE customs", "Revenue Service of Georgia (Customs)", "GE", List.of("9972:204375445"));
    public static final Participant GE_IMPORTER =
            new Participant("importer", "GE importer", "Kartli Trading LLC", "GE", List.of("9972:405123456"));
    public static final Participant AZ_CUSTOMS = new Participant(
            "customs", "AZ customs", "State Customs Committee of Azerbaijan", "AZ", List.of("9976:1400057421"));

    /** The network's reporting receiver: every access point sends it its monthly Peppol reports (TSR, EUSR). */
    public static final Participant SECRETARIAT = new Participant(
            "reporting receiver",
            "CAREC Secretariat",
            "CAREC Secretariat (regional trade statistics)",
            "KZ",
            List.of("0088:4870000000029"));

    public static final List<Participant> ALL =
            List.of(GE_MINISTRY, KZ_SUPPLIER, KZ_CUSTOMS, KZ_CHAMBER, GE_CUSTOMS, GE_IMPORTER, AZ_CUSTOMS, SECRETARIAT);

    private Participants() {}

    /** The access point id of a country of the network. */
    public static String apId(String country) {
        String id = ACCESS_POINTS.get(country);
        if (id == null)
            throw new IllegalArgumentException("the demo network has no access point for country '" + country + "'");
        return id;
    }

    /** Every participant the access point of this country serves. */
    public static List<Participant> servedIn(String country) {
        return ALL.stream().filter(p -> p.country().equals(country)).toList();
    }
}
