package org.silkgate.ap.work;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to work the broker cannot take because it is down (an external broker killed or restarting).
 * <p>
 * Chosen: accept, and queue later. Callers journal a message (ACCEPTED outbound, RECEIVED inbound) before they
 * enqueue its id, so when the enqueue fails the message is already durable: the submit still answers 202 and the
 * AS4 receipt still goes back, and instead of an error the failed enqueue only leaves a mark. While a mark is
 * set, a background check looks every {@code interval} whether the broker takes connections again and then re-queues
 * everything the journal has pending, as at startup. Refusing with 503 instead would have to undo a journal entry
 * already written and push the retry onto every back office and sending AP.
 * <p>
 * Re-queueing what may also still be on the queue is harmless: a SENT or DELIVERED message is skipped by the route,
 * and the receiving AP's persistent duplicate check stops a second delivery. Without a mark nothing is re-queued,
 * so a long backlog on a healthy broker is never doubled.
 */
public final class RequeueAfterOutage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RequeueAfterOutage.class);

    private final BooleanSupplier brokerReachable;
    private final AtomicBoolean enqueueMissed = new AtomicBoolean();
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "silkgate-requeue-after-outage");
        thread.setDaemon(true);
        return thread;
    });

    public RequeueAfterOutage(BooleanSupplier brokerReachable) {
        this.brokerReachable = brokerReachable;
    }

    /** The queue, except that a failed enqueue is marked for the re-queue instead of thrown. */
    public WorkQueue tolerating(WorkQueue queue) {
        return (messageId, delay) -> {
            try {
                queue.enqueue(messageId, delay);
            } catch (RuntimeException brokerDown) {
                if (enqueueMissed.compareAndSet(false, true)) {
                    LOG.warn(
                            "the broker did not take message {} ({}); it stays in the journal and every pending message "
                                    + "is queued again once the broker is back",
                            messageId,
                            brokerDown.getMessage());
                }
            }
        };
    }

    /** Starts checking; {@code requeuePending} queues every message the journal still has work for. */
    public void start(Runnable requeuePending, Duration interval) {
        checks.scheduleWithFixedDelay(
                () -> {
                    try {
                        if (enqueueMissed.get() && brokerReachable.getAsBoolean()) {
                            enqueueMissed.set(false); // before the re-queue, so that a failure during it marks again
                            requeuePending.run();
                            if (!enqueueMissed.get())
                                LOG.warn("the broker is back; pending messages were queued again");
                        }
                    } catch (RuntimeException e) {
                        enqueueMissed.set(true);
                        LOG.warn("re-queueing pending messages failed; trying again", e);
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
