package org.silkgate.ap.outbound;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UUIDs in the version 7 layout (RFC 9562): 48 bits of Unix milliseconds first, then 74 random bits. Their text
 * sorts by creation time, so the journal's index on message ids grows at its end instead of touching a random page
 * for every new message; 74 random bits per millisecond keep them unique.
 */
final class TimeOrderedIds {
    private TimeOrderedIds() {}

    static UUID next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = System.currentTimeMillis();
        long mostSignificant = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long leastSignificant = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(mostSignificant, leastSignificant);
    }
}
