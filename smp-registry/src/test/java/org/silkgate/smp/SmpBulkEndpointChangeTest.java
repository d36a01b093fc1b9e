package org.silkgate.smp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.peppolid.factory.PeppolIdentifierFactory;
import com.helger.smpclient.peppol.SMPClientReadOnly;
import com.helger.xsds.peppol.smp1.SignedServiceMetadataType;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.security.audit.AuditEntry;
import org.silkgate.smp.registry.Endpoints.Change;
import org.silkgate.smp.registry.Registry;
import org.silkgate.smp.store.RegistryException;
import org.silkgate.smp.users.IcdScope;
import org.silkgate.smp.users.Operator;

/**
 * A bulk change of an access point's certificate or endpoint URL across one operator's registrations: planned (and
 * shown) without a write, stored in one transaction with every document signed anew, resolved by an independent
 * Peppol SMP client that checks the new signature, and refused when the registrations changed after the preview.
 */
class SmpBulkEndpointChangeTest {
    private static final char[] PASSWORD = "operator-password".toCharArray();
    private static final String KZ = "kz-bulk";
    private static final String KZ_OTHER = "kz-bulk-other";

    @TempDir
    static Path data;

    static X509Certificate oldCert;
    static X509Certificate newCert;

    @BeforeAll
    static void start() throws Exception {
        SmpRegistryContract.server = SmpServer.start(SmpConfig.defaults(data, DevPkiForTests.smpKeystore()));
        SmpRegistryContract.server.users().add(KZ, PASSWORD, IcdScope.of("9971"));
        SmpRegistryContract.server.users().add(KZ_OTHER, PASSWORD, IcdScope.of("9971"));
        oldCert = DevPkiForTests.apCertificate("KZ");
        newCert = DevPkiForTests.apCertificate("AZ");
        register("9971:100000001", KZ, SmpBodies.INVOICE, "https://ap-kz.example/as4");
        putMetadata("9971:100000001", KZ, SmpBodies.TENDER, SmpBodies.TENDERING, "https://ap-kz.example/as4");
        register("9971:100000002", KZ, SmpBodies.INVOICE, "https://ap-kz.example/as4");
        register("9971:100000003", KZ_OTHER, SmpBodies.INVOICE, "https://ap-kz.example/as4");
    }

    @AfterAll
    static void stop() {
        if (SmpRegistryContract.server != null) SmpRegistryContract.server.close();
        SmpRegistryContract.server = null;
    }

    @Test
    void aCertificateChangeIsPreviewedThenStoredReSignedForTheOperatorsRegistrationsOnly() throws Exception {
        Registry registry = SmpRegistryContract.server.registry();
        Operator kz = new Operator(KZ, IcdScope.of("9971"), "127.0.0.1");
        Change change = Change.of(Change.Target.CERTIFICATE, pem(oldCert), DevPkiForTests.base64(newCert));
        byte[] before = SmpRegistryContract.get(SmpRegistryContract.metadataPath("9971:100000001", SmpBodies.INVOICE))
                .body();

        List<Registry.PlannedChange> preview = registry.planEndpointChange(kz, change);
        assertEquals(
                Set.of(
                        "9971:100000001 " + SmpBodies.INVOICE,
                        "9971:100000001 " + SmpBodies.TENDER,
                        "9971:100000002 " + SmpBodies.INVOICE),
                preview.stream()
                        .map(p ->
                                p.participant().value() + " " + p.documentType().value())
                        .collect(Collectors.toSet()));
        assertArrayEquals(
                before,
                SmpRegistryContract.get(SmpRegistryContract.metadataPath("9971:100000001", SmpBodies.INVOICE))
                        .body(),
                "a preview stores nothing");

        long auditBefore = SmpRegistryContract.server.audit().lastSeq();
        registry.applyEndpointChange(
                kz, change, preview.stream().map(Registry.PlannedChange::key).collect(Collectors.toSet()));

        assertEquals(newCert, resolvedCertificate("9971:100000001", SmpBodies.INVOICE, SmpBodies.BILLING));
        assertEquals(newCert, resolvedCertificate("9971:100000001", SmpBodies.TENDER, SmpBodies.TENDERING));
        assertEquals(newCert, resolvedCertificate("9971:100000002", SmpBodies.INVOICE, SmpBodies.BILLING));
        assertEquals(
                oldCert,
                resolvedCertificate("9971:100000003", SmpBodies.INVOICE, SmpBodies.BILLING),
                "another operator's registration is not touched");

        List<AuditEntry> entries = SmpRegistryContract.server.audit().entries(auditBefore + 1, 10);
        assertEquals(3, entries.size(), entries.toString());
        for (AuditEntry e : entries) {
            assertEquals("metadata.update", e.action());
            assertEquals(KZ, e.actor());
            assertTrue(e.detail().startsWith("bulk change of the endpoint certificate"), e.detail());
        }
        assertTrue(registry.planEndpointChange(kz, change).isEmpty(), "nothing has the old certificate any more");
    }

