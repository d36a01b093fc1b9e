package org.silkgate.ap.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.silkgate.ap.clients.ApiClients;
import org.silkgate.ap.monitoring.ApHealth;
import org.silkgate.ap.monitoring.ApMetrics;
import org.silkgate.ap.trust.CertificateHealth;

/**
 * {@code GET /health} (200 UP or WARN, 503 DOWN, with the state of each part and the dates by which certificates
 * expire and CRLs must be renewed) and {@code GET /metrics} (Prometheus, for operators).
 */
public final class OperationsServlet extends HttpServlet {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apId;
    private final transient ApHealth health;
    private final transient ApMetrics metrics;

    private final transient Authentication authentication;

    /** @param clients who may read {@code /metrics}: operators */
    public OperationsServlet(String apId, ApHealth health, ApMetrics metrics, ApiClients clients) {
        this.authentication = new Authentication(clients);
        this.apId = apId;
        this.health = health;
        this.metrics = metrics;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/metrics".equals(request.getServletPath())) {
            if (authentication.operator(request, response).isEmpty()) return;
            response.setContentType("text/plain; version=0.0.4; charset=utf-8");
            response.getOutputStream().write(metrics.scrape().getBytes(StandardCharsets.UTF_8));
            return;
        }
        ApHealth.Report report = health.check();
        ObjectNode health = JSON.createObjectNode()
                .put("status", report.status())
                .put("accessPoint", apId)
                .put("journal", report.journalUp() ? "UP" : "DOWN")
                .put("broker", report.brokerUp() ? (report.brokerConnected() ? "UP" : "UNREACHABLE") : "DOWN")
                .put("certificates", report.certificates().name());
        ArrayNode items = health.putArray("dated");
        for (CertificateHealth.Item item : report.dated()) {
            items.addObject()
                    .put("name", item.name())
                    .put("until", item.until().toString())
                    .put("daysLeft", item.daysLeft())
                    .put("status", item.status().name());
        }
        if (!report.nodes().isEmpty()) {
            ArrayNode nodes = health.putArray("nodes");
            for (var node : report.nodes()) {
                nodes.addObject()
                        .put("node", node.node())
                        .put("state", node.state().name())
                        .put("lastHeartbeat", node.lastHeartbeat().toString())
                        .put("self", node.self());
            }
        }
        if (report.nodeNameTaken()) health.put("node", "another process runs under this node's name");
        boolean down = report.down();
        ApiServlet.json(
                response, down ? HttpServletResponse.SC_SERVICE_UNAVAILABLE : HttpServletResponse.SC_OK, health);
    }
}
