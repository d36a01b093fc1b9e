package org.silkgate.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CRLReason;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.silkgate.security.Keystores;

/** The JDK's PKIX validator, with CRL checking on, accepts the good material and rejects the bad for the right reason. */
class ChainValidationTest {

    private static Path pki;

    @BeforeAll
    static void createPki() throws Exception {
        pki = TestPki.shared();
    }

    @ParameterizedTest
    @CsvSource({"ap-KZ.pem, ap-ca", "ap-AZ.pem, ap-ca", "ap-GE.pem, ap-ca", "smp.pem, smp-ca"})
    void accessPointAndSmpCertificatesValidateAgainstTheTrustStoreWithCrlChecking(String pem, String issuingCa)
            throws Exception {
        PKIXCertPathValidatorResult result = TestPki.validateAgainstTrustStore(pki, pem);

        assertEquals(
                TestPki.certificate(pki.resolve(issuingCa + ".pem")),
                result.getTrustAnchor().getTrustedCert());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ap-KZ", "ap-AZ", "ap-GE", "smp"})
    void wholeChainUpToTheRootValidatesWithEveryCertificatesCrlChecked(String keystore) throws Exception {
        List<X509Certificate> chain = chain(keystore);
        X509Certificate root = chain.get(chain.size() - 1);

        PKIXCertPathValidatorResult result =
                TestPki.validate(pki, chain.subList(0, chain.size() - 1), Set.of(new TrustAnchor(root, null)));

        assertEquals(
                TestPki.certificate(pki.resolve("root-ca.pem")),
                result.getTrustAnchor().getTrustedCert());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ap-ca.pem", "smp-ca.pem"})
    void intermediateCasValidateAgainstTheRootWithTheRootCrl(String pem) throws Exception {
        X509Certificate root = TestPki.certificate(pki.resolve("root-ca.pem"));

        TestPki.validate(pki, List.of(TestPki.certificate(pki.resolve(pem))), Set.of(new TrustAnchor(root, null)));
    }

    @Test
    void revokedAccessPointIsRejectedAsRevoked() throws Exception {
        CertPathValidatorException rejected = assertThrows(
                CertPathValidatorException.class, () -> TestPki.validateAgainstTrustStore(pki, "ap-revoked.pem"));

        assertEquals(BasicReason.REVOKED, rejected.getReason());
        assertTrue(rejected.getMessage().contains(CRLReason.KEY_COMPROMISE.toString()), rejected.getMessage());
    }

    @Test
    void expiredAccessPointIsRejectedAsExpired() throws Exception {
        CertPathValidatorException rejected = assertThrows(
                CertPathValidatorException.class, () -> TestPki.validateAgainstTrustStore(pki, "ap-expired.pem"));

        assertEquals(BasicReason.EXPIRED, rejected.getReason());
    }

    @Test
    void impersonatorFromAnUntrustedRootIsRejectedThoughItCarriesTheKazakhAccessPointsName() throws Exception {
        X509Certificate impostor = TestPki.certificate(pki.resolve("ap-untrusted.pem"));
        X509Certificate genuine = TestPki.certificate(pki.resolve("ap-KZ.pem"));
        assertEquals(genuine.getSubjectX500Principal(), impostor.getSubjectX500Principal());

        CertPathValidatorException rejected = assertThrows(
                CertPathValidatorException.class, () -> TestPki.validateAgainstTrustStore(pki, "ap-untrusted.pem"));
        assertEquals(PKIXReason.NO_TRUST_ANCHOR, rejected.getReason());

        List<X509Certificate> chain = chain("ap-untrusted");
        CertPathValidatorException withItsOwnRoot = assertThrows(
                CertPathValidatorException.class, () -> TestPki.validate(pki, chain, TestPki.trustAnchors(pki)));
        assertEquals(PKIXReason.NO_TRUST_ANCHOR, withItsOwnRoot.getReason());
    }

    @ParameterizedTest
    @CsvSource({
        "ap-KZ, ap-kz, ap-ca",
        "ap-AZ, ap-az, ap-ca",
        "ap-GE, ap-ge, ap-ca",
        "smp, smp, smp-ca",
        "ap-revoked, ap-revoked, ap-ca",
        "ap-expired, ap-expired, ap-ca",
        "root-ca, root-ca,",
        "ap-ca, ap-ca, root-ca",
        "smp-ca, smp-ca, root-ca"
    })
    void eachKeystoreHoldsOneKeyUnderItsAliasWithTheStorePasswordAndItsChainUpToTheRoot(
            String keystore, String alias, String issuingCa) throws Exception {
        Path p12 = pki.resolve(keystore + ".p12");
        KeyStore store = Keystores.load(p12, Optional.empty());

        assertEquals(List.of(alias), Collections.list(store.aliases()));
        assertTrue(store.isKeyEntry(alias));
        PrivateKey key = (PrivateKey) store.getKey(alias, Keystores.password(p12, Optional.empty()));
        X509Certificate leaf = (X509Certificate) store.getCertificate(alias);
        assertEquals(TestPki.certificate(pki.resolve(keystore + ".pem")), leaf);

        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(alias.getBytes());
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(leaf.getPublicKey());
        verifier.update(alias.getBytes());
        assertTrue(verifier.verify(signature), "the key belongs to the certificate");

        List<X509Certificate> expectedChain = new ArrayList<>(List.of(leaf));
        if (issuingCa != null) {
            expectedChain.add(TestPki.certificate(pki.resolve(issuingCa + ".pem")));
        }
        if (issuingCa != null && !issuingCa.equals("root-ca")) {
            expectedChain.add(TestPki.certificate(pki.resolve("root-ca.pem")));
        }
        assertArrayEquals(expectedChain.toArray(), store.getCertificateChain(alias));
    }

    @Test
    void impersonatorsKeystoreChainsToTheUntrustedRoot() throws Exception {
        List<X509Certificate> chain = chain("ap-untrusted");

        assertEquals(2, chain.size());
        X509Certificate untrustedRoot = chain.get(1);
        assertEquals(
                "CN=SilkGate Untrusted Root,O=SilkGate impersonation test material (dev)",
                untrustedRoot.getSubjectX500Principal().getName());
        chain.get(0).verify(untrustedRoot.getPublicKey());
        assertTrue(
                TestPki.trustAnchors(pki).stream()
                        .map(TrustAnchor::getTrustedCert)
                        .noneMatch(untrustedRoot::equals),
                "the untrusted root is not in the trust store");
    }

    private static List<X509Certificate> chain(String keystore) throws Exception {
        KeyStore store = Keystores.load(pki.resolve(keystore + ".p12"), Optional.empty());
        String alias = store.aliases().nextElement();
        return Arrays.stream(store.getCertificateChain(alias))
                .map(X509Certificate.class::cast)
                .toList();
    }
}
