package org.silkgate.smp.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import org.silkgate.smp.store.Database;

/**
 * {@code GET /health} for a load balancer's checks: 200 {@code UP}, or 503 {@code DOWN} when the database does not
 * answer or, on PostgreSQL, when the change listener is not listening (this node would not hear the other nodes'
 * writes; it answers from the database meanwhile, but a balancer should prefer a node that is whole). The path
 * cannot clash with a lookup: a participant identifier always holds {@code ::}.
 */
@Path("/health")
public final class HealthResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VALID_SECONDS = 2;

    private final Database db;
    private final BooleanSupplier listening;

    /** @param listening whether the change listener is listening; null for a single-node (H2) registry */
    public HealthResource(Database db, BooleanSupplier listening) {
        this.db = db;
        this.listening = listening;
    }

    @GET
    public Response health() {
        boolean database;
        try {
            database = db.read(c -> c.isValid(VALID_SECONDS));
        } catch (SQLException | RuntimeException e) {
            database = false;
        }
        String changes = listening == null ? "LOCAL" : listening.getAsBoolean() ? "LISTENING" : "DOWN";
        boolean down = !database || "DOWN".equals(changes);
        ObjectNode health = JSON.createObjectNode()
                .put("status", down ? "DOWN" : "UP")
                .put("database", database ? "UP" : "DOWN")
                .put("changeListener", changes);
        return Response.status(down ? 503 : 200)
                .type("application/json")
                .entity(health.toString())
                .build();
    }
}
