package org.silkgate.smp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.helger.peppol.smp.ESMPTransportProfile;
import com.helger.peppolid.IDocumentTypeIdentifier;
import com.helger.peppolid.IParticipantIdentifier;
import com.helger.peppolid.IProcessIdentifier;
import com.helger.peppolid.factory.PeppolIdentifierFactory;
import com.helger.smpclient.bdxr1.BDXRClientReadOnly;
import com.helger.smpclient.peppol.SMPClientReadOnly;
import com.helger.xsds.peppol.smp1.EndpointType;
import com.helger.xsds.peppol.smp1.ServiceGroupType;
import com.helger.xsds.peppol.smp1.SignedServiceMetadataType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.silkgate.smp.identifier.PathCodec;

/**
 * The registry's behaviour over HTTP, with real certificates from the dev PKI, against the database a subclass
 * chooses. Each subclass starts one server for the class ({@link #startRegistry}).
 */
abstract class SmpRegistryContract {
    static final String KZ_OPERATOR = "kz-operator";
    static final String GE_OPERATOR = "ge-operator";
    static final char[] KZ_PASSWORD = "kz-operator-secret".toCharArray();
    static final char[] GE_PASSWORD = "ge-operator-secret".toCharArray();
    private static final String ISO = "iso6523-actorid-upis::";

    static SmpConfig config;
    static SmpServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Starts the class's registry on {@code config} and adds the two operators. */
    static void startRegistry(SmpConfig registryConfig) throws Exception {
        config = registryConfig;
        server = SmpServer.start(config);
        server.users().add(KZ_OPERATOR, KZ_PASSWORD);
        server.users().add(GE_OPERATOR, GE_PASSWORD);
    }

    static SmpConfig baseConfig(Path dataDir) throws Exception {
        return SmpConfig.defaults(dataDir, DevPkiForTests.smpKeystore());
    }

    @AfterAll
    static void stopRegistry() {
        if (server != null) server.close();
        server = null;
    }

    // ---- an independent Peppol client resolves the registry ----

    @Test
    void peppolSmpClientResolvesRegisteredEndpointAndVerifiesTheSignature() throws Exception {
        String participant = "9970:980540001256";
        X509Certificate apCert = DevPkiForTests.apCertificate("KZ");
        assertEquals(
                201,
                registerWithEndpoint(
                                participant,
                                "Astana Steel Works LLP",
                                "KZ",
                                SmpBodies.INVOICE,
                                SmpBodies.BILLING,
                                "https://ap-kz.example/as4",
                                apCert,
                                KZ_OPERATOR,
                                KZ_PASSWORD)
                        .statusCode());

        SMPClientReadOnly client =
                new SMPClientReadOnly(URI.create(server.baseUrl() + "/")).setTrustStore(DevPkiForTests.truststore());
        IParticipantIdentifier pid =
                PeppolIdentifierFactory.INSTANCE.createParticipantIdentifierWithDefaultScheme(participant);
        IDocumentTypeIdentifier doc =
                PeppolIdentifierFactory.INSTANCE.createDocumentTypeIdentifierWithDefaultScheme(SmpBodies.INVOICE);
        IProcessIdentifier process =
                PeppolIdentifierFactory.INSTANCE.createProcessIdentifierWithDefaultScheme(SmpBodies.BILLING);

        ServiceGroupType group = client.getServiceGroup(pid);
        assertEquals(participant, group.getParticipantIdentifier().getValue());
        List<IDocumentTypeIdentifier> docs = SMPClientReadOnly.getAllDocumentTypes(group);
        assertEquals(1, docs.size());
        assertTrue(docs.get(0).hasSameContent(doc), "ServiceGroup lists " + docs);

        SignedServiceMetadataType signed = client.getServiceMetadata(pid, doc);
        var information = signed.getServiceMetadata().getServiceInformation();
        assertEquals(
                "iso6523-actorid-upis", information.getParticipantIdentifier().getScheme());
        assertEquals(participant, information.getParticipantIdentifier().getValue());
        assertEquals("busdox-docid-qns", information.getDocumentIdentifier().getScheme());
        assertEquals(SmpBodies.INVOICE, information.getDocumentIdentifier().getValue());
        EndpointType endpoint =
                SMPClientReadOnly.getEndpoint(signed, process, ESMPTransportProfile.TRANSPORT_PROFILE_PEPPOL_AS4_V2);
        assertNotNull(endpoint, "an AS4 endpoint for the billing process");
        assertEquals("https://ap-kz.example/as4", SMPClientReadOnly.getEndpointAddress(endpoint));
        assertEquals(apCert, SMPClientReadOnly.getEndpointCertificate(endpoint));
    }

