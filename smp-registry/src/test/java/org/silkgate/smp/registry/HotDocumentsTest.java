package org.silkgate.smp.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HotDocumentsTest {
    private final HotDocuments hot = new HotDocuments(100, true);

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

    @Test
    void suspendedItServesAndKeepsNothingAndResumesEmpty() {
        hot.offer("p1", "doc", new byte[] {1}, hot.epoch());
        hot.suspend(); // the listener connection is lost: other nodes' writes go unheard
        assertNull(hot.get("p1", "doc"));
        long loadedWhileSuspended = hot.epoch();
        hot.offer("p2", "doc", new byte[] {2}, loadedWhileSuspended);
        assertNull(hot.get("p2", "doc"));
        hot.resume(); // listening again
        assertNull(hot.get("p1", "doc"), "what was kept before the loss is dropped");
        hot.offer("p2", "doc", new byte[] {2}, loadedWhileSuspended);
        assertNull(hot.get("p2", "doc"), "a copy loaded during the gap is not kept");
        hot.offer("p2", "doc", new byte[] {3}, hot.epoch());
        assertArrayEquals(new byte[] {3}, hot.get("p2", "doc"));
    }

    @Test
    void invalidateAllDropsEveryParticipantAndRefusesEarlierLoads() {
        long epoch = hot.epoch();
        hot.offer("p1", "doc", new byte[] {1}, epoch);
        hot.invalidateAll();
        hot.offer("p2", "doc", new byte[] {2}, epoch);
        assertNull(hot.get("p1", "doc"));
        assertNull(hot.get("p2", "doc"));
    }
}
