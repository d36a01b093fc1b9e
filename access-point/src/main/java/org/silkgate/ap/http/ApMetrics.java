package org.silkgate.ap.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Optional;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.broker.EmbeddedBroker;
import org.silkgate.ap.broker.Routes;

/**
 * The access point's Prometheus metrics: messages by direction, state and document type (counted in the journal at
 * each scrape, so they survive restarts), send latency, and the embedded broker's queue depths.
 */
public final class ApMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Journal journal;
    private final MultiGauge messages;
    private final Timer sendLatency;

    public ApMetrics(Journal journal, Optional<EmbeddedBroker> broker) {
        this.journal = journal;
        this.messages = MultiGauge.builder("silkgate.messages").description("messages in the journal")
                .register(registry);
        this.sendLatency = Timer.builder("silkgate.send.latency").description("one AS4 send attempt, receipt included")
                .publishPercentileHistogram().register(registry);
        broker.ifPresent(b -> {
            for (String queue : List.of(Routes.OUTBOUND, Routes.SEND, Routes.DEAD_LETTER, Routes.REJECTED, Routes.DELIVER,
                    Routes.INBOUND, EmbeddedBroker.DEAD_LETTERS)) {
                Gauge.builder("silkgate.queue.depth", () -> b.queueDepth(queue)).tag("queue", queue)
                        .description("messages waiting on the broker").register(registry);
            }
        });
    }

    public Timer sendLatency() { return sendLatency; }

    /** The Prometheus text exposition. */
    public String scrape() {
        messages.register(journal.countByState().stream()
                .map(c -> MultiGauge.Row.of(Tags.of("direction", c.direction().name().toLowerCase(),
                        "state", c.state().name(), "document_type", c.documentType()), c.count()))
                .toList(), true);
        return registry.scrape();
    }
}
