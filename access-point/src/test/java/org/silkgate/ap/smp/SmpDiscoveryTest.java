package org.silkgate.ap.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.AccessPoint;
import org.silkgate.ap.ApConfig;
import org.silkgate.ap.TestNetwork;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.journal.MessageState;
import org.silkgate.ap.model.DocumentIdentifiers;
import org.silkgate.smp.SmpConfig;
import org.silkgate.smp.SmpServer;

/** Discovery through a real SMP registry over HTTP: signed service metadata, verified against the dev PKI. */
class SmpDiscoveryTest {
    private static final String OPERATOR = "ge-operator";
    private static final String OPERATOR_PASSWORD = "ge-operator-password";

    @TempDir
    static Path folder;

    static SmpServer smp;
    static AccessPoint georgia;
    static AccessPoint kazakhstan;
    static Path pki;

    @BeforeAll
    static void startRegistryAndAccessPoints() throws Exception {
        pki = TestNetwork.createPki(folder);
        smp = SmpServer.start(SmpConfig.defaults(folder.resolve("smp"), pki.resolve("smp.p12"))
                .withTls(pki.resolve("tls-smp.p12"), null));
        smp.users().add(OPERATOR, OPERATOR_PASSWORD.toCharArray());
        georgia = TestNetwork.start(TestNetwork.georgia(pki, folder)
                .withServedParticipants(Set.of())
                .withSmpUrl(smp.baseUrl()));
        kazakhstan = TestNetwork.start(ApConfig.of(
                        TestNetwork.KZ_AP,
                        "KZ",
                        pki.resolve("ap-KZ.p12"),
                        pki.resolve("truststore.p12"),
                        folder.resolve("kz"))
                .withSmpUrl(smp.baseUrl())
                .withTls(TestNetwork.tls(pki, "KZ"))
                .withServedParticipants(Set.of(TestNetwork.KZ_SUPPLIER)));
        register(TestNetwork.GE_BUYER.value(), DocumentIdentifiers.of(TestNetwork.document("tender.xml")), georgia);
    }

    @AfterAll
    static void stopAll() {
        if (kazakhstan != null) kazakhstan.close();
        if (georgia != null) georgia.close();
        if (smp != null) smp.close();
    }

