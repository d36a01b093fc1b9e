package org.silkgate.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
        assertEquals("{\"status\":\"UP\",\"database\":\"UP\",\"changeListener\":\"LOCAL\"}", text(health));
        assertFalse(server.listeningForChanges(), "H2 belongs to one process: nothing to listen to");
    }
}
