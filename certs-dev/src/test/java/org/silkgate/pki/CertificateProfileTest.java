package org.silkgate.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.silkgate.security.Keystores;

/** Key usages, basic constraints, names, validity and files are what certs-dev/README.md promises. */
class CertificateProfileTest {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final Duration DEFAULT_VALIDITY = Duration.ofDays(PkiOptions.DEFAULT_VALIDITY_DAYS);
    // java.security.cert.X509Certificate#getKeyUsage indexes
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int DATA_ENCIPHERMENT = 3;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;

    private static Path pki;

    @BeforeAll
    static void createPki() throws Exception {
        pki = TestPki.shared();
    }

    @Test
    void rootIsASelfSignedRsa4096CaThatSignsCertificatesAndCrls() throws Exception {
        X509Certificate root = cert("root-ca");

        assertEquals(
                "CN=SilkGate CAREC Dev Root CA,O=SilkGate CAREC (dev)",
                root.getSubjectX500Principal().getName());
        assertEquals(root.getSubjectX500Principal(), root.getIssuerX500Principal());
        root.verify(root.getPublicKey());
        assertEquals(4096, rsaBits(root));
        assertEquals(Integer.MAX_VALUE, root.getBasicConstraints(), "CA without path length limit");
        assertKeyUsages(root, KEY_CERT_SIGN, CRL_SIGN);
        assertTrue(root.getCriticalExtensionOIDs()
                .containsAll(Set.of(Extension.basicConstraints.getId(), Extension.keyUsage.getId())));
    }

    @ParameterizedTest
    @CsvSource({"ap-ca, SilkGate CAREC Dev Access Point CA", "smp-ca, SilkGate CAREC Dev SMP CA"})
    void intermediatesAreSignedByTheRootAndMayIssueOnlyEndEntities(String name, String commonName) throws Exception {
        X509Certificate ca = cert(name);
        X509Certificate root = cert("root-ca");

        assertEquals(
                "CN=" + commonName + ",O=SilkGate CAREC (dev)",
                ca.getSubjectX500Principal().getName());
        ca.verify(root.getPublicKey());
        assertEquals(0, ca.getBasicConstraints(), "pathLen 0");
        assertKeyUsages(ca, KEY_CERT_SIGN, CRL_SIGN);
        assertTrue(rsaBits(ca) >= 3072);
        assertKeyIdentifiersLink(ca, root);
        assertEquals(List.of("http://127.0.0.1/silkgate-dev-pki/root-ca.crl"), crlDistributionPoints(ca));
        assertTrue(ca.getNotAfter().after(cert("ap-KZ").getNotAfter()), "the CA outlives what it issues");
    }

    @ParameterizedTest
    @CsvSource({"KZ, Kazakhstan", "AZ, Azerbaijan", "GE, Georgia"})
    void accessPointCertificateIsAnRsa2048EndEntityForSigningEncryptionAndLoopbackTls(String country, String name)
            throws Exception {
        X509Certificate ap = cert("ap-" + country);

        assertEquals(
                "CN=SG-AP-" + country + "-001,O=SilkGate Access Point Operator " + name + " (dev),C=" + country,
                ap.getSubjectX500Principal().getName());
        assertKeyUsages(ap, DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, DATA_ENCIPHERMENT);
        assertEquals(List.of(CLIENT_AUTH, SERVER_AUTH), ap.getExtendedKeyUsage());
        assertRsa2048LoopbackEndEntityIssuedBy("ap-ca", ap);
    }

    @Test
    void smpCertificateIsSignedByTheSmpCaForSigningAndLoopbackTls() throws Exception {
        X509Certificate smp = cert("smp");

        assertEquals(
                "CN=SG-SMP-CAREC-001,O=SilkGate SMP Registry (dev),C=KZ",
                smp.getSubjectX500Principal().getName());
        assertKeyUsages(smp, DIGITAL_SIGNATURE, KEY_ENCIPHERMENT);
        assertEquals(List.of(SERVER_AUTH), smp.getExtendedKeyUsage());
        assertRsa2048LoopbackEndEntityIssuedBy("smp-ca", smp);
    }

