package org.silkgate.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {
    @Test
    void idsAreVersionSevenUuidsWhoseTextSortsByCreationTimeAndNeverRepeat() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 10_000; j++) ids.add(TimeOrderedIds.next().toString());
            Thread.sleep(2);
        }
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no id repeats");
        UUID first = UUID.fromString(ids.get(0));
        assertEquals(7, first.version());
        assertEquals(2, first.variant());
        long millis = first.getMostSignificantBits() >>> 16;
        assertTrue(Math.abs(System.currentTimeMillis() - millis) < 60_000, "the id starts with the time it was made");
        String previousMillisecond = ids.get(0).substring(0, 13);
        for (String id : ids) {
            assertTrue(id.substring(0, 13).compareTo(previousMillisecond) >= 0, id + " sorts before an older id");
            previousMillisecond = id.substring(0, 13);
        }
    }
}
