package org.silkgate.security.tls;

import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/** Minimal CAs and TLS server certificates for the handshake tests, minted in memory. */
final class TestCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCertificates() {}

    record Issued(KeyPair keys, X509Certificate certificate, X509Certificate issuer) {}

    static Issued ca(String commonName) throws Exception {
        KeyPair keys = keyPair("EC");
        X500Name name = new X500Name("CN=" + commonName);
        var builder = builder(name, name, keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
        X509Certificate certificate = sign(builder, keys);
        return new Issued(keys, certificate, certificate);
    }

    /** A serverAuth certificate for {@code names} (DNS names or IP literals), with an EC or RSA key. */
    static Issued server(Issued ca, String keyAlgorithm, String... names) throws Exception {
        KeyPair keys = keyPair(keyAlgorithm);
        GeneralName[] alternativeNames = Arrays.stream(names)
                .map(n -> new GeneralName(IPAddress.isValid(n) ? GeneralName.iPAddress : GeneralName.dNSName, n))
                .toArray(GeneralName[]::new);
        int usage = keyAlgorithm.equals("RSA")
                ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                : KeyUsage.digitalSignature;
        var builder = builder(
                        X500Name.getInstance(
                                ca.certificate().getSubjectX500Principal().getEncoded()),
                        new X500Name("CN=" + names[0]),
                        keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternativeNames));
        return new Issued(keys, sign(builder, ca.keys()), ca.certificate());
    }

    /** {@code dir/name} as PKCS#12 with the key entry of {@code server}; its password goes to passwords.properties. */
    static Path keystore(Path dir, String name, Issued server, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", server.keys().getPrivate(), password.toCharArray(), new Certificate[] {
            server.certificate(), server.issuer()
        });
        return store(dir, name, store, password);
    }

    /** {@code dir/name} as PKCS#12 trust store of {@code anchors}; its password goes to passwords.properties. */
    static Path trustStore(Path dir, String name, String password, X509Certificate... anchors) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < anchors.length; i++) {
            store.setCertificateEntry("anchor-" + i, anchors[i]);
        }
        return store(dir, name, store, password);
    }

    static Path pem(Path dir, String name, X509Certificate... certificates) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        }
        return Files.writeString(dir.resolve(name), text.toString(), StandardCharsets.US_ASCII);
    }

    private static Path store(Path dir, String name, KeyStore store, String password) throws Exception {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        Files.writeString(
                dir.resolve("passwords.properties"),
                name + "=" + password + "\n",
                StandardCharsets.ISO_8859_1,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        return file;
    }

    private static KeyPair keyPair(String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        } else {
            generator.initialize(2048, RANDOM);
        }
        return generator.generateKeyPair();
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(
                issuer,
                new BigInteger(64, RANDOM).setBit(63),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))),
                subject,
                keys.getPublic());
    }

    private static X509Certificate sign(org.bouncycastle.cert.X509v3CertificateBuilder builder, KeyPair signer)
            throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }
}
