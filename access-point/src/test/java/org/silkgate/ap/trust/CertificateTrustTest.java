package org.silkgate.ap.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.TestNetwork;
import org.silkgate.pki.DevPki;

/** Trust in a peer access point's certificate, with the development PKI: path, validity period and revocation. */
class CertificateTrustTest {
    @TempDir
    static Path folder;

    private static Path pki;

    @BeforeAll
    static void createPki() {
        pki = TestNetwork.createPki(folder);
    }

    /** A fresh checker each time: its verdict cache must not carry one test's answer into the next. */
    private static CertificateTrust trust() {
        return identity("ap-KZ").trust();
    }

    /** The access point identity the dev PKI issued under {@code name}.p12, with the PKI's trust store and CRLs. */
    private static ApIdentity identity(String name) {
        return ApIdentity.load(
                pki.resolve(name + ".p12"),
                Optional.empty(),
                pki.resolve("truststore.p12"),
                new CrlFiles(crls(), Clock.systemUTC()));
    }

    private static List<Path> crls() {
        try (Stream<Path> files = Files.list(pki)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".crl"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static X509Certificate certificate(String name) {
        return identity(name).certificate();
    }

    @Test
    void theDevPkiHasTheApCasCrlToCheckPeersAgainst() {
        assertTrue(
                crls().stream().anyMatch(crl -> crl.getFileName().toString().equals("ap-ca.crl")), crls().toString());
    }

    @Test
    void aValidAccessPointCertificateIsTrustedNow() {
        CertificateTrust.Verdict verdict = trust().check(certificate("ap-KZ"), Instant.now());

        assertTrue(verdict.trusted(), verdict.reason());
        assertEquals("SG-AP-KZ-001", ApIdentity.commonName(certificate("ap-KZ").getSubjectX500Principal()));
    }

    @Test
    void everyCountryOfTheDevPkiIsTrusted() {
        CertificateTrust trust = trust();
        for (String country : List.of("KZ", "AZ", "GE")) {
            CertificateTrust.Verdict verdict = trust.check(certificate("ap-" + country), Instant.now());
            assertTrue(verdict.trusted(), country + ": " + verdict.reason());
        }
    }

    @Test
    void aCertificateIsRefusedAsExpiredAfterItsNotAfter() {
        X509Certificate kz = certificate("ap-KZ");
        Instant afterExpiry = kz.getNotAfter().toInstant().plusSeconds(1);

        CertificateTrust.Verdict verdict = trust().check(kz, afterExpiry);

        assertFalse(verdict.trusted());
        assertTrue(verdict.reason().contains("expired"), verdict.reason());
    }

    @Test
    void theSameCheckerTrustsNowAndRefusesOnceTheCertificateExpired() {
        CertificateTrust trust = trust();
        X509Certificate kz = certificate("ap-KZ");

        assertTrue(trust.check(kz, Instant.now()).trusted());
        CertificateTrust.Verdict later =
                trust.check(kz, kz.getNotAfter().toInstant().plusSeconds(1));

        assertFalse(later.trusted(), "a cached 'trusted' must not outlive the certificate");
        assertTrue(later.reason().contains("expired"), later.reason());
    }

    @Test
    void aCertificateIsRefusedBeforeItsNotBefore() {
        X509Certificate kz = certificate("ap-KZ");
        Instant beforeValidity = kz.getNotBefore().toInstant().minusSeconds(1);

        CertificateTrust.Verdict verdict = trust().check(kz, beforeValidity);

        assertFalse(verdict.trusted());
        assertTrue(verdict.reason().contains("not valid before"), verdict.reason());
    }

    @Test
    void aVerdictMadeForNowIsNotReusedForAnInstantBeforeTheCertificateWasValid() {
        CertificateTrust trust = trust();
        X509Certificate kz = certificate("ap-KZ");

        assertTrue(trust.check(kz, Instant.now()).trusted());
        CertificateTrust.Verdict earlier =
                trust.check(kz, kz.getNotBefore().toInstant().minusSeconds(1));

        assertFalse(earlier.trusted(), "trusted before its notBefore: " + earlier.reason());
    }

    @Test
    void theDevPkisExpiredCertificateIsRefusedAsExpired() {
        CertificateTrust.Verdict verdict = trust().check(certificate(DevPki.EXPIRED), Instant.now());

        assertFalse(verdict.trusted());
        assertTrue(verdict.reason().contains("expired"), verdict.reason());
    }

    @Test
    void theRevokedCertificateIsRefusedNamingTheRevocation() {
        CertificateTrust.Verdict verdict = trust().check(certificate(DevPki.REVOKED), Instant.now());

        assertFalse(verdict.trusted());
        assertTrue(verdict.reason().toLowerCase().contains("revoked"), verdict.reason());
    }

    @Test
    void aCertificateFromAnUntrustedRootIsRefusedThoughItCarriesAGenuineApName() {
        X509Certificate impostor = certificate(DevPki.UNTRUSTED);
        assertEquals("SG-AP-KZ-001", ApIdentity.commonName(impostor.getSubjectX500Principal()));

        CertificateTrust.Verdict verdict = trust().check(impostor, Instant.now());

        assertFalse(verdict.trusted());
        assertTrue(verdict.reason().contains("not trusted"), verdict.reason());
    }

    @Test
    void aRefusalIsRepeatedFromTheCacheAndStaysARefusal() {
        CertificateTrust trust = trust();
        X509Certificate revoked = certificate(DevPki.REVOKED);
        Instant now = Instant.now();

        CertificateTrust.Verdict first = trust.check(revoked, now);
        CertificateTrust.Verdict again = trust.check(revoked, now.plusSeconds(1));

        assertFalse(again.trusted());
        assertEquals(first, again);
    }
}
