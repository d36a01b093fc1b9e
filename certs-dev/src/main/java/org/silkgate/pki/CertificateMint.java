package org.silkgate.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Makes the keys, certificates and CRLs of the development PKI with BouncyCastle on the JDK's providers. */
final class CertificateMint {

    /** Loopback on purpose: a relying party that follows the distribution point must never reach a real host. */
    static final String CRL_BASE_URL = "http://127.0.0.1/silkgate-dev-pki/";

    private static final String SIGNATURE_ALGORITHM = "SHA256withRSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateMint() {}

    /** A CA: its key, its certificate first in {@code chain}, then the chain up to (and including) its root. */
    record Authority(String name, PrivateKey key, List<X509Certificate> chain) {
        Authority {
            chain = List.copyOf(chain);
        }

        X509Certificate certificate() {
            return chain.get(0);
        }

        String crlUrl() {
            return CRL_BASE_URL + name + ".crl";
        }
    }

    record Validity(Instant notBefore, Instant notAfter) {}

    /** What an end-entity certificate may be used for. */
    enum Profile {
        /** Signs and encrypts AS4 messages; also TLS client and server on loopback. */
        ACCESS_POINT(
                KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.dataEncipherment,
                KeyPurposeId.id_kp_clientAuth,
                KeyPurposeId.id_kp_serverAuth),
        /** Signs SMP answers; TLS server on loopback. */
        SMP(KeyUsage.digitalSignature | KeyUsage.keyEncipherment, KeyPurposeId.id_kp_serverAuth),
        /** A TLS server and nothing else; keyEncipherment only where the key is RSA. */
        TLS_SERVER(KeyUsage.digitalSignature | KeyUsage.keyEncipherment, KeyPurposeId.id_kp_serverAuth);

        private final int keyUsage;
        private final KeyPurposeId[] extendedKeyUsage;

        Profile(int keyUsage, KeyPurposeId... extendedKeyUsage) {
            this.keyUsage = keyUsage;
            this.extendedKeyUsage = extendedKeyUsage;
        }

        /** An EC key can neither encipher keys nor data (RFC 8813), so those bits are kept for RSA keys. */
        int keyUsage(PublicKey key) {
            return key instanceof RSAPublicKey
                    ? keyUsage
                    : keyUsage & ~(KeyUsage.keyEncipherment | KeyUsage.dataEncipherment);
        }
    }

    /** RSA key pairs of the given sizes, generated side by side: RSA key generation dominates {@code init}. */
    static List<KeyPair> rsaKeyPairs(List<Integer> sizes) {
        return IntStream.range(0, sizes.size())
                .parallel()
                .mapToObj(i -> rsaKeyPair(sizes.get(i)))
                .toList();
    }

