package org.silkgate.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry contract on the embedded default store: H2 in file mode under the data directory. */
class SmpRegistryH2Test extends SmpRegistryContract {
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        startRegistry(baseConfig(data));
    }

    @Test
    void healthIsUpWithoutAChangeListenerOnASingleNode() throws Exception {
        HttpResponse<byte[]> health = get("/health");
        assertEquals(200, health.statusCode(), text(health));
        JsonNode json = new ObjectMapper().readTree(text(health));
        assertEquals("UP", json.path("status").asText(), text(health));
        assertEquals("UP", json.path("database").asText());
        assertEquals("LOCAL", json.path("changeListener").asText());
        JsonNode hot = json.path("hotCache");
        assertEquals(
                SmpConfig.DEFAULT_HOT_CACHE_MIB * 1024L * 1024L,
                hot.path("budgetBytes").asLong(),
                text(health));
        assertEquals(
                server.registry().hotCache().budgetBytes(),
                hot.path("budgetBytes").asLong());
        assertTrue(hot.path("bytes").isIntegralNumber() && hot.path("bytes").asLong() >= 0, text(health));
        assertTrue(hot.path("participants").isIntegralNumber(), text(health));
        assertTrue(hot.path("documents").isIntegralNumber(), text(health));
        assertFalse(server.listeningForChanges(), "H2 belongs to one process: nothing to listen to");
    }
}
