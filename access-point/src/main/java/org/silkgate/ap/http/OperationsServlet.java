package org.silkgate.ap.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.silkgate.ap.clients.ApiClients;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.trust.CertificateHealth;

/**
 * {@code GET /health} (200 UP or WARN, 503 DOWN, with the state of each part and the dates by which certificates
 * expire and CRLs must be renewed) and {@code GET /metrics} (Prometheus, for operators).
 */
public final class OperationsServlet extends HttpServlet {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apId;
    private final transient Journal journal;
    private final transient BooleanSupplier brokerUp;
    private final transient ApMetrics metrics;
    private final transient CertificateHealth certificates;

    private final transient Authentication authentication;

    /** @param clients who may read {@code /metrics}: operators */
    public OperationsServlet(
            String apId,
            Journal journal,
            BooleanSupplier brokerUp,
            ApMetrics metrics,
            CertificateHealth certificates,
            ApiClients clients) {
        this.authentication = new Authentication(clients);
        this.certificates = certificates;
        this.apId = apId;
        this.journal = journal;
        this.brokerUp = brokerUp;
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
        boolean journalUp = journal.isAvailable();
        boolean broker = brokerUp.getAsBoolean();
        List<CertificateHealth.Item> dated = certificates.items();
        CertificateHealth.Status certificatesStatus = dated.stream()
                .map(CertificateHealth.Item::status)
                .max(Comparator.naturalOrder())
                .orElse(CertificateHealth.Status.UP);
        // WARN still serves: an operator has days to renew; anything DOWN stops the exchange with peers
        boolean down = !journalUp || !broker || certificatesStatus == CertificateHealth.Status.DOWN;
        ObjectNode health = JSON.createObjectNode()
                .put("status", down ? "DOWN" : certificatesStatus.name())
                .put("accessPoint", apId)
                .put("journal", journalUp ? "UP" : "DOWN")
                .put("broker", broker ? "UP" : "DOWN")
                .put("certificates", certificatesStatus.name());
        ArrayNode items = health.putArray("dated");
        for (CertificateHealth.Item item : dated) {
            items.addObject()
                    .put("name", item.name())
                    .put("until", item.until().toString())
                    .put("daysLeft", item.daysLeft())
                    .put("status", item.status().name());
        }
        ApiServlet.json(
                response, down ? HttpServletResponse.SC_SERVICE_UNAVAILABLE : HttpServletResponse.SC_OK, health);
    }
}