    static KeyPair rsaKeyPair(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no RSA key generation", e);
        }
    }

    /** P-256: TLS server keys, quick to generate and what every TLS 1.2/1.3 peer accepts. */
    static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no P-256 key generation", e);
        }
    }

    /** Distinguished name in the conventional order: printed as CN=..., O=..., C=... */
    static X500Name name(String commonName, String organisation, String country) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        if (country != null) {
            builder.addRDN(BCStyle.C, country);
        }
        return builder.addRDN(BCStyle.O, organisation)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    static Authority root(String name, X500Name subject, KeyPair keys, Validity validity) throws PkiException {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(subject, subject, keys.getPublic(), validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            return new Authority(name, keys.getPrivate(), List.of(sign(builder, keys.getPrivate())));
        } catch (GeneralSecurityException | CertIOException e) {
            throw failed("the self-signed " + name, e);
        }
    }

    /** A CA below {@code parent} that may only issue end-entity certificates (pathLen 0). */
    static Authority intermediate(Authority parent, String name, X500Name subject, KeyPair keys, Validity validity)
            throws PkiException {
        try {
            X509v3CertificateBuilder builder = issuedBy(parent, subject, keys.getPublic(), validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate certificate = sign(builder, parent.key());
            return new Authority(name, keys.getPrivate(), prepend(certificate, parent.chain()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw failed(name, e);
        }
    }

    /** Valid for {@code localhost} and {@code 127.0.0.1}. */
    static X509Certificate endEntity(
            Authority issuer, X500Name subject, PublicKey key, Validity validity, Profile profile) throws PkiException {
        return endEntity(issuer, subject, key, validity, profile, TlsHostNames.LOOPBACK);
    }

    /** Valid for {@code hostNames}, checked by {@link TlsHostNames}. */
    static X509Certificate endEntity(
            Authority issuer,
            X500Name subject,
            PublicKey key,
            Validity validity,
            Profile profile,
            List<String> hostNames)
            throws PkiException {
        try {
            GeneralNames alternativeNames = new GeneralNames(
                    hostNames.stream().map(TlsHostNames::subjectAlternativeName).toArray(GeneralName[]::new));
            X509v3CertificateBuilder builder = issuedBy(issuer, subject, key, validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(profile.keyUsage(key)))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(profile.extendedKeyUsage))
                    .addExtension(Extension.subjectAlternativeName, false, alternativeNames);
            return sign(builder, issuer.key());
        } catch (GeneralSecurityException | CertIOException e) {
            throw failed("the certificate " + subject, e);
        }
    }

    /** A CRL of {@code issuer} revoking {@code revoked} (reason keyCompromise). */
    static X509CRL crl(Authority issuer, Validity validity, List<X509Certificate> revoked) throws PkiException {
        try {
            X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(
                    issuer.certificate().getSubjectX500Principal(), Date.from(validity.notBefore()));
            builder.setNextUpdate(Date.from(validity.notAfter()));
            for (X509Certificate certificate : revoked) {
                builder.addCRLEntry(
                        certificate.getSerialNumber(), Date.from(validity.notBefore()), CRLReason.keyCompromise);
            }
            builder.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils()
                            .createAuthorityKeyIdentifier(issuer.certificate().getPublicKey()));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE));
            return new JcaX509CRLConverter().getCRL(builder.build(signer(issuer.key())));
        } catch (GeneralSecurityException | CertIOException e) {
            throw failed("the CRL of " + issuer.name(), e);
        }
    }

    private static X509v3CertificateBuilder issuedBy(
            Authority issuer, X500Name subject, PublicKey key, Validity validity)
            throws GeneralSecurityException, CertIOException {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X500Name issuerName = X500Name.getInstance(
                issuer.certificate().getSubjectX500Principal().getEncoded());
        DistributionPoint crl = new DistributionPoint(
                new DistributionPointName(
                        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, issuer.crlUrl()))),
                null,
                null);
        return builder(issuerName, subject, key, validity)
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key))
                .addExtension(
                        Extension.authorityKeyIdentifier,
                        false,
                        utils.createAuthorityKeyIdentifier(issuer.certificate().getPublicKey()))
                .addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {crl}));
    }

    private static X509v3CertificateBuilder builder(
            X500Name issuer, X500Name subject, PublicKey key, Validity validity) {
        return new JcaX509v3CertificateBuilder(
                issuer, serialNumber(), Date.from(validity.notBefore()), Date.from(validity.notAfter()), subject, key);
    }

    /** 127 random bits: positive, unique in practice, within the 20 octets RFC 5280 allows. */
    private static BigInteger serialNumber() {
        return new BigInteger(127, RANDOM).setBit(120);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer(key)));
    }

    private static ContentSigner signer(PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with " + SIGNATURE_ALGORITHM, e);
        }
    }

    private static List<X509Certificate> prepend(X509Certificate first, List<X509Certificate> rest) {
        return Stream.concat(Stream.of(first), rest.stream()).toList();
    }

    private static PkiException failed(String what, Exception cause) {
        return new PkiException("cannot create " + what + ": " + cause.getMessage(), cause);
    }
}