    @Test
    void peppolSmpClientFollowsARedirectToTheNationalRegistration() throws Exception {
        String target = "9970:010240003746";
        String redirecting = "9970:051140007292";
        X509Certificate apCert = DevPkiForTests.apCertificate("KZ");
        registerWithEndpoint(
                target,
                "State Revenue Committee of Kazakhstan (Customs)",
                "KZ",
                SmpBodies.TENDER,
                SmpBodies.TENDERING,
                "https://ap-kz.example/as4",
                apCert,
                KZ_OPERATOR,
                KZ_PASSWORD);
        register(redirecting, "Atameken National Chamber of Entrepreneurs", "KZ", KZ_OPERATOR, KZ_PASSWORD);
        // The national SMP is this registry itself here: the redirect points at the target participant's resource.
        String href = server.baseUrl() + "/" + PathCodec.encode(ISO + target) + "/services/"
                + PathCodec.encode("busdox-docid-qns::" + SmpBodies.TENDER);
        String uid = DevPkiForTests.smpCertificate().getSubjectX500Principal().getName();
        assertEquals(
                201,
                put(
                                metadataPath(redirecting, SmpBodies.TENDER),
                                SmpBodies.redirect(href, uid),
                                KZ_OPERATOR,
                                KZ_PASSWORD)
                        .statusCode());

        SMPClientReadOnly client =
                new SMPClientReadOnly(URI.create(server.baseUrl() + "/")).setTrustStore(DevPkiForTests.truststore());
        SignedServiceMetadataType signed = client.getServiceMetadata(
                PeppolIdentifierFactory.INSTANCE.createParticipantIdentifierWithDefaultScheme(redirecting),
                PeppolIdentifierFactory.INSTANCE.createDocumentTypeIdentifierWithDefaultScheme(SmpBodies.TENDER));
        assertEquals(
                target,
                signed.getServiceMetadata()
                        .getServiceInformation()
                        .getParticipantIdentifier()
                        .getValue());
        EndpointType endpoint = SMPClientReadOnly.getEndpoint(
                signed,
                PeppolIdentifierFactory.INSTANCE.createProcessIdentifierWithDefaultScheme(SmpBodies.TENDERING),
                ESMPTransportProfile.TRANSPORT_PROFILE_PEPPOL_AS4_V2);
        assertEquals("https://ap-kz.example/as4", SMPClientReadOnly.getEndpointAddress(endpoint));
    }

    @Test
    void bdxrClientResolvesTheSameRegistrationUnderTheBdxrPrefix() throws Exception {
        String participant = "9972:204493002";
        X509Certificate apCert = DevPkiForTests.apCertificate("GE");
        registerWithEndpoint(
                participant,
                "Ministry of Regional Development and Infrastructure of Georgia",
                "GE",
                SmpBodies.TENDER,
                SmpBodies.TENDERING,
                "https://ap-ge.example/as4",
                apCert,
                GE_OPERATOR,
                GE_PASSWORD);

        BDXRClientReadOnly client = new BDXRClientReadOnly(URI.create(server.baseUrl() + "/bdxr/"))
                .setTrustStore(DevPkiForTests.truststore());
        IParticipantIdentifier pid =
                PeppolIdentifierFactory.INSTANCE.createParticipantIdentifierWithDefaultScheme(participant);
        var group = client.getServiceGroup(pid);
        assertEquals(participant, group.getParticipantIdentifier().getValue());
        var signed = client.getServiceMetadata(
                pid, PeppolIdentifierFactory.INSTANCE.createDocumentTypeIdentifierWithDefaultScheme(SmpBodies.TENDER));
        assertEquals(
                participant,
                signed.getServiceMetadata()
                        .getServiceInformation()
                        .getParticipantIdentifier()
                        .getValue());
        assertEquals(
                SmpBodies.TENDER,
                signed.getServiceMetadata()
                        .getServiceInformation()
                        .getDocumentIdentifier()
                        .getValue());
        var endpoint = BDXRClientReadOnly.getEndpoint(
                signed,
                PeppolIdentifierFactory.INSTANCE.createProcessIdentifierWithDefaultScheme(SmpBodies.TENDERING),
                ESMPTransportProfile.TRANSPORT_PROFILE_PEPPOL_AS4_V2);
        assertEquals("https://ap-ge.example/as4", BDXRClientReadOnly.getEndpointAddress(endpoint));
        assertEquals(apCert, BDXRClientReadOnly.getEndpointCertificate(endpoint));
    }

