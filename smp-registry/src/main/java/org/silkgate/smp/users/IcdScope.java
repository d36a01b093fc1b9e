package org.silkgate.smp.users;

import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.silkgate.smp.identifier.SmpIdentifier;

/**
 * The ICDs (the {@code 9970} of {@code 9970:980540001256}) under which a user may register participants: a list,
 * or every ICD ({@code *}), or none (a user from before scopes existed, until it is given some).
 */
public final class IcdScope {
    private static final Pattern ICD = Pattern.compile("\\d{4}");
    private static final String EVERY = "*";

    /** Every ICD: registry administrators, and users added in-process without a scope. */
    public static final IcdScope ALL = new IcdScope(null);
    /** No ICD at all: may authenticate but not write. */
    public static final IcdScope NONE = new IcdScope(Set.of());

    private final Set<String> icds; // null = every ICD

    private IcdScope(Set<String> icds) {
        this.icds = icds;
    }

    /** Parses {@code 9970,0088} (spaces allowed) or {@code *}; a clear refusal names what is wrong. */
    public static IcdScope parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(
                    "ICDs missing: give a comma-separated list of four-digit ICDs (e.g. 9970,0088) or * for every ICD");
        }
        if (text.strip().equals(EVERY)) return ALL;
        Set<String> icds = new TreeSet<>();
        for (String part : text.split(",", -1)) {
            String icd = part.strip();
            if (!ICD.matcher(icd).matches()) {
                throw new IllegalArgumentException(
                        "'" + icd + "' in the ICD list '" + text + "' is not an ICD: an ICD is four digits, e.g. 9970");
            }
            icds.add(icd);
        }
        return new IcdScope(Collections.unmodifiableSet(icds));
    }

    public static IcdScope of(String... icds) {
        return parse(String.join(",", icds));
    }

    /** The stored form; null for {@link #NONE}, which is how users from before scopes are stored. */
    String stored() {
        if (icds == null) return EVERY;
        return icds.isEmpty() ? null : String.join(",", icds);
    }

    static IcdScope fromStored(String stored) {
        return stored == null ? NONE : parse(stored);
    }

    public boolean allows(String icd) {
        return icds == null || (icd != null && icds.contains(icd));
    }

    public boolean isEmpty() {
        return icds != null && icds.isEmpty();
    }

    /**
     * The ICD of a participant identifier: the part of an {@code iso6523-actorid-upis} value before ':' when it is
     * four digits; empty for anything else (then only a user with every ICD may write it).
     */
    public static Optional<String> icdOf(SmpIdentifier participant) {
        if (!SmpIdentifier.ISO6523_SCHEME.equalsIgnoreCase(participant.scheme())) return Optional.empty();
        int colon = participant.value().indexOf(':');
        if (colon < 0) return Optional.empty();
        String icd = participant.value().substring(0, colon);
        return ICD.matcher(icd).matches() ? Optional.of(icd) : Optional.empty();
    }

    @Override
    public String toString() {
        if (icds == null) return "every ICD";
        return icds.isEmpty() ? "no ICD" : String.join(",", icds);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IcdScope other && java.util.Objects.equals(icds, other.icds);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(icds);
    }
}
