package org.silkgate.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.silkgate.ap.AccessPoint;

/**
 * The end of the demo month: each access point's operator sends the month's Peppol reports (TSR and EUSR) over AS4
 * to the CAREC Secretariat through the back-office API, and the secretariat's table of the region's cross-border
 * traffic is read once every report has arrived. Everything goes through the access points' APIs, as an operator's
 * scripts would.
 */
public final class ReportsRound {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);

    private ReportsRound() {}

    /** What one access point reported and which messages carried it. */
    public record Report(
            String apId, long received, long sent, long endUsers, String transactionsMessage, String endUsersMessage) {}

    /**
     * @param statistics the secretariat's table as its API answers it (JSON), when every report arrived in time
     * @param problem what went wrong, in words
     */
    public record Result(
            YearMonth month, List<Report> reports, Optional<JsonNode> statistics, Optional<String> problem) {
        public boolean complete() {
            return problem.isEmpty() && statistics.isPresent();
        }
    }

    /** Sends every access point's reports of {@code month} and waits at most {@code deadline} for the table. */
    public static Result run(DemoNetwork network, YearMonth month, Duration deadline) {
        List<Report> reports = new ArrayList<>();
        try {
            for (Map.Entry<String, AccessPoint> entry : network.accessPoints().entrySet()) {
                AccessPointClient operator = operator(network, entry.getKey());
                String tsr = body(operator.get("/api/v1/reports/" + month + "/tsr"), 200);
                String eusr = body(operator.get("/api/v1/reports/" + month + "/eusr"), 200);
                JsonNode sent = JSON.readTree(body(operator.post("/api/v1/reports/" + month + "/send"), 202));
                reports.add(new Report(
                        entry.getValue().id(),
                        number(tsr, "Total", "Incoming"),
                        number(tsr, "Total", "Outgoing"),
                        number(eusr, "FullSet", "SendingOrReceivingEndUsers"),
                        sent.path("transactionStatisticsReport").asText(),
                        sent.path("endUserStatisticsReport").asText()));
            }
            AccessPointClient secretariat = operator(network, Participants.SECRETARIAT.country());
            long giveUp = System.nanoTime() + deadline.toNanos();
            while (true) {
                JsonNode table = JSON.readTree(body(secretariat.get("/api/v1/statistics?month=" + month), 200));
                if (table.path("reporters").size() >= reports.size())
                    return new Result(month, reports, Optional.of(table), Optional.empty());
                if (System.nanoTime() - giveUp > 0) {
                    return new Result(
                            month,
                            reports,
                            Optional.empty(),
                            Optional.of("after " + deadline.toSeconds() + " s the secretariat has the reports of "
                                    + table.path("reporters") + " only, of " + reports.size()));
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (IOException | RuntimeException e) {
            return new Result(month, reports, Optional.empty(), Optional.of(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(month, reports, Optional.empty(), Optional.of("interrupted"));
        }
    }

    private static AccessPointClient operator(DemoNetwork network, String country) {
        AccessPoint ap = network.accessPoint(country);
        return new AccessPointClient(ap.apiUrl(), network.operatorToken(country), network.clientTls());
    }

    private static String body(HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.request().method() + " "
                    + response.request().uri() + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** A count of the report's XML, e.g. {@code <Total><Incoming>7</Incoming>}; whitespace between may vary. */
    private static long number(String xml, String parent, String child) {
        Matcher m = Pattern.compile(
                        "<" + parent + ">\\s*(?:<[^>]+>[^<]*</[^>]+>\\s*)*?<" + child + ">(\\d+)</" + child + ">")
                .matcher(xml);
        if (!m.find()) {
            throw new IllegalStateException(
                    "the report has no " + parent + "/" + child + ": " + xml.substring(0, Math.min(xml.length(), 200)));
        }
        return Long.parseLong(m.group(1));
    }
}