    // ---- read API details ----

    @Test
    void participantValuesCompareCaseInsensitivelyButDocumentTypesDoNot() throws Exception {
        String participant = "9973:91350100M000100Y43";
        registerWithEndpoint(
                participant,
                "Xiamen Silk Road Trading Co",
                "CN",
                SmpBodies.TENDER,
                SmpBodies.TENDERING,
                "https://ap-cn.example/as4",
                DevPkiForTests.apCertificate("GE"),
                GE_OPERATOR,
                GE_PASSWORD);
        byte[] exact = get(metadataPath(participant, SmpBodies.TENDER)).body();
        HttpResponse<byte[]> lower = get(metadataPath(participant.toLowerCase(), SmpBodies.TENDER));
        assertEquals(200, lower.statusCode());
        assertArrayEquals(exact, lower.body(), "the same stored bytes whatever the case of the participant");
        assertEquals(
                200,
                get("/" + PathCodec.encode(ISO + participant.toLowerCase())).statusCode());
        assertEquals(
                404,
                get(metadataPath(participant, SmpBodies.TENDER.replace("Tender-2", "tender-2")))
                        .statusCode());
    }

    @Test
    void unencodedColonsAndLiteralPlusSignsAreReadAsSent() throws Exception {
        String participant = "9976:1400057421";
        String plusDoc = "urn:silkgate:test+plus::Declaration##urn:fdc:silkgate.carec:2026:paperless-trade:1.0::2.4";
        assertEquals(
                201,
                registerWithEndpoint(
                                participant,
                                "State Customs Committee of Azerbaijan",
                                "AZ",
                                plusDoc,
                                SmpBodies.TENDERING,
                                "https://ap-az.example/as4",
                                DevPkiForTests.apCertificate("AZ"),
                                GE_OPERATOR,
                                GE_PASSWORD)
                        .statusCode());
        assertEquals(200, get("/iso6523-actorid-upis::" + participant).statusCode());
        String rawPlus = "/" + PathCodec.encode(ISO + participant) + "/services/"
                + PathCodec.encode("busdox-docid-qns::" + plusDoc).replace("%2B", "+");
        assertEquals(200, get(rawPlus).statusCode(), "a literal '+' is a plus, not a space");
    }

    @Test
    void unknownParticipantsAndDocumentTypesAre404AndMalformedIdentifiers400() throws Exception {
        assertEquals(404, get("/" + PathCodec.encode(ISO + "9970:000000000000")).statusCode());
        assertEquals(
                404, get(metadataPath("9970:000000000000", SmpBodies.INVOICE)).statusCode());
        HttpResponse<byte[]> malformed = get("/no-separator-here");
        assertEquals(400, malformed.statusCode());
        assertTrue(text(malformed).contains("scheme::value"), text(malformed));
        assertEquals(400, get("/" + PathCodec.encode(ISO)).statusCode());
    }

    // ---- write API ----

