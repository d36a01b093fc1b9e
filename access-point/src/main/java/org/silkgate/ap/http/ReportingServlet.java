package org.silkgate.ap.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.silkgate.ap.clients.ApiClients;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.outbound.InvalidDocument;
import org.silkgate.ap.outbound.SubmissionRefused;
import org.silkgate.ap.reporting.MonthlyReports;
import org.silkgate.ap.reporting.NetworkStatistics;
import org.silkgate.ap.reporting.PeppolReports;
import org.silkgate.ap.reporting.ReportValidator;

/**
 * The Peppol reports through the back-office API, for operators only:
 *
 * <ul>
 *   <li>{@code GET /api/v1/reports/YYYY-MM/tsr} (or {@code eusr}): the month's report as it stands, in its XML;
 *   <li>{@code POST /api/v1/reports/YYYY-MM/send}: sends the month's reports to the reporting receiver now;
 *   <li>{@code GET /api/v1/statistics?month=YYYY-MM&format=json|csv}: at the reporting receiver, the table of what
 *       the received reports say crossed which border.
 * </ul>
 */
public final class ReportingServlet extends HttpServlet {
    private final transient Journal journal;
    private final transient MessageFiles files;
    private final transient Optional<MonthlyReports> monthly;
    private final transient Authentication authentication;
    private final String apId;

    /** @param monthly empty when no reporting receiver is configured */
    public ReportingServlet(
            Journal journal, MessageFiles files, Optional<MonthlyReports> monthly, ApiClients clients, String apId) {
        this.journal = journal;
        this.files = files;
        this.monthly = monthly;
        this.authentication = new Authentication(clients);
        this.apId = apId;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (authentication.operator(request, response).isEmpty()) return;
        String path = path(request);
        if (path.equals("/api/v1/statistics")) {
            Optional<YearMonth> month = month(request.getParameter("month"), response);
            if (month.isEmpty()) return;
            NetworkStatistics.Table table = NetworkStatistics.of(journal, files, month.get());
            String format = Optional.ofNullable(request.getParameter("format")).orElse("json");
            switch (format) {
                case "json" -> write(response, "application/json;charset=UTF-8", table.json());
                case "csv" -> write(response, "text/csv;charset=UTF-8", table.csv());
                default ->
                    ApiServlet.error(
                            response, HttpServletResponse.SC_BAD_REQUEST, "format: json or csv, got '" + format + "'");
            }
            return;
        }
        String[] parts = path.substring("/api/v1/reports/".length()).split("/");
        if (!path.startsWith("/api/v1/reports/")
                || parts.length != 2
                || !java.util.Set.of("tsr", "eusr").contains(parts[1])) {
            ApiServlet.error(response, HttpServletResponse.SC_NOT_FOUND, "no such resource: GET " + path);
            return;
        }
        Optional<YearMonth> month = month(parts[0], response);
        if (month.isEmpty()) return;
        PeppolReports.Reports reports = PeppolReports.compute(journal, month.get(), apId);
        byte[] xml = parts[1].equals("tsr")
                ? reports.transactions().toXml()
                : reports.endUsers().toXml();
        write(response, "application/xml", new String(xml, StandardCharsets.UTF_8));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (authentication.operator(request, response).isEmpty()) return;
        String path = path(request);
        if (!path.startsWith("/api/v1/reports/") || !path.endsWith("/send")) {
            ApiServlet.error(response, HttpServletResponse.SC_NOT_FOUND, "no such resource: POST " + path);
            return;
        }
        Optional<YearMonth> month =
                month(path.substring("/api/v1/reports/".length(), path.length() - "/send".length()), response);
        if (month.isEmpty()) return;
        if (monthly.isEmpty()) {
            ApiServlet.error(
                    response,
                    HttpServletResponse.SC_CONFLICT,
                    "access point " + apId + " has no reporting receiver (ap serve --reporting-receiver)");
            return;
        }
        try {
            MonthlyReports.Sent sent = monthly.get().send(month.get());
            ApiServlet.json(
                    response,
                    HttpServletResponse.SC_ACCEPTED,
                    Map.of(
                            "month", sent.month().toString(),
                            "transactionStatisticsReport", sent.transactions(),
                            "endUserStatisticsReport", sent.endUsers()));
        } catch (ReportValidator.ReportRefused | InvalidDocument refused) {
            ApiServlet.error(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, refused.getMessage());
        } catch (SubmissionRefused refused) {
            ApiServlet.error(response, HttpServletResponse.SC_CONFLICT, refused.getMessage());
        }
    }

    private static String path(HttpServletRequest request) {
        return request.getServletPath()
                + Optional.ofNullable(request.getPathInfo()).orElse("");
    }

    private static Optional<YearMonth> month(String text, HttpServletResponse response) throws IOException {
        try {
            if (text == null) throw new DateTimeParseException("missing", "", 0);
            return Optional.of(YearMonth.parse(text));
        } catch (DateTimeParseException e) {
            ApiServlet.error(
                    response,
                    HttpServletResponse.SC_BAD_REQUEST,
                    "month: YYYY-MM (e.g. 2026-11), got " + (text == null ? "none" : "'" + text + "'"));
            return Optional.empty();
        }
    }

    private static void write(HttpServletResponse response, String contentType, String body) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(contentType);
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
