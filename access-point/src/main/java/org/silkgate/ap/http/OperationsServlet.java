package org.silkgate.ap.http;

import org.silkgate.ap.http.ApiServlet;
import org.silkgate.ap.http.ApMetrics;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.silkgate.ap.journal.Journal;

/** {@code GET /health} (200 UP / 503 DOWN with the state of each part) and {@code GET /metrics} (Prometheus). */
public final class OperationsServlet extends HttpServlet {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apId;
    private final transient Journal journal;
    private final transient BooleanSupplier brokerUp;
    private final transient ApMetrics metrics;

    public OperationsServlet(String apId, Journal journal, BooleanSupplier brokerUp, ApMetrics metrics) {
        this.apId = apId;
        this.journal = journal;
        this.brokerUp = brokerUp;
        this.metrics = metrics;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/metrics".equals(request.getServletPath())) {
            response.setContentType("text/plain; version=0.0.4; charset=utf-8");
            response.getOutputStream().write(metrics.scrape().getBytes(StandardCharsets.UTF_8));
            return;
        }
        boolean journalUp = journal.isAvailable();
        boolean broker = brokerUp.getAsBoolean();
        ObjectNode health = JSON.createObjectNode()
                .put("status", journalUp && broker ? "UP" : "DOWN")
                .put("accessPoint", apId)
                .put("journal", journalUp ? "UP" : "DOWN")
                .put("broker", broker ? "UP" : "DOWN");
        ApiServlet.json(response, journalUp && broker ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE, health);
    }
}
