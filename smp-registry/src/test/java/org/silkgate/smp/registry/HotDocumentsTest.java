package org.silkgate.smp.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HotDocumentsTest {
    private final HotDocuments hot = new HotDocuments(100);

    @Test
    void servesWhatWasOfferedUntilTheParticipantIsWritten() {
        long epoch = hot.epoch();
        hot.offer("p1", "doc", new byte[] {1}, epoch);
        hot.offer("p2", "doc", new byte[] {2}, epoch);
        assertArrayEquals(new byte[] {1}, hot.get("p1", "doc"));
        hot.invalidate("p1");
        assertNull(hot.get("p1", "doc"));
        assertArrayEquals(new byte[] {2}, hot.get("p2", "doc"), "other participants stay hot");
    }

    @Test
    void aCopyLoadedBeforeAWriteIsNotPutBackAfterIt() {
        long seenBeforeLoad = hot.epoch();
        hot.invalidate("p1"); // a write commits while the reader is loading
        hot.offer("p1", "doc", new byte[] {9}, seenBeforeLoad); // the reader's now stale copy
        assertNull(hot.get("p1", "doc"));
    }
}
