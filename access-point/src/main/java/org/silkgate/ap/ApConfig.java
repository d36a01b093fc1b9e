package org.silkgate.ap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.silkgate.ap.files.Durability;
import org.silkgate.ap.outbound.RetryPolicy;

/**
 * Everything an access point needs to start; immutable. {@link #of} fills the defaults, the {@code with…} methods
 * change one setting.
 *
 * @param id the AP id; must equal the CN of the keystore's certificate ({@code SG-AP-KZ-001})
 * @param country ISO 3166 alpha-2 code of the operator (the C1 country of documents sent from here)
 * @param port HTTP port, 0 for any free port
 * @param bindHost interface to listen on
 * @param publicUrl base URL other access points reach this one at; default {@code http://bindHost:port}
 * @param smpUrl the SMP registry's base URL (endpoint discovery, served participants)
 * @param crlFiles CRLs checked against; empty means every {@code *.crl} beside the trust store
 * @param dataDir journal, payloads, receipts and broker data live here
 * @param brokerUrl an external Artemis broker instead of the embedded one
 * @param jdbcUrl journal database; default an H2 file under {@code dataDir}
 * @param inboxDir folder delivery to the back office; default {@code dataDir/inbox}
 * @param servedParticipants participants this AP receives for (URI form or {@code 9970:…})
 * @param staticRoutes receiver participant → fixed endpoint, consulted before the SMP
 * @param invalidDocuments whether documents are validated, and what to do with an inbound one that fails
 * @param retry back-off for transient send failures
 * @param deliverToQueue also put each received document on the broker queue {@code silkgate.inbound}
 * @param webhookUrl also POST each received document to this back-office URL (retried until it answers 2xx)
 * @param maxMessageBytes the largest AS4 request read
 * @param durability what stored messages survive; default {@link #effectiveDurability}
 */
