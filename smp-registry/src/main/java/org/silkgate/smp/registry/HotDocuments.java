package org.silkgate.smp.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The documents served recently, grouped by participant, so a lookup costs no database round trip. A write to a
 * participant drops its whole group. A reader that loaded from the database before that write cannot put its stale
 * copy back: it offers the document with the write epoch it saw before reading, and an offer made after any later
 * write is ignored.
 *
 * <p>When several nodes share the database, the documents are only kept while this node hears the others' writes
 * ({@link #suspend()} / {@link #resume()}); suspended, every lookup goes to the database.
 */
final class HotDocuments {
    private final AtomicLong epoch = new AtomicLong();
    /**
     * Replaced, not cleared, to drop everything: an offer still working on the old map lands in a map nobody reads,
     * and an offer that sees the new map also sees the new epoch (written before it) and is refused.
     */
    private volatile ConcurrentHashMap<String, Map<String, byte[]>> byParticipant = new ConcurrentHashMap<>();

    private final int maxParticipants;
    private volatile boolean enabled;

    /** @param enabled false for a node that must first hear the other nodes' writes ({@link #resume()}) */
    HotDocuments(int maxParticipants, boolean enabled) {
        this.maxParticipants = maxParticipants;
        this.enabled = enabled;
    }

    byte[] get(String participantKey, String documentKey) {
        if (!enabled) return null;
        Map<String, byte[]> docs = byParticipant.get(participantKey);
        return docs == null ? null : docs.get(documentKey);
    }

    /** Read before loading from the database; hand it to {@link #offer}. */
    long epoch() {
        return epoch.get();
    }

    void offer(String participantKey, String documentKey, byte[] document, long epochBeforeLoad) {
        ConcurrentHashMap<String, Map<String, byte[]>> map = byParticipant;
        if (map.size() >= maxParticipants) map.clear();
        map.compute(participantKey, (k, docs) -> {
            if (!enabled || epoch.get() != epochBeforeLoad) return docs;
            Map<String, byte[]> group = docs == null ? new ConcurrentHashMap<>(4) : docs;
            group.put(documentKey, document);
            return group;
        });
    }

    /** Call after the write has committed. */
    void invalidate(String participantKey) {
        epoch.incrementAndGet();
        byParticipant.remove(participantKey);
    }

    /** Drops every document (after a write to many participants). */
    void invalidateAll() {
        epoch.incrementAndGet();
        byParticipant = new ConcurrentHashMap<>();
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
}
