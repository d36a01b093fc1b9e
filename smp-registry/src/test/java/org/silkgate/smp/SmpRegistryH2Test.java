package org.silkgate.smp;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The registry contract on the embedded default store: H2 in file mode under the data directory. */
class SmpRegistryH2Test extends SmpRegistryContract {
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        startRegistry(baseConfig(data));
    }
}