    @Test
    void aTenderForARegisteredBuyerIsFoundAtTheSmpAndDeliveredToTheAccessPointRegisteredThere() throws Exception {
        String id = TestNetwork.submit(
                kazakhstan, TestNetwork.document("tender.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER);

        MessageRecord sent = await(kazakhstan, Direction.OUTBOUND, id, MessageState.SENT, MessageState.FAILED);
        assertEquals(MessageState.SENT, sent.state(), sent.reason().orElse(""));
        await(georgia, Direction.INBOUND, id, MessageState.DELIVERED);
    }

    @Test
    void anSmpAnswerSignedWithAnAccessPointsKeyIsNotAcceptedAlthoughItChainsToTheSameRoot() throws Exception {
        // a registry that signs with Azerbaijan's access-point key: trusted under the network's root, not the SMP CA
        try (SmpServer rogue = SmpServer.start(SmpConfig.defaults(folder.resolve("rogue-smp"), pki.resolve("ap-AZ.p12"))
                .withTls(pki.resolve("tls-smp.p12"), null))) {
            rogue.users().add(OPERATOR, OPERATOR_PASSWORD.toCharArray());
            DocumentIdentifiers tender = DocumentIdentifiers.of(TestNetwork.document("tender.xml"));
            register(rogue.baseUrl(), TestNetwork.GE_BUYER.value(), tender, georgia);
            var resolver = new org.silkgate.ap.discovery.SmpEndpointResolver(
                    rogue.baseUrl(),
                    new org.silkgate.ap.trust.CertificateTrust(
                            org.silkgate.ap.trust.PemFiles.certificates(pki.resolve("smp-ca.pem")),
                            new org.silkgate.ap.trust.CrlFiles(
                                    java.util.List.of(pki.resolve("smp-ca.crl")), java.time.Clock.systemUTC())),
                    TestNetwork.clientConnections(pki),
                    java.time.Duration.ZERO,
                    java.time.Clock.systemUTC());

            IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalStateException.class,
                    () -> resolver.resolve(TestNetwork.GE_BUYER, tender.documentType(), tender.process()));

            assertTrue(
                    refused.getMessage().contains("does not accept")
                            || refused.getMessage().contains("ignature"),
                    refused.getMessage());
        }
    }

    @Test
    void aTenderForAParticipantTheSmpDoesNotKnowFailsWithAClearReason() throws Exception {
        String id = TestNetwork.submit(
                kazakhstan, TestNetwork.document("tender.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_IMPORTER);

        MessageRecord failed = await(kazakhstan, Direction.OUTBOUND, id, MessageState.FAILED, MessageState.SENT);
        assertEquals(MessageState.FAILED, failed.state());
        assertTrue(
                failed.reason().orElseThrow().contains("9972:405123456 is not registered at the SMP"),
                failed.reason().orElseThrow());
    }

    /** What a national operator does: the participant's service group, then its endpoint for one document type. */
    static void register(String participant, DocumentIdentifiers document, AccessPoint accessPoint) throws Exception {
        register(smp.baseUrl(), participant, document, accessPoint);
    }

    /** Registers the participant for the document at the registry at {@code registryUrl}, pointing at the access point. */
    static void register(String registryUrl, String participant, DocumentIdentifiers document, AccessPoint accessPoint)
            throws Exception {
        String pid = "iso6523-actorid-upis::" + participant;
        String serviceGroup = """
                <ServiceGroup xmlns="http://busdox.org/serviceMetadata/publishing/1.0/" xmlns:ids="http://busdox.org/transport/identifiers/1.0/">
                  <ids:ParticipantIdentifier scheme="iso6523-actorid-upis">%s</ids:ParticipantIdentifier>
                  <ServiceMetadataReferenceCollection/>
                </ServiceGroup>""".formatted(participant);
        String certificate =
                Base64.getEncoder().encodeToString(accessPoint.certificate().getEncoded());
        String serviceMetadata = """
                <ServiceMetadata xmlns="http://busdox.org/serviceMetadata/publishing/1.0/" xmlns:ids="http://busdox.org/transport/identifiers/1.0/" xmlns:wsa="http://www.w3.org/2005/08/addressing">
                  <ServiceInformation>
                    <ids:ParticipantIdentifier scheme="iso6523-actorid-upis">%s</ids:ParticipantIdentifier>
                    <ids:DocumentIdentifier scheme="busdox-docid-qns">%s</ids:DocumentIdentifier>
                    <ProcessList><Process>
                      <ids:ProcessIdentifier scheme="cenbii-procid-ubl">%s</ids:ProcessIdentifier>
                      <ServiceEndpointList><Endpoint transportProfile="peppol-transport-as4-v2_0">
                        <wsa:EndpointReference><wsa:Address>%s</wsa:Address></wsa:EndpointReference>
                        <RequireBusinessLevelSignature>false</RequireBusinessLevelSignature>
                        <Certificate>%s</Certificate>
                        <ServiceDescription>SilkGate access point</ServiceDescription>
                        <TechnicalContactUrl>mailto:operator@example.org</TechnicalContactUrl>
                      </Endpoint></ServiceEndpointList>
                    </Process></ProcessList>
                  </ServiceInformation>
                </ServiceMetadata>""".formatted(
                participant, document.documentType().value(), document.profileId(), accessPoint.as4Url(), certificate);
        put(registryUrl + "/" + encode(pid), serviceGroup);
        put(
                registryUrl + "/" + encode(pid) + "/services/"
                        + encode(document.documentType().uri()),
                serviceMetadata);
    }

    private static void put(String url, String body) throws Exception {
        String credentials = Base64.getEncoder()
                .encodeToString((OPERATOR + ":" + OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = TestNetwork.https(pki)
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Authorization", "Basic " + credentials)
                                .header("Content-Type", "application/xml")
                                .PUT(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertTrue(
                response.statusCode() == 200 || response.statusCode() == 201,
                url + " -> " + response.statusCode() + " " + response.body());
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static MessageRecord await(AccessPoint ap, Direction direction, String id, MessageState... states)
            throws Exception {
        return TestNetwork.awaitJournal(ap, direction, id, r -> Set.of(states).contains(r.state()));
    }
}