    @Test
    void negativeMaterialIsRevokedExpiredAndFromAnotherRoot() throws Exception {
        X509Certificate revoked = cert("ap-revoked");
        X509Certificate expired = cert("ap-expired");
        X509Certificate untrusted = cert("ap-untrusted");

        assertEquals("SG-AP-XX-REVOKED", commonName(revoked));
        revoked.verify(cert("ap-ca").getPublicKey());
        assertTrue(crl("ap-ca").isRevoked(revoked));
        expired.verify(cert("ap-ca").getPublicKey());
        assertTrue(expired.getNotAfter().toInstant().isBefore(Instant.now()));
        assertEquals(cert("ap-KZ").getSubjectX500Principal(), untrusted.getSubjectX500Principal());
        assertFalse(untrusted.getIssuerX500Principal().equals(cert("ap-ca").getSubjectX500Principal()));
        for (X509Certificate negative : List.of(revoked, expired, untrusted)) {
            assertKeyUsages(negative, DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, DATA_ENCIPHERMENT);
        }
    }

    @ParameterizedTest
    @CsvSource({"ap-ca, 1", "smp-ca, 0", "root-ca, 0"})
    void crlsAreSignedByTheirCaAndValidForTheConfiguredDays(String ca, int revokedEntries) throws Exception {
        X509CRL crl = crl(ca);

        crl.verify(cert(ca).getPublicKey());
        assertEquals(cert(ca).getSubjectX500Principal(), crl.getIssuerX500Principal());
        assertEquals(
                DEFAULT_VALIDITY,
                Duration.between(
                        crl.getThisUpdate().toInstant(), crl.getNextUpdate().toInstant()));
        assertTrue(crl.getThisUpdate().toInstant().isBefore(Instant.now()));
        assertEquals(
                revokedEntries,
                crl.getRevokedCertificates() == null
                        ? 0
                        : crl.getRevokedCertificates().size());
        assertFalse(crl("ap-ca").isRevoked(cert("ap-KZ")));
    }

    @Test
    void trustStoreHoldsTheRootAndBothIntermediatesAndNoKeys() throws Exception {
        var trustStore = TestPki.trustStore(pki);

        assertEquals(Set.of("root-ca", "ap-ca", "smp-ca"), Set.copyOf(Collections.list(trustStore.aliases())));
        for (String alias : List.of("root-ca", "ap-ca", "smp-ca")) {
            assertTrue(trustStore.isCertificateEntry(alias), alias + " is a trusted certificate entry");
            assertEquals(cert(alias), trustStore.getCertificate(alias));
        }
    }

