package org.silkgate.ap;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** For test classes that need the Georgian and Kazakh access points: started once per class, stopped after it. */
public abstract class WithTwoAccessPoints {
    @TempDir
    protected static Path folder;

    protected static TestNetwork.Pair network;
    protected static Path pki;
    protected static AccessPoint georgia;
    protected static AccessPoint kazakhstan;

    @BeforeAll
    static void startAccessPoints() {
        network = TestNetwork.Pair.start(folder);
        pki = network.pki();
        georgia = network.georgia();
        kazakhstan = network.kazakhstan();
    }

    @AfterAll
    static void stopAccessPoints() {
        if (network != null) network.close();
    }
}
