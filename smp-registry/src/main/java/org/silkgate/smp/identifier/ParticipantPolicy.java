package org.silkgate.smp.identifier;

import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The registration policy for participant identifiers: scheme {@code iso6523-actorid-upis}, value {@code ICD:id}.
 * The CAREC national identifiers carry the provisional ICDs of docs/network.md and are checked for format and,
 * where the algorithm is public, their check digit; any other four-digit ICD gets the generic check.
 * The table is repeated in smp-registry/README.md.
 */
public final class ParticipantPolicy {

    /** One row of the table: the ICD, what the identifier is, the country it belongs to and its rule. */
    public record Rule(
            String icd, String country, String name, String format, Pattern pattern, Predicate<String> check) {
        void verify(String id) throws IdentifierException {
            if (!pattern.matcher(id).matches()) {
                throw new IdentifierException(
                        "identifier " + icd + ":" + id + " breaks rule " + icd + " (" + name + "): expected " + format);
            }
            if (!check.test(id)) {
                throw new IdentifierException("identifier " + icd + ":" + id + " breaks rule " + icd + " (" + name
                        + "): the check digit is wrong");
            }
        }
    }

    private static final Predicate<String> NO_CHECK = id -> true;
    private static final Pattern ICD = Pattern.compile("\\d{4}");
    private static final Pattern GENERIC_VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:_/\\-]{0,44}");

    public static final Map<String, Rule> CAREC_RULES = Map.ofEntries(
            rule(
                    "9970",
                    "KZ",
                    "Kazakhstan BIN",
                    "12 digits with a mod-11 check digit",
                    "\\d{12}",
                    ParticipantPolicy::kazakhBinCheck),
            rule("9971", "UZ", "Uzbekistan STIR (INN)", "9 digits", "\\d{9}", NO_CHECK),
            rule(
                    "9972",
                    "GE",
                    "Georgia identification code",
                    "9 digits (legal entity) or 11 digits (personal number)",
                    "\\d{9}|\\d{11}",
                    NO_CHECK),
            rule(
                    "9973",
                    "CN",
                    "China unified social credit code",
                    "18 characters of 0-9 and A-Y without I, O, S, V, Z, with the GB 32100-2015 mod-31 check character",
                    "[0-9A-HJ-NP-RTUW-Y]{18}",
                    ParticipantPolicy::chineseUsccCheck),
            rule("9974", "MN", "Mongolia state registration number", "7 digits", "\\d{7}", NO_CHECK),
            rule("9975", "PK", "Pakistan NTN", "7 digits, optionally '-' and a check digit", "\\d{7}(-\\d)?", NO_CHECK),
            rule("9976", "AZ", "Azerbaijan VOEN", "10 digits", "\\d{10}", NO_CHECK),
            rule("9977", "KG", "Kyrgyzstan INN", "14 digits", "\\d{14}", NO_CHECK),
            rule("9978", "TJ", "Tajikistan INN", "9 digits", "\\d{9}", NO_CHECK),
            rule(
                    "0088",
                    null,
                    "GS1 GLN",
                    "13 digits with the GS1 mod-10 check digit",
                    "\\d{13}",
                    ParticipantPolicy::gs1Check));

    private ParticipantPolicy() {}

    /** Refuses a participant that a national operator may not register, naming the rule it breaks. */
    public static void check(SmpIdentifier participant) throws IdentifierException {
        if (!SmpIdentifier.ISO6523_SCHEME.equals(participant.scheme())) {
            throw new IdentifierException("rule scheme: participants are registered in scheme "
                    + SmpIdentifier.ISO6523_SCHEME + ", not '" + participant.scheme() + "'");
        }
        String value = participant.value();
        int colon = value.indexOf(':');
        String icd = colon < 0 ? value : value.substring(0, colon);
        if (colon < 0 || !ICD.matcher(icd).matches()) {
            throw new IdentifierException("rule ICD: participant value '" + value
                    + "' must be a four-digit ISO 6523 ICD, ':' and the identifier");
        }
        String id = value.substring(colon + 1);
        Rule rule = CAREC_RULES.get(icd);
        if (rule != null) {
            rule.verify(id);
        } else if (!GENERIC_VALUE.matcher(id).matches()) {
            throw new IdentifierException(
                    "identifier " + value + " breaks rule generic: after the ICD expected 1 to 45 of "
                            + "A-Z a-z 0-9 . : _ / - starting with a letter or digit");
        }
    }

    /** The country an identifier belongs to by its ICD, if the ICD is national. */
    public static Optional<String> countryOf(SmpIdentifier participant) {
        String value = participant.value();
        int colon = value.indexOf(':');
        if (colon < 0) return Optional.empty();
        Rule rule = CAREC_RULES.get(value.substring(0, colon));
        return rule == null ? Optional.empty() : Optional.ofNullable(rule.country());
    }

    private static Map.Entry<String, Rule> rule(
            String icd, String country, String name, String format, String regex, Predicate<String> check) {
        return Map.entry(icd, new Rule(icd, country, name, format, Pattern.compile(regex), check));
    }

    /** Kazakh IIN/BIN: weights 1..11 mod 11; a result of 10 retries with weights 3..11,1,2; 10 again is invalid. */
    static boolean kazakhBinCheck(String id) {
        int sum = 0;
        for (int i = 0; i < 11; i++) sum += (id.charAt(i) - '0') * (i + 1);
        int check = sum % 11;
        if (check == 10) {
            sum = 0;
            for (int i = 0; i < 11; i++) sum += (id.charAt(i) - '0') * ((i + 2) % 11 + 1);
            check = sum % 11;
            if (check == 10) return false;
        }
        return check == id.charAt(11) - '0';
    }

    private static final String USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    /** GB 32100-2015: c18 = 31 - (sum of value(ci) * 3^(i-1) mod 31) mod 31, over the 31-character alphabet. */
    static boolean chineseUsccCheck(String id) {
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(id.charAt(i)) * USCC_WEIGHTS[i];
        int check = (31 - sum % 31) % 31;
        return USCC_ALPHABET.charAt(check) == id.charAt(17);
    }

    /** GS1 mod-10: from the right, weights 3,1,3,... over the digits before the check digit. */
    static boolean gs1Check(String id) {
        int sum = 0;
        int n = id.length() - 1;
        for (int i = 0; i < n; i++) sum += (id.charAt(n - 1 - i) - '0') * (i % 2 == 0 ? 3 : 1);
        return (10 - sum % 10) % 10 == id.charAt(n) - '0';
    }
}