    @Test
    void aUrlChangeWhoseRegistrationsChangedSinceThePreviewIsRefusedAndChangesNothing() throws Exception {
        Registry registry = SmpRegistryContract.server.registry();
        Operator other = new Operator(KZ_OTHER, IcdScope.of("9971"), "127.0.0.1");
        Change change = Change.of(Change.Target.URL, "https://ap-kz.example/as4", "https://ap-kz-2.example/as4");
        List<Registry.PlannedChange> preview = registry.planEndpointChange(other, change);
        assertEquals(1, preview.size());

        putMetadata("9971:100000003", KZ_OTHER, SmpBodies.TENDER, SmpBodies.TENDERING, "https://ap-kz.example/as4");
        RegistryException refused = assertThrows(
                RegistryException.class,
                () -> registry.applyEndpointChange(
                        other,
                        change,
                        preview.stream().map(Registry.PlannedChange::key).collect(Collectors.toSet())));
        assertEquals(RegistryException.Reason.CONFLICT, refused.reason());
        assertTrue(
                SmpRegistryContract.text(SmpRegistryContract.get(
                                SmpRegistryContract.metadataPath("9971:100000003", SmpBodies.INVOICE)))
                        .contains("https://ap-kz.example/as4"),
                "nothing was stored");

        List<Registry.PlannedChange> again = registry.planEndpointChange(other, change);
        registry.applyEndpointChange(
                other, change, again.stream().map(Registry.PlannedChange::key).collect(Collectors.toSet()));
        assertTrue(SmpRegistryContract.text(
                        SmpRegistryContract.get(SmpRegistryContract.metadataPath("9971:100000003", SmpBodies.TENDER)))
                .contains("https://ap-kz-2.example/as4"));
    }

    @Test
    void valuesThatAreNoCertificateOrNoUrlAreRefusedBeforeAnythingIsPlanned() {
        RegistryException notACertificate =
                assertThrows(RegistryException.class, () -> Change.of(Change.Target.CERTIFICATE, "AAAA", "BBBB"));
        assertEquals(RegistryException.Reason.BAD_REQUEST, notACertificate.reason());
        assertTrue(notACertificate.getMessage().contains("not an X.509 certificate"), notACertificate.getMessage());
        RegistryException notAUrl =
                assertThrows(RegistryException.class, () -> Change.of(Change.Target.URL, "https://a", "ftp://b"));
        assertTrue(notAUrl.getMessage().contains("absolute http(s) URL"), notAUrl.getMessage());
    }

    private static void register(String participant, String user, String documentType, String url) throws Exception {
        var group = SmpRegistryContract.put(
                SmpRegistryContract.groupPath(participant),
                SmpBodies.serviceGroup(participant, "Bulk " + participant, "UZ"),
                user,
                PASSWORD);
        assertEquals(201, group.statusCode(), SmpRegistryContract.text(group));
        putMetadata(participant, user, documentType, SmpBodies.BILLING, url);
    }

    private static void putMetadata(String participant, String user, String documentType, String process, String url)
            throws Exception {
        var reply = SmpRegistryContract.putMetadata(participant, documentType, process, url, oldCert, user, PASSWORD);
        assertEquals(201, reply.statusCode(), SmpRegistryContract.text(reply));
    }

    private static X509Certificate resolvedCertificate(String participant, String documentType, String process)
            throws Exception {
        SMPClientReadOnly client = new SMPClientReadOnly(URI.create(SmpRegistryContract.server.baseUrl() + "/"))
                .setTrustStore(DevPkiForTests.truststore());
        var ids = PeppolIdentifierFactory.INSTANCE;
        SignedServiceMetadataType signed = client.getServiceMetadata(
                ids.createParticipantIdentifierWithDefaultScheme(participant),
                ids.createDocumentTypeIdentifierWithDefaultScheme(documentType));
        return SMPClientReadOnly.getEndpointCertificate(SMPClientReadOnly.getEndpoint(
                signed,
                ids.createProcessIdentifierWithDefaultScheme(process),
                com.helger.peppol.smp.ESMPTransportProfile.TRANSPORT_PROFILE_PEPPOL_AS4_V2));
    }

    private static String pem(X509Certificate cert) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