    @Test
    void passwordsPropertiesIsPrivateAndOpensEveryKeystore() throws Exception {
        Path passwordsFile = pki.resolve(Keystores.PASSWORDS_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordsFile)));
        Properties passwords = new Properties();
        try (var in = Files.newInputStream(passwordsFile)) {
            passwords.load(in);
        }

        Set<String> keystores = new TreeSet<>(
                TestPki.fileNames(pki).stream().filter(f -> f.endsWith(".p12")).toList());
        assertEquals(keystores, new TreeSet<>(passwords.stringPropertyNames()));
        assertEquals(keystores.size(), Set.copyOf(passwords.values()).size(), "one password per keystore");
        for (String keystore : keystores) {
            assertTrue(Keystores.load(pki.resolve(keystore), Optional.empty()).size() > 0, keystore);
        }
    }

    @Test
    void manifestDescribesEveryFileWithItsCertificatesFingerprint() throws Exception {
        PkiManifest manifest = DevPki.load(pki);

        List<String> files = new ArrayList<>(TestPki.fileNames(pki));
        files.removeAll(List.of(PkiManifest.FILE_NAME, Keystores.PASSWORDS_FILE));
        assertEquals(Set.copyOf(files), Set.copyOf(manifest.files()));
        for (String file : files) {
            if (file.endsWith(".pem")) {
                X509Certificate certificate = TestPki.certificate(pki.resolve(file));
                PkiEntry entry = manifest.entry(file).orElseThrow();
                assertEquals(sha256(certificate.getEncoded()), entry.sha256Fingerprint(), file);
                assertEquals(certificate.getSubjectX500Principal().getName(), entry.subject());
                assertEquals(certificate.getSerialNumber().toString(16).toUpperCase(), entry.serial());
                assertEquals(certificate.getNotAfter().toInstant(), entry.notAfter());
                assertEquals(
                        entry.sha256Fingerprint(),
                        manifest.entry(file.replace(".pem", ".p12"))
                                .orElseThrow()
                                .sha256Fingerprint());
            }
            if (file.endsWith(".crl")) {
                assertEquals(
                        sha256(TestPki.crl(pki.resolve(file)).getEncoded()),
                        manifest.entry(file).orElseThrow().sha256Fingerprint());
            }
        }
        assertEquals(
                3,
                manifest.entries().stream()
                        .filter(e -> e.file().equals(Keystores.TRUSTSTORE_FILE))
                        .count());
        assertTrue(manifest.entries().stream().allMatch(e -> !e.purpose().isBlank()));
    }

    private static X509Certificate cert(String name) throws Exception {
        return TestPki.certificate(pki.resolve(name + ".pem"));
    }

    private static X509CRL crl(String ca) throws Exception {
        return TestPki.crl(pki.resolve(ca + ".crl"));
    }

    private static int rsaBits(X509Certificate certificate) {
        return ((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength();
    }

    /** Signed by {@code ca}, not a CA, names loopback only, points to the CA's CRL, valid from now for the default. */
    private static void assertRsa2048LoopbackEndEntityIssuedBy(String ca, X509Certificate certificate)
            throws Exception {
        certificate.verify(cert(ca).getPublicKey());
        assertEquals(2048, rsaBits(certificate));
        assertEquals(-1, certificate.getBasicConstraints(), "not a CA");
        assertTrue(certificate.getCriticalExtensionOIDs().contains(Extension.basicConstraints.getId()));
        assertEquals(
                Set.of(List.of(GeneralName.dNSName, "localhost"), List.of(GeneralName.iPAddress, "127.0.0.1")),
                Set.copyOf(certificate.getSubjectAlternativeNames()));
        assertKeyIdentifiersLink(certificate, cert(ca));
        assertEquals(List.of("http://127.0.0.1/silkgate-dev-pki/" + ca + ".crl"), crlDistributionPoints(certificate));
        assertValidFromAboutNowFor(DEFAULT_VALIDITY, certificate);
    }

    /** Exactly these key usage bits, in a critical extension. */
    private static void assertKeyUsages(X509Certificate certificate, int... bits) {
        assertTrue(
                certificate.getCriticalExtensionOIDs().contains(Extension.keyUsage.getId()), "key usage is critical");
        boolean[] expected = new boolean[9];
        for (int bit : bits) {
            expected[bit] = true;
        }
        boolean[] actual = new boolean[9];
        boolean[] present = certificate.getKeyUsage();
        System.arraycopy(present, 0, actual, 0, Math.min(present.length, actual.length));
        assertArrayEquals(expected, actual, "key usage bits");
    }

    private static void assertKeyIdentifiersLink(X509Certificate child, X509Certificate issuer) throws Exception {
        byte[] issuerSki = SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                        issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId())))
                .getKeyIdentifier();
        byte[] childAki = AuthorityKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                        child.getExtensionValue(Extension.authorityKeyIdentifier.getId())))
                .getKeyIdentifier();
        assertArrayEquals(issuerSki, childAki, "AKI of the child = SKI of its issuer");
        assertArrayEquals(
                new JcaX509ExtensionUtils()
                        .createSubjectKeyIdentifier(child.getPublicKey())
                        .getKeyIdentifier(),
                SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                                child.getExtensionValue(Extension.subjectKeyIdentifier.getId())))
                        .getKeyIdentifier());
    }

    private static List<String> crlDistributionPoints(X509Certificate certificate) throws Exception {
        CRLDistPoint points = CRLDistPoint.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                certificate.getExtensionValue(Extension.cRLDistributionPoints.getId())));
        List<String> urls = new ArrayList<>();
        for (DistributionPoint point : points.getDistributionPoints()) {
            for (GeneralName name : GeneralNames.getInstance(
                            point.getDistributionPoint().getName())
                    .getNames()) {
                urls.add(name.getName().toString());
            }
        }
        return urls;
    }

    private static void assertValidFromAboutNowFor(Duration validity, X509Certificate certificate) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        assertTrue(notBefore.isBefore(Instant.now()), "already valid");
        assertTrue(notBefore.isAfter(Instant.now().minus(Duration.ofDays(1))), "issued just now");
        assertEquals(
                validity, Duration.between(notBefore, certificate.getNotAfter().toInstant()));
    }

    private static String commonName(X509Certificate certificate) {
        String dn = certificate.getSubjectX500Principal().getName();
        return dn.substring(3, dn.indexOf(','));
    }

    private static String sha256(byte[] der) throws Exception {
        return HexFormat.ofDelimiter(":")
                .withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }
}
