package org.silkgate.smp.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.silkgate.smp.registry.HotCacheStats;
import org.silkgate.smp.store.Database;

/**
 * {@code GET /health} for a load balancer's checks: 200 {@code UP}, or 503 {@code DOWN} when the database does not
 * answer or, on PostgreSQL, when the change listener is not listening (this node would not hear the other nodes'
 * writes; it answers from the database meanwhile, but a balancer should prefer a node that is whole). The path
 * cannot clash with a lookup: a participant identifier always holds {@code ::}. {@code hotCache} tells what the hot
 * documents hold (estimated heap bytes against the budget, participants, documents); it never makes a node DOWN.
 */
@Path("/health")
public final class HealthResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VALID_SECONDS = 2;

    private final Database db;
    private final BooleanSupplier listening;
    private final Supplier<HotCacheStats> hotCache;

    /**
     * @param listening whether the change listener is listening; null for a single-node (H2) registry
     * @param hotCache what the hot documents hold now
     */
    public HealthResource(Database db, BooleanSupplier listening, Supplier<HotCacheStats> hotCache) {
        this.db = db;
        this.listening = listening;
        this.hotCache = hotCache;
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
        HotCacheStats hot = hotCache.get();
        health.putObject("hotCache")
                .put("bytes", hot.bytes())
                .put("budgetBytes", hot.budgetBytes())
                .put("participants", hot.participants())
                .put("documents", hot.documents());
        return Response.status(down ? 503 : 200)
                .type("application/json")
                .entity(health.toString())
                .build();
    }
}
