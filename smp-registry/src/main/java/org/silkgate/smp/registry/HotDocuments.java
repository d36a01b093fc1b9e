package org.silkgate.smp.registry;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The documents served recently, grouped by participant, so a lookup costs no database round trip. A write to a
 * participant drops its whole group. A reader that loaded from the database before that write cannot put its stale
 * copy back: it offers the document with the write epoch it saw before reading, and an offer made after any later
 * write is ignored.
 *
 * <p>The documents are bounded in bytes, not in participants: each participant's group is counted as its documents'
 * lengths plus an estimate of the heap the entry costs around them ({@link #ENTRY_OVERHEAD}, {@link
 * #DOCUMENT_OVERHEAD}, the keys' lengths). Past the budget, groups are evicted by CLOCK (second chance): a lookup
 * marks its group referenced, and the hand, going round the groups in the order they were cached, clears a mark and
 * passes it by, or evicts a group whose mark is clear. So a hot set that fits stays, and a stream of participants
 * looked up once each (a crawler, a first pass over the registry) evicts the ones nobody asked for again first.
 *
 * <p>When several nodes share the database, the documents are only kept while this node hears the others' writes
 * ({@link #suspend()} / {@link #resume()}); suspended, every lookup goes to the database.
 */
final class HotDocuments {
    /**
     * Heap per participant beyond its documents, estimated for a 64-bit JVM with compressed references: the group
     * object and its map, the hash table's node and slot, the CLOCK queue's node, the participant key's String.
     */
    static final int ENTRY_OVERHEAD = 200;

    /** Heap per document beyond its bytes: the array header, the document key's String, the map entry. */
    static final int DOCUMENT_OVERHEAD = 100;

    private final AtomicLong epoch = new AtomicLong();
    /**
     * Replaced, not cleared, to drop everything: an offer still working on the old generation lands in a map nobody
     * reads, and an offer that sees the new generation also sees the new epoch (written before it) and is refused.
     */
    private volatile Generation current = new Generation();

    private final long budgetBytes;
    private volatile boolean enabled;

    /**
     * @param budgetBytes what the cached documents may cost the heap, estimated as above
     * @param enabled false for a node that must first hear the other nodes' writes ({@link #resume()})
     */
    HotDocuments(long budgetBytes, boolean enabled) {
        if (budgetBytes < 1) throw new IllegalArgumentException("the hot cache's budget must be positive");
        this.budgetBytes = budgetBytes;
        this.enabled = enabled;
    }

    /** The cached documents of one participant. Its documents change only under the map's lock for its key. */
    private static final class Group {
        final String participantKey;
        /** Copied on write (a participant has a few documents): readers need no lock. */
        volatile Map<String, byte[]> documents = Map.of();
        /** Estimated heap bytes: {@link #ENTRY_OVERHEAD}, the key and every document with its overhead. */
        volatile long bytes;
        /** CLOCK's mark: set by a lookup, cleared when the hand passes. */
        volatile boolean referenced;
        /** Set once it left the map: the hand drops it from the queue. */
        volatile boolean removed;

        Group(String participantKey) {
            this.participantKey = participantKey;
            this.bytes = ENTRY_OVERHEAD + participantKey.length();
        }
    }

    /** The map with its byte count and its CLOCK order: replaced together by {@link #invalidateAll()}. */
    private static final class Generation {
        final ConcurrentHashMap<String, Group> byParticipant = new ConcurrentHashMap<>();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong documents = new AtomicLong();
        /** Every group in the order it was cached or given a second chance; removed groups until the hand meets them. */
        final ConcurrentLinkedQueue<Group> clock = new ConcurrentLinkedQueue<>();
        /** The queue's length (ConcurrentLinkedQueue#size walks it). */
        final AtomicInteger queued = new AtomicInteger();
    }

    byte[] get(String participantKey, String documentKey) {
        if (!enabled) return null;
        Group group = current.byParticipant.get(participantKey);
        if (group == null) return null;
        byte[] document = group.documents.get(documentKey);
        if (document != null && !group.referenced) group.referenced = true; // written only when it changes
        return document;
    }

    /** Read before loading from the database; hand it to {@link #offer}. */
    long epoch() {
        return epoch.get();
    }

    void offer(String participantKey, String documentKey, byte[] document, long epochBeforeLoad) {
        long cost = documentCost(documentKey, document);
        if (cost + ENTRY_OVERHEAD + participantKey.length() > budgetBytes) return; // would evict everything else
        Generation gen = current;
        gen.byParticipant.compute(participantKey, (k, group) -> {
            if (!enabled || epoch.get() != epochBeforeLoad) return group;
            Group g = group;
            if (g == null) {
                g = new Group(k);
                gen.bytes.addAndGet(g.bytes);
                gen.clock.add(g);
                gen.queued.incrementAndGet();
            }
            byte[] previous = g.documents.get(documentKey);
            Map<String, byte[]> documents = new HashMap<>(g.documents);
            documents.put(documentKey, document);
            g.documents = Map.copyOf(documents);
            if (previous == null) gen.documents.incrementAndGet();
            long delta = cost - (previous == null ? 0 : documentCost(documentKey, previous));
            g.bytes += delta;
            gen.bytes.addAndGet(delta);
            return g;
        });
        if (gen.bytes.get() > budgetBytes) evict(gen);
        else if (gen.queued.get() > 2 * gen.byParticipant.size() + 1024) sweepRemoved(gen);
    }

    /** Moves the CLOCK hand until the generation fits its budget again. */
    private void evict(Generation gen) {
        // each group is passed at most twice (its mark cleared, then evicted): a bound against racing the hand forever
        long steps = 2L * gen.queued.get() + 16;
        while (gen.bytes.get() > budgetBytes && steps-- > 0) {
            Group g = gen.clock.poll();
            if (g == null) return;
            if (g.removed) {
                gen.queued.decrementAndGet();
            } else if (g.referenced) {
                g.referenced = false;
                gen.clock.add(g);
            } else {
                gen.queued.decrementAndGet();
                if (gen.byParticipant.remove(g.participantKey, g)) dropped(gen, g);
            }
        }
    }

    /** Drops the queue's nodes of groups that left the map (invalidated), when writes leave more of them than groups. */
    private static void sweepRemoved(Generation gen) {
        int n = gen.queued.get();
        for (int i = 0; i < n; i++) {
            Group g = gen.clock.poll();
            if (g == null) return;
            if (g.removed) gen.queued.decrementAndGet();
            else gen.clock.add(g);
        }
    }

    private static void dropped(Generation gen, Group g) {
        g.removed = true;
        gen.bytes.addAndGet(-g.bytes);
        gen.documents.addAndGet(-g.documents.size());
    }

    private static long documentCost(String documentKey, byte[] document) {
        return (long) document.length + documentKey.length() + DOCUMENT_OVERHEAD;
    }

    /** Call after the write has committed. */
    void invalidate(String participantKey) {
        epoch.incrementAndGet();
        Generation gen = current;
        Group g = gen.byParticipant.remove(participantKey);
        if (g != null) dropped(gen, g);
    }

    /** Drops every document (after a write to many participants). */
    void invalidateAll() {
        epoch.incrementAndGet();
        current = new Generation();
    }

    /** Stops keeping and serving documents: this node no longer hears every write. */
    void suspend() {
        enabled = false;
        invalidateAll();
    }

    /** Keeps documents again, starting empty: whatever was loaded before may predate writes that went unheard. */
    void resume() {
        invalidateAll();
        enabled = true;
    }

    /** What the hot documents hold now. */
    HotCacheStats stats() {
        Generation gen = current;
        return new HotCacheStats(gen.bytes.get(), budgetBytes, gen.byParticipant.size(), gen.documents.get(), enabled);
    }

    /** The bytes of the groups in the map, summed one by one: for tests, against the running count of {@link #stats}. */
    long recount() {
        long sum = 0;
        for (Group g : current.byParticipant.values()) {
            long expected = ENTRY_OVERHEAD + g.participantKey.length();
            for (Map.Entry<String, byte[]> d : g.documents.entrySet())
                expected += documentCost(d.getKey(), d.getValue());
            if (expected != g.bytes) throw new IllegalStateException("group " + g.participantKey + " miscounted");
            sum += expected;
        }
        return sum;
    }
}
