package org.silkgate.smp.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The documents served recently, grouped by participant, so a lookup costs no database round trip. A write to a
 * participant drops its whole group. A reader that loaded from the database before that write cannot put its stale
 * copy back: it offers the document with the write epoch it saw before reading, and an offer made after any later
 * write is ignored.
 */
final class HotDocuments {
    private final AtomicLong epoch = new AtomicLong();
    private final ConcurrentHashMap<String, Map<String, byte[]>> byParticipant = new ConcurrentHashMap<>();
    private final int maxParticipants;

    HotDocuments(int maxParticipants) {
        this.maxParticipants = maxParticipants;
    }

    byte[] get(String participantKey, String documentKey) {
        Map<String, byte[]> docs = byParticipant.get(participantKey);
        return docs == null ? null : docs.get(documentKey);
    }

    /** Read before loading from the database; hand it to {@link #offer}. */
    long epoch() {
        return epoch.get();
    }

    void offer(String participantKey, String documentKey, byte[] document, long epochBeforeLoad) {
        if (byParticipant.size() >= maxParticipants) byParticipant.clear();
        byParticipant.compute(participantKey, (k, docs) -> {
            if (epoch.get() != epochBeforeLoad) return docs;
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
}
