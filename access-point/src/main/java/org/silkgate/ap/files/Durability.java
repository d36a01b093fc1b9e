package org.silkgate.ap.files;

import java.util.Locale;

/**
 * What a stored message survives. Either way a message is written before it is acknowledged and {@code kill -9} of
 * any process loses nothing; the difference is whether writes are also forced from the operating system's cache to
 * the disk, which costs a sync per payload, receipt and inbox file, per journal commit and per broker commit.
 */
public enum Durability {
    /** Survives the crash of a process (the operating system keeps what was written): no forced syncs. */
    PROCESS_CRASH,
    /** Also survives a power loss or an operating-system crash: every file, journal commit and broker commit synced. */
    POWER_LOSS;

    public boolean syncsToDisk() {
        return this == POWER_LOSS;
    }

    /** The option value: {@code process-crash} or {@code power-loss}. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code process-crash} or {@code power-loss} (any case, {@code _} or {@code -}). */
    public static Durability ofOption(String value) {
        for (Durability durability : values()) {
            if (durability.optionValue().equalsIgnoreCase(value.replace('_', '-'))) return durability;
        }
        throw new IllegalArgumentException("durability must be process-crash or power-loss, got '" + value + "'");
    }
}
