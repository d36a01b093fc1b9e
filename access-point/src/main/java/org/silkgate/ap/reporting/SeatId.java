package org.silkgate.ap.reporting;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service provider id the Peppol reports name an access point by: its Peppol seat id ({@code PKZ000001}), which
 * the rules require of the certificate subject CN. SilkGate's access point ids ({@code SG-AP-KZ-001}) carry the same
 * country and number, so they are spelled as seat ids for the reports: P, the country, the number in six digits. Any
 * other id is kept as it is (and the Schematron refuses it).
 */
final class SeatId {
    private static final Pattern SEAT_ID = Pattern.compile("P[A-Z]{2}[0-9]{6}");
    private static final Pattern SILKGATE_ID = Pattern.compile("SG-AP-([A-Z]{2})-([0-9]{1,6})");

    private SeatId() {}

    static String of(String apId) {
        String id = apId.trim().toUpperCase(Locale.ROOT);
        if (SEAT_ID.matcher(id).matches()) return id;
        Matcher silkgate = SILKGATE_ID.matcher(id);
        if (silkgate.matches()) return "P" + silkgate.group(1) + "%06d".formatted(Integer.parseInt(silkgate.group(2)));
        return apId;
    }
}