    @Test
    void createThenUpdateAnswers201Then200() throws Exception {
        String participant = "9972:204375445";
        String body = SmpBodies.serviceGroup(participant, "Revenue Service of Georgia (Customs)", "GE");
        assertEquals(
                201, put(groupPath(participant), body, GE_OPERATOR, GE_PASSWORD).statusCode());
        assertEquals(
                200, put(groupPath(participant), body, GE_OPERATOR, GE_PASSWORD).statusCode());
        X509Certificate apCert = DevPkiForTests.apCertificate("GE");
        assertEquals(
                201,
                putMetadata(
                                participant,
                                SmpBodies.TENDER,
                                SmpBodies.TENDERING,
                                "https://ap-ge.example/v1",
                                apCert,
                                GE_OPERATOR,
                                GE_PASSWORD)
                        .statusCode());
        assertEquals(
                200,
                putMetadata(
                                participant,
                                SmpBodies.TENDER,
                                SmpBodies.TENDERING,
                                "https://ap-ge.example/v2",
                                apCert,
                                GE_OPERATOR,
                                GE_PASSWORD)
                        .statusCode());
        assertTrue(
                text(get(metadataPath(participant, SmpBodies.TENDER))).contains("https://ap-ge.example/v2"),
                "the update is served, not a cached old copy");
    }

    @Test
    void writesWithoutOrWithWrongCredentialsAre401() throws Exception {
        String participant = "9971:123456789";
        HttpResponse<byte[]> anonymous = send(HttpRequest.newBuilder(uri(groupPath(participant)))
                .PUT(HttpRequest.BodyPublishers.ofString(
                        SmpBodies.serviceGroup(participant, "Tashkent Textiles", "UZ")))
                .build());
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertEquals(
                401,
                put(
                                groupPath(participant),
                                SmpBodies.serviceGroup(participant, "Tashkent Textiles", "UZ"),
                                KZ_OPERATOR,
                                "wrong-password".toCharArray())
                        .statusCode());
        assertEquals(404, get(groupPath(participant)).statusCode(), "nothing was stored");
    }

    @Test
    void anotherOperatorCannotChangeOrDeleteAParticipantItDoesNotOwn() throws Exception {
        String participant = "9972:405123456";
        register(participant, "Kartli Trading LLC", "GE", GE_OPERATOR, GE_PASSWORD);
        assertEquals(
                403,
                put(
                                groupPath(participant),
                                SmpBodies.serviceGroup(participant, "Hijacked", "KZ"),
                                KZ_OPERATOR,
                                KZ_PASSWORD)
                        .statusCode());
        assertEquals(
                403,
                putMetadata(
                                participant,
                                SmpBodies.TENDER,
                                SmpBodies.TENDERING,
                                "https://evil.example/as4",
                                DevPkiForTests.apCertificate("KZ"),
                                KZ_OPERATOR,
                                KZ_PASSWORD)
                        .statusCode());
        assertEquals(
                403, delete(groupPath(participant), KZ_OPERATOR, KZ_PASSWORD).statusCode());
        assertTrue(text(get(groupPath(participant))).contains("Kartli Trading LLC"));
    }

    @Test
    void schemaInvalidBodiesAre400WithTheReasonAndNothingIsStored() throws Exception {
        String participant = "9974:1234567";
        String missingCollection = SmpBodies.serviceGroup(participant, "Ulaanbaatar Cashmere", "MN")
                .replace("<ServiceMetadataReferenceCollection/>", "");
        HttpResponse<byte[]> invalid = put(groupPath(participant), missingCollection, KZ_OPERATOR, KZ_PASSWORD);
        assertEquals(400, invalid.statusCode());
        assertTrue(text(invalid).contains("ServiceMetadataReferenceCollection"), text(invalid));
        assertEquals(404, get(groupPath(participant)).statusCode());

        HttpResponse<byte[]> doctype = put(
                groupPath(participant),
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
                KZ_OPERATOR,
                KZ_PASSWORD);
        assertEquals(400, doctype.statusCode());
        assertTrue(text(doctype).contains("DOCTYPE"), text(doctype));

        register(participant, "Ulaanbaatar Cashmere", "MN", KZ_OPERATOR, KZ_PASSWORD);
        String badOrder = SmpBodies.serviceMetadata(
                        participant,
                        SmpBodies.TENDER,
                        SmpBodies.TENDERING,
                        "https://ap.example/as4",
                        DevPkiForTests.base64(DevPkiForTests.apCertificate("KZ")))
                .replace("<ServiceDescription>SilkGate access point</ServiceDescription>", "");
        HttpResponse<byte[]> missingDescription =
                put(metadataPath(participant, SmpBodies.TENDER), badOrder, KZ_OPERATOR, KZ_PASSWORD);
        assertEquals(400, missingDescription.statusCode());
        assertTrue(
                text(missingDescription).contains("ServiceDescription")
                        || text(missingDescription).contains("TechnicalContactUrl"),
                text(missingDescription));
        assertEquals(404, get(metadataPath(participant, SmpBodies.TENDER)).statusCode());
    }

