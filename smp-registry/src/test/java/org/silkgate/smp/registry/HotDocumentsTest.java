package org.silkgate.smp.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class HotDocumentsTest {
    private final HotDocuments hot = new HotDocuments(1 << 20, true);

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
        assertEquals(0, hot.stats().bytes());
        assertEquals(0, hot.stats().participants());
    }

    // ---- the byte budget ----

    /** What one participant with one 1 000-byte document "doc" costs: key "pNN" is three characters long. */
    private static final long COST = HotDocuments.ENTRY_OVERHEAD + 3 + HotDocuments.DOCUMENT_OVERHEAD + 3 + 1000;

    private static String key(int i) {
        return "p%02d".formatted(i);
    }

    @Test
    void countsEstimatedBytesAndEntries() {
        long epoch = hot.epoch();
        hot.offer("p01", "doc", new byte[1000], epoch);
        assertEquals(COST, hot.stats().bytes());
        hot.offer("p01", "doc", new byte[1000], epoch); // replaced, not counted twice
        assertEquals(COST, hot.stats().bytes());
        hot.offer("p01", "two", new byte[500], epoch);
        assertEquals(
                COST + HotDocuments.DOCUMENT_OVERHEAD + 3 + 500, hot.stats().bytes());
        assertEquals(1, hot.stats().participants());
        assertEquals(2, hot.stats().documents());
        hot.offer("p02", "doc", new byte[1000], epoch);
        assertEquals(2, hot.stats().participants());
        assertEquals(3, hot.stats().documents());
        hot.invalidate("p01");
        assertEquals(COST, hot.stats().bytes());
        assertEquals(1, hot.stats().documents());
        assertEquals(hot.recount(), hot.stats().bytes());
        assertEquals(1 << 20, hot.stats().budgetBytes());
    }

    @Test
    void neverHoldsMoreThanItsBudget() {
        HotDocuments small = new HotDocuments(10 * COST, true);
        for (int i = 0; i < 100; i++) {
            small.offer(key(i), "doc", new byte[1000], small.epoch());
            assertTrue(small.stats().bytes() <= 10 * COST, "over budget after " + i + ": " + small.stats());
        }
        assertEquals(10, small.stats().participants(), "a full budget, not a cleared one");
        assertEquals(small.recount(), small.stats().bytes());
        for (int i = 90; i < 100; i++) assertNotNull(small.get(key(i), "doc"), "the newest stay: " + key(i));
        for (int i = 0; i < 90; i++) assertNull(small.get(key(i), "doc"), "the oldest went: " + key(i));
    }

    @Test
    void evictsWhatNobodyLookedUpAgainFirst() {
        HotDocuments small = new HotDocuments(10 * COST, true);
        for (int i = 0; i < 10; i++) small.offer(key(i), "doc", new byte[1000], small.epoch());
        for (int i = 0; i < 5; i++) assertNotNull(small.get(key(i), "doc")); // p00..p04 are hot
        for (int i = 10; i < 15; i++) small.offer(key(i), "doc", new byte[1000], small.epoch()); // five newcomers
        for (int i = 0; i < 5; i++) assertNotNull(small.get(key(i), "doc"), "looked up again, kept: " + key(i));
        for (int i = 5; i < 10; i++) assertNull(small.get(key(i), "doc"), "never looked up again, evicted: " + key(i));
        for (int i = 10; i < 15; i++) assertNotNull(small.get(key(i), "doc"), "just cached: " + key(i));
        assertEquals(10, small.stats().participants());
    }

    @Test
    void aDocumentLargerThanTheBudgetIsServedButNotKept() {
        HotDocuments small = new HotDocuments(10 * COST, true);
        small.offer(key(1), "doc", new byte[1000], small.epoch());
        small.offer(key(2), "doc", new byte[(int) (10 * COST)], small.epoch());
        assertNull(small.get(key(2), "doc"));
        assertNotNull(small.get(key(1), "doc"), "it evicted nothing either");
    }

    @Test
    void writesThatDropEntriesLeaveNothingCounted() {
        HotDocuments small = new HotDocuments(10 * COST, true);
        for (int i = 0; i < 50_000; i++) {
            small.offer(key(i % 7), "doc", new byte[1000], small.epoch());
            small.invalidate(key(i % 7));
        }
        assertEquals(0, small.stats().bytes());
        assertEquals(0, small.stats().participants());
        assertEquals(0, small.stats().documents());
    }

    @Test
    void staysWithinItsBudgetAndCountsRightUnderConcurrentUse() throws Exception {
        long budget = 200 * COST;
        HotDocuments shared = new HotDocuments(budget, true);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                jobs.add(threads.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 20_000; i++) {
                        String participant = "q" + random.nextInt(1000);
                        int action = random.nextInt(100);
                        if (action < 60) {
                            byte[] doc = shared.get(participant, "doc");
                            if (doc == null) shared.offer(participant, "doc", new byte[1000], shared.epoch());
                        } else if (action < 90) {
                            shared.offer(participant, "bdxr", new byte[500 + random.nextInt(1000)], shared.epoch());
                        } else {
                            shared.invalidate(participant);
                        }
                        // each of the 4 threads may be one entry past the budget before its own eviction runs
                        long now = shared.stats().bytes();
                        if (now > budget + 4 * 3000) throw new AssertionError("over budget: " + now);
                    }
                    return null;
                }));
            }
            for (Future<?> job : jobs) job.get();
        } finally {
            threads.shutdown();
        }
        HotCacheStats stats = shared.stats();
        assertTrue(stats.bytes() <= budget, stats.toString());
        assertTrue(stats.participants() > 100, "the budget is used: " + stats);
        assertEquals(shared.recount(), stats.bytes());
    }
}
