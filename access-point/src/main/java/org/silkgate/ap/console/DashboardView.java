package org.silkgate.ap.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.trust.CertificateHealth;
import org.silkgate.console.ConsoleText;
import org.silkgate.console.Html;

/** The dashboard: traffic per hour and per document type, what needs an operator, latency, certificates, health. */
final class DashboardView {
    private static final List<MessageState> OUTBOUND_STATES =
            List.of(MessageState.ACCEPTED, MessageState.RETRYING, MessageState.SENT, MessageState.FAILED);
    private static final List<MessageState> INBOUND_STATES =
            List.of(MessageState.RECEIVED, MessageState.DELIVERED, MessageState.REJECTED);

    private DashboardView() {}

    static String render(ConsoleText text, ConsoleActions.Dashboard figures) {
        StringBuilder body = new StringBuilder();
        body.append("<div class=\"cards\">");
        card(
                body,
                text,
                "dashboard.failed",
                "failed",
                figures.count(Direction.OUTBOUND, MessageState.FAILED),
                figures.count(Direction.OUTBOUND, MessageState.FAILED) > 0);
        card(
                body,
                text,
                "dashboard.retrying",
                "retrying",
                figures.count(Direction.OUTBOUND, MessageState.RETRYING),
                false);
        card(body, text, "dashboard.out24", "last24-OUTBOUND", figures.lastDay(Direction.OUTBOUND), false);
        card(body, text, "dashboard.in24", "last24-INBOUND", figures.lastDay(Direction.INBOUND), false);
        body.append("</div>");
        if (figures.count(Direction.OUTBOUND, MessageState.FAILED) > 0) {
            body.append("<p><a href=\"/console/messages?direction=OUTBOUND&amp;state=FAILED\">")
                    .append(Html.escape(text.get("dashboard.showFailed")))
                    .append("</a></p>");
        }

        body.append("<section><h2>")
                .append(Html.escape(text.get("dashboard.perHour")))
                .append("</h2>");
        List<SvgBars.Group> hours = new ArrayList<>();
        for (int h = 0; h < ConsoleActions.HOURS; h++) {
            Instant start = figures.firstHour().plus(h, ChronoUnit.HOURS);
            String hour = String.format("%02d", start.atOffset(ZoneOffset.UTC).getHour());
            long out = figures.perHour()[Direction.OUTBOUND.ordinal()][h];
            long in = figures.perHour()[Direction.INBOUND.ordinal()][h];
            hours.add(new SvgBars.Group(
                    hour, text.format("dashboard.hourTitle", hour + ":00 UTC", out, in), new long[] {out, in}));
        }
        body.append(SvgBars.vertical(text.get("dashboard.perHour"), hours, List.of("out", "in"), 3));
        body.append("<p class=\"legend\"><span class=\"key out\"></span>")
                .append(Html.escape(text.get("direction.OUTBOUND")))
                .append(" <span class=\"key in\"></span>")
                .append(Html.escape(text.get("direction.INBOUND")))
                .append("</p></section>");

        body.append("<section><h2>")
                .append(Html.escape(text.get("dashboard.perType")))
                .append("</h2>");
        List<String> labels = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        for (Map.Entry<String, Map<Direction, Long>> type :
                figures.byDocumentType().entrySet()) {
            labels.add(MessageViews.shortDocumentType(type.getKey()));
            totals.add(
                    type.getValue().values().stream().mapToLong(Long::longValue).sum());
        }
        if (labels.isEmpty()) {
            body.append("<p>")
                    .append(Html.escape(text.get("dashboard.noMessages")))
                    .append("</p>");
        } else {
            body.append(SvgBars.horizontal(text.get("dashboard.perType"), labels, totals, "out"));
            body.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">")
                    .append(Html.escape(text.get("message.documentType")))
                    .append("</th><th scope=\"col\">")
                    .append(Html.escape(text.get("direction.OUTBOUND")))
                    .append("</th><th scope=\"col\">")
                    .append(Html.escape(text.get("direction.INBOUND")))
                    .append("</th></tr></thead><tbody>");
            for (Map.Entry<String, Map<Direction, Long>> type :
                    figures.byDocumentType().entrySet()) {
                body.append("<tr><td title=\"")
                        .append(Html.escape(type.getKey()))
                        .append("\">")
                        .append(Html.escape(MessageViews.shortDocumentType(type.getKey())))
                        .append("</td><td>")
                        .append(text.number(type.getValue().getOrDefault(Direction.OUTBOUND, 0L)))
                        .append("</td><td>")
                        .append(text.number(type.getValue().getOrDefault(Direction.INBOUND, 0L)))
                        .append("</td></tr>");
            }
            body.append("</tbody></table></div>");
        }
        body.append("</section>");

        body.append("<section><h2>")
                .append(Html.escape(text.get("dashboard.byState")))
                .append("</h2>");
        body.append("<div class=\"scroll\"><table><tbody>");
        stateRow(body, text, figures, Direction.OUTBOUND, OUTBOUND_STATES);
        stateRow(body, text, figures, Direction.INBOUND, INBOUND_STATES);
        body.append("</tbody></table></div></section>");