public record ApConfig(String id, String country, int port, String bindHost, Optional<String> publicUrl,
                       Optional<String> smpUrl, Path keystore, Optional<Path> keystorePasswordFile, Path truststore,
                       List<Path> crlFiles, Path dataDir, Optional<String> brokerUrl, Optional<String> jdbcUrl,
                       Optional<Path> inboxDir, Set<String> servedParticipants, Map<String, StaticRoute> staticRoutes,
                       InvalidDocumentPolicy invalidDocuments, RetryPolicy retry,
                       boolean deliverToQueue, Optional<String> webhookUrl, long maxMessageBytes,
                       Optional<Durability> durability) {

    /**
     * The largest AS4 message (the whole MIME request) the access point reads: 100 MiB, far above any business
     * document and far below what would strain a server. Larger requests are refused with HTTP 413 unread.
     */
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 100L * 1024 * 1024;

    /**
     * Validation of business documents: {@code REJECT} refuses an invalid one (at submit on the sending side, with an
     * AS4 error on the receiving side); {@code DELIVER_FLAGGED} still refuses at submit but delivers an invalid
     * inbound one with its report; {@code OFF} validates nothing in either direction (a back office that validates
     * itself, or a benchmark of the transport alone).
     */
    public enum InvalidDocumentPolicy {
        REJECT, DELIVER_FLAGGED, OFF;

        public boolean validates() { return this != OFF; }
    }

    /** A fixed endpoint: the receiving AP's AS4 URL and its certificate (PEM file). */
    public record StaticRoute(String url, Path certificatePem) {}

    public ApConfig {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("the AP id is missing");
        if (country == null || !country.matches("[A-Za-z]{2}")) {
            throw new IllegalArgumentException("country must be an ISO 3166 alpha-2 code, got '" + country + "'");
        }
        country = country.toUpperCase(Locale.ROOT);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is out of range");
        if (maxMessageBytes <= 0) throw new IllegalArgumentException("the maximum message size must be positive, got " + maxMessageBytes);
        crlFiles = List.copyOf(crlFiles);
        servedParticipants = Set.copyOf(servedParticipants);
        staticRoutes = Map.copyOf(staticRoutes);
    }

    public static ApConfig of(String id, String country, Path keystore, Path truststore, Path dataDir) {
        return new ApConfig(id, country, 0, "127.0.0.1", Optional.empty(), Optional.empty(), keystore, Optional.empty(),
                truststore, List.of(), dataDir, Optional.empty(), Optional.empty(), Optional.empty(), Set.of(), Map.of(),
                InvalidDocumentPolicy.REJECT, RetryPolicy.DEFAULT, false, Optional.empty(), DEFAULT_MAX_MESSAGE_BYTES, Optional.empty());
    }

    public ApConfig withPort(int newPort) {
        return new ApConfig(id, country, newPort, bindHost, publicUrl, smpUrl, keystore, keystorePasswordFile, truststore,
                crlFiles, dataDir, brokerUrl, jdbcUrl, inboxDir, servedParticipants, staticRoutes, invalidDocuments, retry, deliverToQueue, webhookUrl, maxMessageBytes, durability);
    }

    public ApConfig withPublicUrl(String url) {
        return new ApConfig(id, country, port, bindHost, Optional.of(url), smpUrl, keystore, keystorePasswordFile, truststore,
                crlFiles, dataDir, brokerUrl, jdbcUrl, inboxDir, servedParticipants, staticRoutes, invalidDocuments, retry, deliverToQueue, webhookUrl, maxMessageBytes, durability);
    }

    public ApConfig withSmpUrl(String url) {
        return new ApConfig(id, country, port, bindHost, publicUrl, Optional.of(url), keystore, keystorePasswordFile, truststore,
                crlFiles, dataDir, brokerUrl, jdbcUrl, inboxDir, servedParticipants, staticRoutes, invalidDocuments, retry, deliverToQueue, webhookUrl, maxMessageBytes, durability);
    }

    public ApConfig withKeystore(Path newKeystore, Optional<Path> passwordFile) {
        return new ApConfig(id, country, port, bindHost, publicUrl, smpUrl, newKeystore, passwordFile, truststore,
                crlFiles, dataDir, brokerUrl, jdbcUrl, inboxDir, servedParticipants, staticRoutes, invalidDocuments, retry, deliverToQueue, webhookUrl, maxMessageBytes, durability);
    }

    public ApConfig withJdbcUrl(String url) {
        return new ApConfig(id, country, port, bindHost, publicUrl, smpUrl, keystore, keystorePasswordFile, truststore,
                crlFiles, dataDir, brokerUrl, Optional.of(url), inboxDir, servedParticipants, staticRoutes, invalidDocuments, retry, deliverToQueue, webhookUrl, maxMessageBytes, durability);
    }

    public ApConfig withBrokerUrl(String url) {
        return new ApConfig(id, country, port, bindHost, publicUrl, smpUrl, keystore, keystorePasswordFile, truststore,
                crlFiles, dataDir, Optional.of(url), jdbcUrl, inboxDir, servedParticipants, staticRoutes, invalidDocuments, retry, deliverToQueue, webhookUrl, maxMessageBytes, durability);
    }

    public ApConfig withInbox(Path inbox) {
        return new ApConfig(id, country, port, bindHost, publicUrl, smpUrl, keystore, keystorePasswordFile, truststore,
                crlFiles, dataDir, brokerUrl, jdbcUrl, Optional.of(inbox), servedParticipants, staticRoutes, invalidDocuments, retry, deliverToQueue, webhookUrl, maxMessageBytes, durability);
    }

    public ApConfig withServedParticipants(Set<String> participants) {
        return new ApConfig(id, country, port, bindHost, publicUrl, smpUrl, keystore, keystorePasswordFile, truststore,
                crlFiles, dataDir, brokerUrl, jdbcUrl, inboxDir, participants, staticRoutes, invalidDocuments, retry, deliverToQueue, webhookUrl, maxMessageBytes, durability);
    }

    public ApConfig withStaticRoutes(Map<String, StaticRoute> routes) {
        return new ApConfig(id, country, port, bindHost, publicUrl, smpUrl, keystore, keystorePasswordFile, truststore,
                crlFiles, dataDir, brokerUrl, jdbcUrl, inboxDir, servedParticipants, routes, invalidDocuments, retry, deliverToQueue, webhookUrl, maxMessageBytes, durability);
    }

    public ApConfig withInvalidDocuments(InvalidDocumentPolicy policy) {
        return new ApConfig(id, country, port, bindHost, publicUrl, smpUrl, keystore, keystorePasswordFile, truststore,
                crlFiles, dataDir, brokerUrl, jdbcUrl, inboxDir, servedParticipants, staticRoutes, policy, retry, deliverToQueue, webhookUrl, maxMessageBytes, durability);
    }

    public ApConfig withRetry(RetryPolicy policy) {
        return new ApConfig(id, country, port, bindHost, publicUrl, smpUrl, keystore, keystorePasswordFile, truststore,
                crlFiles, dataDir, brokerUrl, jdbcUrl, inboxDir, servedParticipants, staticRoutes, invalidDocuments, policy, deliverToQueue, webhookUrl, maxMessageBytes, durability);
    }

    public ApConfig withBackOfficeDelivery(boolean toQueue, Optional<String> webhook) {
        return new ApConfig(id, country, port, bindHost, publicUrl, smpUrl, keystore, keystorePasswordFile, truststore,
                crlFiles, dataDir, brokerUrl, jdbcUrl, inboxDir, servedParticipants, staticRoutes, invalidDocuments, retry,
                toQueue, webhook, maxMessageBytes, durability);
    }

    public ApConfig withMaxMessageBytes(long bytes) {
        return new ApConfig(id, country, port, bindHost, publicUrl, smpUrl, keystore, keystorePasswordFile, truststore,
                crlFiles, dataDir, brokerUrl, jdbcUrl, inboxDir, servedParticipants, staticRoutes, invalidDocuments, retry,
                deliverToQueue, webhookUrl, bytes, durability);
    }

    public ApConfig withDurability(Durability value) {
        return new ApConfig(id, country, port, bindHost, publicUrl, smpUrl, keystore, keystorePasswordFile, truststore,
                crlFiles, dataDir, brokerUrl, jdbcUrl, inboxDir, servedParticipants, staticRoutes, invalidDocuments, retry,
                deliverToQueue, webhookUrl, maxMessageBytes, Optional.of(value));
    }

    /**
     * The durability asked for, else what the journal database gives: an H2 file (the embedded default) does not
     * sync its commits, so {@code PROCESS_CRASH}; PostgreSQL, the production database, syncs them, so
     * {@code POWER_LOSS}, and files and broker are synced to match.
     */
    public Durability effectiveDurability() {
        boolean postgres = jdbcUrl.filter(url -> url.startsWith("jdbc:postgresql:")).isPresent();
        return durability.orElse(postgres ? Durability.POWER_LOSS : Durability.PROCESS_CRASH);
    }

    /** The configured CRLs, or every {@code *.crl} beside the trust store. */
    public List<Path> effectiveCrlFiles() {
        if (!crlFiles.isEmpty()) return crlFiles;
        Path folder = truststore.toAbsolutePath().getParent();
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(".crl")).sorted().toList();
            if (found.isEmpty()) throw new IllegalArgumentException("no *.crl file beside the trust store in " + folder);
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    public Path effectiveInbox() { return inboxDir.orElse(dataDir.resolve("inbox")); }

    /** The folder back offices drop outbound documents into: {@code dataDir/outbox}. */
    public Path effectivePickup() { return dataDir.resolve("outbox"); }
}