    @Test
    void bodiesThatNameAnotherParticipantOrDocumentTypeThanTheUrlAre400() throws Exception {
        String participant = "9977:12345678901234";
        HttpResponse<byte[]> other = put(
                groupPath(participant),
                SmpBodies.serviceGroup("9977:99999999999999", "Bishkek Mills", "KG"),
                KZ_OPERATOR,
                KZ_PASSWORD);
        assertEquals(400, other.statusCode());
        assertTrue(text(other).contains("the URL names"), text(other));
        register(participant, "Bishkek Mills", "KG", KZ_OPERATOR, KZ_PASSWORD);
        HttpResponse<byte[]> wrongDoc = put(
                metadataPath(participant, SmpBodies.INVOICE),
                SmpBodies.serviceMetadata(
                        participant,
                        SmpBodies.TENDER,
                        SmpBodies.TENDERING,
                        "https://ap.example/as4",
                        DevPkiForTests.base64(DevPkiForTests.apCertificate("KZ"))),
                KZ_OPERATOR,
                KZ_PASSWORD);
        assertEquals(400, wrongDoc.statusCode());
    }

    @Test
    void metadataForAnUnregisteredParticipantIs404() throws Exception {
        String participant = "9978:123456789";
        HttpResponse<byte[]> r = putMetadata(
                participant,
                SmpBodies.TENDER,
                SmpBodies.TENDERING,
                "https://ap.example/as4",
                DevPkiForTests.apCertificate("KZ"),
                KZ_OPERATOR,
                KZ_PASSWORD);
        assertEquals(404, r.statusCode());
        assertEquals(
                404, delete(groupPath(participant), KZ_OPERATOR, KZ_PASSWORD).statusCode());
    }

    @Test
    void identifiersThatBreakTheCarecPolicyAreRefusedNamingTheRule() throws Exception {
        assertRefused("9970:980540001257", "9970"); // wrong BIN check digit
        assertRefused("9970:98054000125", "9970"); // 11 digits
        assertRefused("9973:91350100M000100Y44", "9973"); // wrong USCC check character
        assertRefused("0088:4870000000013", "0088"); // wrong GLN check digit
        assertRefused("9975:12345678", "9975"); // NTN too long
        assertRefused("997:123", "ICD"); // ICD not four digits
        HttpResponse<byte[]> scheme = put(
                "/" + PathCodec.encode("other-scheme::9970:980540001256"),
                SmpBodies.serviceGroup("9970:980540001256", "x", "KZ").replace("iso6523-actorid-upis", "other-scheme"),
                KZ_OPERATOR,
                KZ_PASSWORD);
        assertEquals(400, scheme.statusCode());
        assertTrue(text(scheme).contains("rule scheme"), text(scheme));
        assertEquals(201, register("0088:4870000000012", "Astana Steel Works LLP", "KZ", KZ_OPERATOR, KZ_PASSWORD));
        assertEquals(201, register("9975:1234567-8", "Lahore Exporters", "PK", KZ_OPERATOR, KZ_PASSWORD));
        assertEquals(201, register("0192:987654321", "Norwegian Buyer AS", "NO", KZ_OPERATOR, KZ_PASSWORD));
    }

    private void assertRefused(String participant, String rule) throws Exception {
        HttpResponse<byte[]> r = put(
                groupPath(participant), SmpBodies.serviceGroup(participant, "Refused", "KZ"), KZ_OPERATOR, KZ_PASSWORD);
        assertEquals(400, r.statusCode(), participant);
        assertTrue(text(r).contains("rule " + rule), participant + ": " + text(r));
    }