        body.append("<section><h2>")
                .append(Html.escape(text.get("dashboard.latency")))
                .append("</h2><p id=\"latency\">");
        if (figures.sendLatency().isPresent()) {
            body.append(Html.escape(text.format(
                    "dashboard.latencyValues",
                    millis(figures.sendLatency().get().p50()),
                    millis(figures.sendLatency().get().p99()),
                    figures.sendLatency().get().attempts())));
        } else {
            body.append(Html.escape(text.get("dashboard.noLatency")));
        }
        body.append("</p>");
        if (!figures.queueDepths().isEmpty()) {
            body.append("<h3>")
                    .append(Html.escape(text.get("dashboard.queues")))
                    .append("</h3><ul class=\"plain\">");
            figures.queueDepths()
                    .forEach((queue, depth) -> body.append("<li>")
                            .append(Html.escape(queue))
                            .append(": <span id=\"queue-")
                            .append(Html.escape(queue))
                            .append("\">")
                            .append(text.number(depth))
                            .append("</span></li>"));
            body.append("</ul>");
        }
        body.append("</section>");

        body.append("<section><h2>")
                .append(Html.escape(text.get("dashboard.health")))
                .append("</h2><ul class=\"plain\">");
        health(
                body,
                text,
                "health-status",
                "dashboard.healthOverall",
                figures.health().status());
        health(
                body,
                text,
                "health-journal",
                "dashboard.healthJournal",
                figures.health().journalUp() ? "UP" : "DOWN");
        health(
                body,
                text,
                "health-broker",
                "dashboard.healthBroker",
                figures.health().brokerUp() ? "UP" : "DOWN");
        // the access point's nodes sharing the journal: a LOST one is why the status says WARN
        for (var node : figures.health().nodes()) {
            body.append("<li>")
                    .append(Html.escape(text.get("dashboard.healthNode")))
                    .append(' ')
                    .append(Html.escape(node.node()))
                    .append(node.self() ? " (" + Html.escape(text.get("dashboard.thisNode")) + ")" : "")
                    .append(": <strong class=\"node status-")
                    .append(node.state().name().toLowerCase(java.util.Locale.ROOT))
                    .append("\">")
                    .append(node.state().name())
                    .append("</strong></li>");
        }
        body.append("</ul><div class=\"scroll\"><table><thead><tr><th scope=\"col\">")
                .append(Html.escape(text.get("dashboard.certificate")))
                .append("</th><th scope=\"col\">")
                .append(Html.escape(text.get("dashboard.until")))
                .append("</th><th scope=\"col\">")
                .append(Html.escape(text.get("dashboard.daysLeft")))
                .append("</th><th scope=\"col\">")
                .append(Html.escape(text.get("dashboard.status")))
                .append("</th></tr></thead><tbody>");
        for (CertificateHealth.Item item : figures.health().dated()) {
            body.append("<tr class=\"cert ")
                    .append(item.status().name().toLowerCase(java.util.Locale.ROOT))
                    .append("\"><td>")
                    .append(Html.escape(item.name()))
                    .append("</td><td>")
                    .append(Html.escape(text.dateTime(item.until())))
                    .append("</td><td class=\"days-left\">")
                    .append(text.number(item.daysLeft()))
                    .append("</td><td>")
                    .append(Html.escape(item.status().name()))
                    .append("</td></tr>");
        }
        body.append("</tbody></table></div></section>");
        return body.toString();
    }

    private static void card(StringBuilder body, ConsoleText text, String key, String id, long value, boolean alert) {
        body.append("<div class=\"card")
                .append(alert ? " alert" : "")
                .append("\"><span class=\"figure\" id=\"")
                .append(id)
                .append("\">")
                .append(text.number(value))
                .append("</span><span>")
                .append(Html.escape(text.get(key)))
                .append("</span></div>");
    }

    private static void stateRow(
            StringBuilder body,
            ConsoleText text,
            ConsoleActions.Dashboard figures,
            Direction direction,
            List<MessageState> states) {
        body.append("<tr><th scope=\"row\">")
                .append(Html.escape(text.get("direction." + direction)))
                .append("</th>");
        for (MessageState state : states) {
            body.append("<td><a href=\"/console/messages?direction=")
                    .append(direction)
                    .append("&amp;state=")
                    .append(state)
                    .append("\">")
                    .append(Html.escape(text.get("state." + state)))
                    .append("</a>: <span id=\"count-")
                    .append(direction)
                    .append('-')
                    .append(state)
                    .append("\">")
                    .append(text.number(figures.count(direction, state)))
                    .append("</span></td>");
        }
        body.append("</tr>");
    }

    private static void health(StringBuilder body, ConsoleText text, String id, String key, String status) {
        body.append("<li>")
                .append(Html.escape(text.get(key)))
                .append(": <strong class=\"status-")
                .append(Html.escape(status.toLowerCase(java.util.Locale.ROOT)))
                .append("\" id=\"")
                .append(id)
                .append("\">")
                .append(Html.escape(status))
                .append("</strong></li>");
    }

    private static String millis(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f", duration.toNanos() / 1_000_000.0);
    }
}
