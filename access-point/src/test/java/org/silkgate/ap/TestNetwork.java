package org.silkgate.ap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import org.silkgate.ap.clients.ApiClient;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.outbound.Submission;
import org.silkgate.ap.tls.ClientConnections;
import org.silkgate.ap.validation.DocumentCheck;
import org.silkgate.pki.DevPki;
import org.silkgate.pki.PkiOptions;
import org.silkgate.security.KeystoreException;
import org.silkgate.security.tls.TlsContexts;
import org.silkgate.validation.DocumentValidator;

/** The demo identities of docs/network.md and a development PKI for them, made fresh in a test's folder. */
public final class TestNetwork {
    public static final String KZ_AP = "SG-AP-KZ-001";
    public static final String GE_AP = "SG-AP-GE-001";
    public static final ParticipantId KZ_SUPPLIER = ParticipantId.parse("9970:980540001256");
    public static final ParticipantId GE_BUYER = ParticipantId.parse("9972:204493002");
    public static final ParticipantId GE_IMPORTER = ParticipantId.parse("9972:405123456");
    /** The Kazakh access point's Peppol service provider id, where Message Level Statuses for it go. */
    public static final ParticipantId KZ_SERVICE_PROVIDER = ParticipantId.parse("0242:398001");
    /** One validator for every access point of the test JVM: building one compiles every rule set. */
    public static final DocumentCheck VALIDATION = DocumentCheck.sharing(DocumentValidator::create);

    private TestNetwork() {}

    /** Starts an access point that shares the tests' validator. */
    public static AccessPoint start(ApConfig config) {
        return AccessPoint.start(config, VALIDATION, Clock.systemUTC());
    }

    public static Path createPki(Path folder) {
        Path pki = folder.resolve("pki");
        try {
            DevPki.init(PkiOptions.defaults(pki));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the development PKI: " + e.getMessage(), e);
        }
        return pki;
    }

    public static ApConfig georgia(Path pki, Path data) {
        return ApConfig.of(GE_AP, "GE", pki.resolve("ap-GE.p12"), pki.resolve("truststore.p12"), data.resolve("ge"))
                .withServedParticipants(Set.of(GE_BUYER))
                .withTls(tls(pki, "GE"));
    }

    /** The country's TLS certificate of the dev PKI, and its TLS root as the anchor for the servers it connects to. */
    public static ApConfig.Tls tls(Path pki, String country) {
        return ApConfig.Tls.of(pki.resolve("tls-" + country + ".p12"), pki.resolve("tls-truststore.p12"));
    }

