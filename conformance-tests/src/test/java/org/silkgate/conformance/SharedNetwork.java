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
    /**
     * The Georgian access point's limit on a decompressed payload: small, so that the decompression-bomb case costs
     * the test JVM a few MiB instead of the default 100 MiB (the kit builds the inflated payload in memory).
     */
    public static final long GEORGIAN_MAX_PAYLOAD_BYTES = 4L * 1024 * 1024;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(KEY, key -> new Running(start()), Running.class);
    }

    /** The running network (call from a class extended with this). */
    public static DemoNetwork network() {
        if (running == null) throw new IllegalStateException("the class must use @ExtendWith(SharedNetwork.class)");
        return running;
    }

    /**
     * The Georgian access point as a conformance target, observed through its inbox and journal in this process,
     * with its back-office API and an operator's token for the API cases.
     */
    public static Target georgianTarget() {
        AccessPoint georgia = network().accessPoint("GE");
        return new Target(
                georgia.as4Url(),
                georgia.certificate(),
                Participants.KZ_SUPPLIER.primaryIdentifier(),
                Participants.GE_MINISTRY.primaryIdentifier(),
                Participants.KZ_CUSTOMS.primaryIdentifier(),
                new InboxProbe(georgia),
                ApConfig.DEFAULT_MAX_MESSAGE_BYTES,
                GEORGIAN_MAX_PAYLOAD_BYTES,
                java.util.Optional.of(new Target.Api(georgia.apiUrl(), network().operatorToken("GE"))));
    }

    private static volatile DemoNetwork running;

    private static DemoNetwork start() {
        try {
            Path data = Files.createTempDirectory("silkgate-conformance");
            running = DemoNetwork.start(
                    NetworkOptions.demo(data)
                            .withApConfig(config -> config.country().equals("GE")
                                    ? config.withMaxPayloadBytes(GEORGIAN_MAX_PAYLOAD_BYTES)
                                    : config),
                    line -> {});
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
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
    }
}