    @Test
    void deletingMetadataAndParticipantsRemovesThem() throws Exception {
        String participant = "9971:987654321";
        registerWithEndpoint(
                participant,
                "Samarkand Ceramics",
                "UZ",
                SmpBodies.TENDER,
                SmpBodies.TENDERING,
                "https://ap.example/as4",
                DevPkiForTests.apCertificate("KZ"),
                KZ_OPERATOR,
                KZ_PASSWORD);
        assertEquals(200, get(metadataPath(participant, SmpBodies.TENDER)).statusCode());
        assertEquals(
                200,
                delete(metadataPath(participant, SmpBodies.TENDER), KZ_OPERATOR, KZ_PASSWORD)
                        .statusCode());
        assertEquals(404, get(metadataPath(participant, SmpBodies.TENDER)).statusCode());
        assertEquals(
                404,
                delete(metadataPath(participant, SmpBodies.TENDER), KZ_OPERATOR, KZ_PASSWORD)
                        .statusCode());
        assertTrue(!text(get(groupPath(participant))).contains("services/"), "the ServiceGroup no longer lists it");
        putMetadata(
                participant,
                SmpBodies.TENDER,
                SmpBodies.TENDERING,
                "https://ap.example/as4",
                DevPkiForTests.apCertificate("KZ"),
                KZ_OPERATOR,
                KZ_PASSWORD);
        assertEquals(
                200, delete(groupPath(participant), KZ_OPERATOR, KZ_PASSWORD).statusCode());
        assertEquals(404, get(groupPath(participant)).statusCode());
        assertEquals(404, get(metadataPath(participant, SmpBodies.TENDER)).statusCode());
    }

