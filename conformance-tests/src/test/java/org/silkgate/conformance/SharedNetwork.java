package org.silkgate.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.silkgate.ap.AccessPoint;
import org.silkgate.ap.ApConfig;
import org.silkgate.conformance.cases.Target;
import org.silkgate.network.DemoNetwork;
import org.silkgate.network.NetworkOptions;
import org.silkgate.network.Participants;

/**
 * Starts the demo network once per test JVM, for every class that uses this extension, and stops it when the run
 * ends. The conformance cases target its Georgian access point.
 */
public final class SharedNetwork implements BeforeAllCallback {
    private static final String KEY = "silkgate-demo-network";

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(KEY, key -> new Running(start()),
                Running.class);
    }

    /** The running network (call from a class extended with this). */
    public static DemoNetwork network() {
        if (running == null) throw new IllegalStateException("the class must use @ExtendWith(SharedNetwork.class)");
        return running;
    }

    /** The Georgian access point as a conformance target, observed through its inbox and journal in this process. */
    public static Target georgianTarget() {
        AccessPoint georgia = network().accessPoint("GE");
        return new Target(georgia.as4Url(), georgia.certificate(), Participants.KZ_SUPPLIER.primaryIdentifier(),
                Participants.GE_MINISTRY.primaryIdentifier(), Participants.KZ_CUSTOMS.primaryIdentifier(),
                new InboxProbe(georgia), ApConfig.DEFAULT_MAX_MESSAGE_BYTES);
    }

    private static volatile DemoNetwork running;

    private static DemoNetwork start() {
        try {
            Path data = Files.createTempDirectory("silkgate-conformance");
            running = DemoNetwork.start(NetworkOptions.demo(data), line -> { });
            return running;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Running(DemoNetwork network) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            network.close();
            try (var files = Files.walk(network.dataDir())) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
