package org.silkgate.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.silkgate.ap.AccessPoint;
import org.silkgate.ap.ApConfig;
import org.silkgate.ap.validation.InvalidDocumentPolicy;
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

    /** The Georgian access point acknowledges invalid documents and answers them with an MLS RE. */
    public static final InvalidDocumentPolicy GEORGIAN_INVALID_DOCUMENTS = InvalidDocumentPolicy.RESPOND;
    /** The Kazakh access point refuses invalid documents at AS4: the policy the RESPOND case does not apply to. */
    public static final InvalidDocumentPolicy KAZAKH_INVALID_DOCUMENTS = InvalidDocumentPolicy.REJECT;

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

    /**
     * The Kazakh access point as a conformance target (policy REJECT): the Georgian ministry sends to the Kazakh
     * supplier, whom it serves.
     */
    public static Target kazakhTarget() {
        AccessPoint kazakhstan = network().accessPoint("KZ");
        return new Target(
                kazakhstan.as4Url(),
                kazakhstan.certificate(),
                Participants.GE_MINISTRY.primaryIdentifier(),
                Participants.KZ_SUPPLIER.primaryIdentifier(),
                Participants.GE_MINISTRY.primaryIdentifier(),
                new InboxProbe(kazakhstan),
                ApConfig.DEFAULT_MAX_MESSAGE_BYTES,
                ApConfig.DEFAULT_MAX_PAYLOAD_BYTES,
                java.util.Optional.of(
                        new Target.Api(kazakhstan.apiUrl(), network().operatorToken("KZ"))));
    }

    private static volatile DemoNetwork running;

    private static DemoNetwork start() {
        try {
            Path data = Files.createTempDirectory("silkgate-conformance");
            running = DemoNetwork.start(
                    NetworkOptions.demo(data).withApConfig(config -> switch (config.country()) {
                        // Georgia answers invalid documents with an MLS RE (the mls-* cases), Kazakhstan
                        // refuses them at AS4: set here, whatever the demo's defaults become, so that the
                        // tests see both policies
                        case "GE" ->
                            config.withMaxPayloadBytes(GEORGIAN_MAX_PAYLOAD_BYTES)
                                    .withInvalidDocuments(GEORGIAN_INVALID_DOCUMENTS);
                        case "KZ" -> config.withInvalidDocuments(KAZAKH_INVALID_DOCUMENTS);
                        default -> config;
                    }),
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
