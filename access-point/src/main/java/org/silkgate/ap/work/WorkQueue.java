package org.silkgate.ap.work;

import java.time.Duration;

/** A durable queue of message ids, each taken by a route once it is due. */
@FunctionalInterface
public interface WorkQueue {
    void enqueue(String messageId, Duration delay);

    default void enqueue(String messageId) {
        enqueue(messageId, Duration.ZERO);
    }
}
