package org.silkgate.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.silkgate.security.KeystoreException;
import org.silkgate.security.Keystores;

/** One development PKI per test JVM (RSA key generation takes seconds), plus the relying party's checks. */
final class TestPki {

    private static Path sharedDir;

    private TestPki() {}

    /** The default PKI (KZ, AZ, GE); tests must not change it, {@link #copyOfShared} gives a private copy. */
    static synchronized Path shared() throws PkiException, IOException {
        if (sharedDir == null) {
            Path parent = Files.createTempDirectory("silkgate-pki-test-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> PkiStage.deleteRecursively(parent)));
            // "dev/pki": init also creates missing parent directories
            Path dir = parent.resolve("dev").resolve("pki");
            DevPki.init(PkiOptions.defaults(dir));
            sharedDir = dir;
        }
        return sharedDir;
    }

    static Path copyOfShared(Path target) throws PkiException, IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(shared())) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return target;
    }

    static X509Certificate certificate(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static X509CRL crl(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        }
    }

    static KeyStore trustStore(Path dir) throws KeystoreException {
        return trustStore(dir, Optional.empty());
    }

    static KeyStore trustStore(Path dir, Optional<Path> passwordFile) throws KeystoreException {
        return Keystores.load(dir.resolve(Keystores.TRUSTSTORE_FILE), passwordFile);
    }

    /**
     * What a SilkGate server does with a peer certificate: PKIX validation against the trust anchors with CRL
     * checking of every certificate in {@code path} (CRLs only, no fallback to OCSP, nothing fetched).
     */
    static PKIXCertPathValidatorResult validate(Path dir, List<X509Certificate> path, Set<TrustAnchor> anchors)
            throws GeneralSecurityException, IOException {
        CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
        PKIXParameters parameters = new PKIXParameters(anchors);
        parameters.setRevocationEnabled(true);
        parameters.addCertStore(CertStore.getInstance(
                "Collection",
                new CollectionCertStoreParameters(List.of(
                        crl(dir.resolve("root-ca.crl")), crl(dir.resolve("ap-ca.crl")),
                        crl(dir.resolve("smp-ca.crl")), crl(dir.resolve("tls-ca.crl"))))));
        CertPathValidator validator = CertPathValidator.getInstance("PKIX");
        PKIXRevocationChecker crlsOnly = (PKIXRevocationChecker) validator.getRevocationChecker();
        crlsOnly.setOptions(
                EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK));
        parameters.addCertPathChecker(crlsOnly);
        return (PKIXCertPathValidatorResult) validator.validate(certPath, parameters);
    }

    /** Validation of one end-entity certificate against {@code truststore.p12}, as the servers do it. */
    static PKIXCertPathValidatorResult validateAgainstTrustStore(Path dir, String pem)
            throws GeneralSecurityException, IOException, KeystoreException {
        return validateAgainstTrustStore(dir, pem, Optional.empty());
    }

    static PKIXCertPathValidatorResult validateAgainstTrustStore(Path dir, String pem, Optional<Path> passwordFile)
            throws GeneralSecurityException, IOException, KeystoreException {
        return validate(
                dir,
                List.of(certificate(dir.resolve(pem))),
                new PKIXParameters(trustStore(dir, passwordFile)).getTrustAnchors());
    }

    static Set<TrustAnchor> trustAnchors(Path dir) throws GeneralSecurityException, KeystoreException {
        return new PKIXParameters(trustStore(dir)).getTrustAnchors();
    }

    static List<String> fileNames(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
