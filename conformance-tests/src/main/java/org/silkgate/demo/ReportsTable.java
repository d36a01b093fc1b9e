package org.silkgate.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.silkgate.ap.reporting.NetworkStatistics;
import org.silkgate.network.Participants;
import org.silkgate.network.ReportsRound;

/**
 * The end of the demo's month: what each access point reported to the CAREC Secretariat, and the secretariat's table
 * of documents per sender and receiver country and document type.
 */
final class ReportsTable {
    private ReportsTable() {}

    static String render(ReportsRound.Result result) {
        StringBuilder out = new StringBuilder();
        out.append("Peppol reports of ")
                .append(result.month())
                .append(", sent over AS4 to the ")
                .append(Participants.SECRETARIAT.shortName())
                .append(" (")
                .append(Participants.SECRETARIAT.primaryIdentifier())
                .append(" at ")
                .append(Participants.apId(Participants.SECRETARIAT.country()))
                .append("):\n");
        for (ReportsRound.Report report : result.reports()) {
            out.append("  %-13s TSR %3d received, %3d sent   EUSR %2d end users   (%s, %s)%n"
                    .formatted(
                            report.apId(),
                            report.received(),
                            report.sent(),
                            report.endUsers(),
                            report.transactionsMessage(),
                            report.endUsersMessage()));
        }
        if (result.statistics().isPresent()) {
            JsonNode table = result.statistics().get();
            out.append("CAREC cross-border statistics, ")
                    .append(result.month())
                    .append(" (the secretariat's table from the reports of ")
                    .append(String.join(
                            ", ",
                            java.util.stream.StreamSupport.stream(
                                            table.path("reporters").spliterator(), false)
                                    .map(JsonNode::asText)
                                    .toList()))
                    .append("):\n");
            out.append("  %-4s  %-4s  %-28s  %s%n".formatted("from", "to", "document type", "documents"));
            for (JsonNode row : table.path("rows")) {
                out.append("  %-4s  %-4s  %-28s  %9d%n"
                        .formatted(
                                row.path("senderCountry").asText(),
                                row.path("receiverCountry").asText(),
                                NetworkStatistics.rootName(
                                        row.path("documentType").asText()),
                                row.path("documents").asLong()));
            }
        }
        result.problem()
                .ifPresent(problem -> out.append("✗ reports: ").append(problem).append('\n'));
        out.append("reports delivered to the secretariat: ")
                .append(result.complete() ? result.reports().size() : 0)
                .append(" of ")
                .append(result.reports().size())
                .append('\n');
        return out.toString();
    }
}