    @Test
    void fiftyConcurrentRegistrationsOfDifferentParticipantsAllLand() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String participant = "9976:20000000%02d".formatted(i);
                statuses.add(pool.submit(() -> put(
                                groupPath(participant),
                                SmpBodies.serviceGroup(participant, "Baku Trader " + participant, "AZ"),
                                GE_OPERATOR,
                                GE_PASSWORD)
                        .statusCode()));
            }
            for (Future<Integer> status : statuses) assertEquals(201, status.get());
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < 50; i++) {
            assertEquals(200, get(groupPath("9976:20000000%02d".formatted(i))).statusCode());
        }
        JsonNode found = new ObjectMapper()
                .readTree(get("/api/v1/participants?country=AZ&q=baku%20trader&limit=1000")
                        .body());
        assertEquals(50, found.get("participants").size());
    }

    @Test
    void theDirectoryFindsParticipantsByCountryAndName() throws Exception {
        String participant = "0088:4860000000013";
        registerWithEndpoint(
                participant,
                "Georgian Ministry Purchasing Unit",
                "GE",
                SmpBodies.INVOICE,
                SmpBodies.BILLING,
                "https://ap-ge.example/as4",
                DevPkiForTests.apCertificate("GE"),
                GE_OPERATOR,
                GE_PASSWORD);
        HttpResponse<byte[]> r = get("/api/v1/participants?country=ge&q=PURCHASING");
        assertEquals(200, r.statusCode());
        JsonNode list = new ObjectMapper().readTree(r.body()).get("participants");
        assertEquals(1, list.size(), text(r));
        JsonNode entry = list.get(0);
        assertEquals(
                "iso6523-actorid-upis::" + participant,
                entry.get("participantId").asText());
        assertEquals("Georgian Ministry Purchasing Unit", entry.get("name").asText());
        assertEquals("GE", entry.get("country").asText());
        assertEquals(
                "busdox-docid-qns::" + SmpBodies.INVOICE,
                entry.get("documentTypes").get(0).asText());
        assertEquals(
                0,
                new ObjectMapper()
                        .readTree(get("/api/v1/participants?country=KZ&q=purchasing")
                                .body())
                        .get("participants")
                        .size());
        assertEquals(400, get("/api/v1/participants?country=KAZ").statusCode());
    }

    @Test
    void registrationsSurviveARestartAndAreServedByteForByte() throws Exception {
        String participant = "9974:7654321";
        registerWithEndpoint(
                participant,
                "Erdenet Copper Traders",
                "MN",
                SmpBodies.TENDER,
                SmpBodies.TENDERING,
                "https://ap-kz.example/as4",
                DevPkiForTests.apCertificate("KZ"),
                KZ_OPERATOR,
                KZ_PASSWORD);
        byte[] before = get(metadataPath(participant, SmpBodies.TENDER)).body();
        server.close();
        server = SmpServer.start(config);
        HttpResponse<byte[]> after = get(metadataPath(participant, SmpBodies.TENDER));
        assertEquals(200, after.statusCode());
        assertArrayEquals(before, after.body());
        assertEquals(
                200,
                putMetadata(
                                participant,
                                SmpBodies.TENDER,
                                SmpBodies.TENDERING,
                                "https://ap-kz.example/as4",
                                DevPkiForTests.apCertificate("KZ"),
                                KZ_OPERATOR,
                                KZ_PASSWORD)
                        .statusCode(),
                "the users survived too");
    }

    @Test
    void storedSignatureIsEnvelopedInclusiveC14nRsaSha256WithSubjectAndCertificate() throws Exception {
        String participant = "9978:987654321";
        registerWithEndpoint(
                participant,
                "Dushanbe Aluminium Sales",
                "TJ",
                SmpBodies.INVOICE,
                SmpBodies.BILLING,
                "https://ap-az.example/as4",
                DevPkiForTests.apCertificate("AZ"),
                GE_OPERATOR,
                GE_PASSWORD);
        String xml = text(get(metadataPath(participant, SmpBodies.INVOICE)));
        assertTrue(xml.contains("Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\""), xml);
        assertTrue(xml.contains("Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\""), xml);
        assertTrue(xml.contains("Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\""), xml);
        assertTrue(xml.contains("Reference URI=\"\""), xml);
        assertTrue(xml.contains("X509SubjectName>") && xml.contains("X509Certificate>"), xml);
        assertTrue(
                xml.indexOf("</ServiceMetadata>") < xml.indexOf("Signature "), "the signature follows ServiceMetadata");
    }

    // ---- helpers ----

    static int register(String participant, String name, String country, String user, char[] password)
            throws Exception {
        return put(groupPath(participant), SmpBodies.serviceGroup(participant, name, country), user, password)
                .statusCode();
    }

    /** Registers a participant and one document type with an AS4 endpoint; the answer to the metadata PUT. */
    static HttpResponse<byte[]> registerWithEndpoint(
            String participant,
            String name,
            String country,
            String documentType,
            String process,
            String endpoint,
            X509Certificate cert,
            String user,
            char[] password)
            throws Exception {
        register(participant, name, country, user, password);
        return putMetadata(participant, documentType, process, endpoint, cert, user, password);
    }

    static HttpResponse<byte[]> putMetadata(
            String participant,
            String documentType,
            String process,
            String endpoint,
            X509Certificate cert,
            String user,
            char[] password)
            throws Exception {
        return put(
                metadataPath(participant, documentType),
                SmpBodies.serviceMetadata(participant, documentType, process, endpoint, DevPkiForTests.base64(cert)),
                user,
                password);
    }

    static String groupPath(String participant) {
        return "/" + PathCodec.encode(ISO + participant);
    }

    static String metadataPath(String participant, String documentType) {
        return groupPath(participant) + "/services/" + PathCodec.encode("busdox-docid-qns::" + documentType);
    }

    static HttpResponse<byte[]> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    static HttpResponse<byte[]> put(String path, String body, String user, char[] password) throws Exception {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", basic(user, password))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build());
    }

    static HttpResponse<byte[]> delete(String path, String user, char[] password) throws Exception {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", basic(user, password))
                .DELETE()
                .build());
    }

    static HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    static URI uri(String path) {
        return URI.create(server.baseUrl() + path);
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String basic(String user, char[] password) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((user + ":" + new String(password)).getBytes(StandardCharsets.UTF_8));
    }
}
