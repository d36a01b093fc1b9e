package org.silkgate.ap.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.trust.CertificateHealth;

/**
 * The access point's Prometheus metrics: messages by direction, state and document type (counted in the journal at
 * each scrape, so they survive restarts), send latency, the queue depths of an embedded broker, and the days left
 * before each certificate expires or CRL must be renewed.
 */
public final class ApMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Journal journal;
    private final MultiGauge messages;
    private final MultiGauge daysLeft;
    private final CertificateHealth certificates;
    private final Timer sendLatency;
    private final List<String> queues;
    private final ToLongFunction<String> queueDepth;

    /** @param queueDepth messages waiting on each of {@code queues}; no queues when the broker is not ours to count */
    public ApMetrics(
            Journal journal, List<String> queues, ToLongFunction<String> queueDepth, CertificateHealth certificates) {
        this.journal = journal;
        this.certificates = certificates;
        this.queues = List.copyOf(queues);
        this.queueDepth = queueDepth;
        this.daysLeft = MultiGauge.builder("silkgate.certificate.days.left")
                .description("days until a certificate expires or a CRL must be renewed")
                .register(registry);
        this.messages = MultiGauge.builder("silkgate.messages")
                .description("messages in the journal")
                .register(registry);
        this.sendLatency = Timer.builder("silkgate.send.latency")
                .description("one AS4 send attempt, receipt included")
                .publishPercentileHistogram()
                .register(registry);
        for (String queue : queues) {
            Gauge.builder("silkgate.queue.depth", () -> queueDepth.applyAsLong(queue))
                    .tag("queue", queue)
                    .description("messages waiting on the broker")
                    .register(registry);
        }
    }

    public Timer sendLatency() {
        return sendLatency;
    }

    /**
     * The median and 99th percentile of send attempts since the start, read from the latency histogram that
     * {@code /metrics} publishes ({@code silkgate_send_latency_seconds_bucket}): each is the upper bound of the bucket
     * it falls in, as a Prometheus {@code histogram_quantile} over the same buckets would place it. Empty before the
     * first attempt.
     */
    public Optional<Latency> sendLatencyPercentiles() {
        HistogramSnapshot snapshot = sendLatency.takeSnapshot();
        if (snapshot.count() == 0) return Optional.empty();
        return Optional.of(new Latency(upperBound(snapshot, 0.5), upperBound(snapshot, 0.99), snapshot.count()));
    }

    private static Duration upperBound(HistogramSnapshot snapshot, double quantile) {
        double wanted = quantile * snapshot.count();
        for (CountAtBucket bucket : snapshot.histogramCounts()) {
            if (bucket.count() >= wanted) return Duration.ofNanos((long) bucket.bucket(TimeUnit.NANOSECONDS));
        }
        return Duration.ofNanos((long) snapshot.max(TimeUnit.NANOSECONDS));
    }

    /** @param attempts send attempts timed since the access point started */
    public record Latency(Duration p50, Duration p99, long attempts) {}

    /** Messages waiting on each queue of the embedded broker (none with an external broker), as {@code /metrics}. */
    public Map<String, Long> queueDepths() {
        Map<String, Long> depths = new LinkedHashMap<>();
        for (String queue : queues) depths.put(queue, queueDepth.applyAsLong(queue));
        return depths;
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        messages.register(
                journal.countByState().stream()
                        .map(c -> MultiGauge.Row.of(
                                Tags.of(
                                        "direction",
                                        c.direction().name().toLowerCase(),
                                        "state",
                                        c.state().name(),
                                        "document_type",
                                        c.documentType()),
                                c.count()))
                        .toList(),
                true);
        daysLeft.register(
                certificates.items().stream()
                        .map(item -> MultiGauge.Row.of(Tags.of("item", item.name()), item.daysLeft()))
                        .toList(),
                true);
        return registry.scrape();
    }
}