    /** An access point's back-office API as an operator sees it: its URL, an operator's token, the PKI to trust. */
    public record Api(String url, String token, Path pki) {
        public HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(url + path)).GET());
        }

        public HttpResponse<String> post(String path, byte[] body) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(url + path))
                    .header("Content-Type", "application/xml")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            return https(pki)
                    .send(
                            request.header("Authorization", "Bearer " + token).build(),
                            HttpResponse.BodyHandlers.ofString());
        }
    }

    private static final Map<AccessPoint, Api> OPERATORS = new java.util.concurrent.ConcurrentHashMap<>();

    /** An operator client of a running access point, created on first use. */
    public static Api operatorApi(AccessPoint ap, Path pki) {
        return OPERATORS.computeIfAbsent(
                ap,
                a -> new Api(a.apiUrl(), a.clients().add(new ApiClient("test-operator", Set.of(), true), "test"), pki));
    }

    /** The {@code ap serve} options for the country's TLS certificate and the dev PKI's TLS root. */
    public static List<String> tlsOptions(Path pki, String country) {
        return List.of(
                "--tls-keystore",
                pki.resolve("tls-" + country + ".p12").toString(),
                "--tls-truststore",
                pki.resolve("tls-truststore.p12").toString());
    }

    /** The TLS client side of an access point of the dev PKI, for senders built outside an access point. */
    public static ClientConnections clientConnections(Path pki) {
        return new ClientConnections(clientTls(pki), false);
    }

    /** An HTTP client that trusts the dev PKI's TLS root and checks host names, one per PKI. */
    public static HttpClient https(Path pki) {
        return HTTPS.computeIfAbsent(
                pki.toAbsolutePath(),
                p -> HttpClient.newBuilder()
                        .sslContext(clientTls(p))
                        .connectTimeout(Duration.ofSeconds(5))
                        .build());
    }

    private static final Map<Path, HttpClient> HTTPS = new java.util.concurrent.ConcurrentHashMap<>();

    private static SSLContext clientTls(Path pki) {
        try {
            return TlsContexts.client(pki.resolve("tls-truststore.p12"), Optional.empty());
        } catch (KeystoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Kazakhstan's AP, routing both Georgian participants to {@code georgia} (only the buyer is served there). */
    public static ApConfig kazakhstan(Path pki, Path data, AccessPoint georgia) {
        ApConfig.StaticRoute toGeorgia = new ApConfig.StaticRoute(georgia.as4Url(), pki.resolve("ap-GE.pem"));
        return ApConfig.of(KZ_AP, "KZ", pki.resolve("ap-KZ.p12"), pki.resolve("truststore.p12"), data.resolve("kz"))
                .withServedParticipants(Set.of(KZ_SUPPLIER))
                .withTls(tls(pki, "KZ"))
                .withStaticRoutes(Map.of(GE_BUYER, toGeorgia, GE_IMPORTER, toGeorgia));
    }

    /** Submits a document as the back office would, sender and receiver given. */
    public static String submit(AccessPoint ap, byte[] document, ParticipantId sender, ParticipantId receiver) {
        return ap.submissions().submit(new Submission(document, Optional.of(sender), Optional.of(receiver), "test"));
    }

    /** Waits until the journal shows a message in a state the condition accepts; the bound only stops a broken build from hanging. */
    public static MessageRecord awaitJournal(
            AccessPoint ap, Direction direction, String id, Predicate<MessageRecord> condition)
            throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            var record = ap.journal().find(direction, id);
            if (record.isPresent() && condition.test(record.get())) return record.get();
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError(
                        direction + " message " + id + " at " + ap.id() + " never reached the expected state: "
                                + record.map(Object::toString).orElse("not journaled"));
            }
            Thread.sleep(50);
        }
    }

    /**
     * Waits until the back-office delivery has written a file: delivery runs through the broker after the receipt
     * went back, so a test that has the receipt may still be ahead of it. The bound only stops a broken build.
     */
    public static Path awaitFile(Path file) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(120));
        while (!java.nio.file.Files.exists(file)) {
            if (Instant.now().isAfter(giveUp)) throw new AssertionError(file + " was never delivered");
            Thread.sleep(50);
        }
        return file;
    }

    /** A Georgian and a Kazakh access point routing to it, started in {@code folder}; close to stop both. */
    public record Pair(Path pki, AccessPoint georgia, AccessPoint kazakhstan) implements AutoCloseable {
        public static Pair start(Path folder) {
            return start(folder, config -> config, config -> config);
        }

        /** With settings of the test's own changed in each access point's configuration. */
        public static Pair start(
                Path folder,
                java.util.function.UnaryOperator<ApConfig> georgiaSettings,
                java.util.function.UnaryOperator<ApConfig> kazakhSettings) {
            Path pki = createPki(folder);
            // Kazakhstan's port is chosen first so that Georgia can route its Message Level Status back to it
            int kazakhPort = freePort();
            AccessPoint georgia = TestNetwork.start(georgiaSettings.apply(TestNetwork.georgia(pki, folder)
                    .withStaticRoutes(Map.of(
                            KZ_SERVICE_PROVIDER,
                            new ApConfig.StaticRoute(
                                    "https://127.0.0.1:" + kazakhPort + "/as4", pki.resolve("ap-KZ.pem"))))));
            try {
                return new Pair(
                        pki,
                        georgia,
                        TestNetwork.start(kazakhSettings.apply(
                                TestNetwork.kazakhstan(pki, folder, georgia).withPort(kazakhPort))));
            } catch (RuntimeException e) {
                georgia.close();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                kazakhstan.close();
            } finally {
                georgia.close();
            }
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] document(String name) {
        try (InputStream in = TestNetwork.class.getResourceAsStream("/documents/" + name)) {
            if (in == null) throw new IllegalArgumentException("no test document " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
