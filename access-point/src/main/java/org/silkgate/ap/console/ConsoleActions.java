package org.silkgate.ap.console;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.silkgate.ap.clients.ApiClient;
import org.silkgate.ap.clients.ApiClients;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageSearch;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.monitoring.ApHealth;
import org.silkgate.ap.monitoring.ApMetrics;
import org.silkgate.ap.outbound.SendAttempts;
import org.silkgate.ap.validation.DocumentCheck;
import org.silkgate.security.audit.AuditEntry;
import org.silkgate.security.audit.AuditVerification;
import org.silkgate.validation.ValidationReport;

/**
 * What the console reads and does, through the services the REST API and {@code /metrics} use: the journal, the send
 * attempts (resend), the API clients and the metrics; nothing of its own, so that the console and the API agree.
 */
public final class ConsoleActions {
    public static final int HOURS = 24;

    private final Journal journal;
    private final MessageFiles files;
    private final SendAttempts sending;
    private final ApiClients clients;
    private final ApMetrics metrics;
    private final ApHealth health;
    private final DocumentCheck validation;
    private final Clock clock;

    public ConsoleActions(
            Journal journal,
            MessageFiles files,
            SendAttempts sending,
            ApiClients clients,
            ApMetrics metrics,
            ApHealth health,
            DocumentCheck validation,
            Clock clock) {
        this.journal = journal;
        this.files = files;
        this.sending = sending;
        this.clients = clients;
        this.metrics = metrics;
        this.health = health;
        this.validation = validation;
        this.clock = clock;
    }

    /**
     * The dashboard's figures.
     *
     * @param firstHour the start of the oldest of the {@link #HOURS} hours counted (the current hour is the last)
     * @param perHour messages journaled per hour: {@code perHour[direction.ordinal()][hour]}
     * @param byState every message in the journal by direction and state, as {@code silkgate_messages} counts them
     * @param byDocumentType the same per document type and direction
     */
    public record Dashboard(
            Instant firstHour,
            long[][] perHour,
            Map<Direction, Map<MessageState, Long>> byState,
            Map<String, Map<Direction, Long>> byDocumentType,
            Optional<ApMetrics.Latency> sendLatency,
            Map<String, Long> queueDepths,
            ApHealth.Report health) {
        public long count(Direction direction, MessageState state) {
            return byState.getOrDefault(direction, Map.of()).getOrDefault(state, 0L);
        }

        public long lastDay(Direction direction) {
            return java.util.Arrays.stream(perHour[direction.ordinal()]).sum();
        }
    }

    public Dashboard dashboard() {
        Instant firstHour = clock.instant().truncatedTo(ChronoUnit.HOURS).minus(HOURS - 1, ChronoUnit.HOURS);
        Map<Direction, Map<MessageState, Long>> byState = new TreeMap<>();
        Map<String, Map<Direction, Long>> byDocumentType = new TreeMap<>();
        for (Journal.StateCount count : journal.countByState()) {
            byState.computeIfAbsent(count.direction(), d -> new TreeMap<>())
                    .merge(count.state(), count.count(), Long::sum);
            byDocumentType
                    .computeIfAbsent(count.documentType(), t -> new TreeMap<>())
                    .merge(count.direction(), count.count(), Long::sum);
        }
        return new Dashboard(
                firstHour,
                journal.hourlyCounts(firstHour, HOURS),
                byState,
                byDocumentType,
                metrics.sendLatencyPercentiles(),
                metrics.queueDepths(),
                health.check());
    }

    public List<MessageRecord> search(MessageSearch search, int offset, int limit) {
        return journal.search(search, offset, limit);
    }

    public Optional<MessageRecord> message(Direction direction, String id) {
        return journal.find(direction, id);
    }

    public Optional<Journal.MlsLink> mls(Direction direction, String id) {
        return journal.mls(direction, id).filter(link -> !link.isEmpty());
    }

    public Optional<byte[]> receipt(String id) {
        return files.receipt(id);
    }

    public Optional<byte[]> payload(Direction direction, String id) {
        return files.hasPayload(direction, id) ? Optional.of(files.payload(direction, id)) : Optional.empty();
    }

    /**
     * The validation findings of a received document that failed validation (delivered flagged, or rejected), in
     * {@code language}: the kept report names the findings in one language only, so the kept document is validated
     * again, by the validator the access point receives with.
     */
    public Optional<ValidationReport> validationReport(Direction direction, String id) {
        if (direction != Direction.INBOUND || files.validationReport(id).isEmpty()) return Optional.empty();
        return payload(Direction.INBOUND, id).map(document -> validation.validate(document, id));
    }

    /**
     * Resends a FAILED message as the REST API's {@code POST /messages/{id}/resend} does.
     *
     * @throws SendAttempts.UnknownMessage when there is no such outbound message
     * @throws IllegalStateException when it is not FAILED
     */
    public void resend(String id, String actor) {
        sending.resend(id, actor);
    }

    /** The newest {@code limit} entries of the audit log, newest first. */
    public List<AuditEntry> latestAudit(int limit) {
        try {
            long last = journal.audit().lastSeq();
            List<AuditEntry> entries = new ArrayList<>(journal.audit().entries(Math.max(1, last - limit + 1), limit));
            Collections.reverse(entries);
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit log: " + e.getMessage(), e);
        }
    }

    /** Walks the audit log's hash chain, as {@code ap audit verify} does. */
    public AuditVerification verifyAudit() {
        try {
            return journal.audit().verify();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot verify the audit log: " + e.getMessage(), e);
        }
    }

    public List<ApiClient> clients() {
        return clients.list();
    }

    /** @return the new client's token, shown once */
    public String addClient(ApiClient client, String actor) {
        return clients.add(client, actor);
    }

    public boolean removeClient(String name, String actor) {
        return clients.remove(name, actor);
    }
}
