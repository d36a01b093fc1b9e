package org.silkgate.ap.trust;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.silkgate.security.KeystoreException;
import org.silkgate.security.Keystores;

/**
 * This access point's key and certificate, its trust store, and how it trusts peers: their certificates must chain
 * to the AP CA (not merely to the network's root, under which the SMP and TLS CAs issue too) and not be revoked in
 * the CRLs. The AP id is the certificate's CN ({@code SG-AP-KZ-001}); peers must present a CN of the same shape.
 */
public record ApIdentity(
        KeyStore keyStore,
        String alias,
        char[] keyPassword,
        X509Certificate certificate,
        KeyStore trustStore,
        CertificateTrust trust) {

    /** The CN shape of every SilkGate access point certificate (docs/network.md). */
    public static final Pattern AP_ID = Pattern.compile("SG-AP-[A-Z]{2}-\\d{3}");

    /** The AP CA file the dev PKI writes beside the trust store. */
    public static final String AP_CA_FILE = "ap-ca.pem";

    /** Peers anchored at {@value #AP_CA_FILE} beside the trust store. */
    public static ApIdentity load(Path keystore, Optional<Path> keystorePasswordFile, Path truststore, CrlFiles crls) {
        return load(
                keystore,
                keystorePasswordFile,
                truststore,
                truststore.toAbsolutePath().resolveSibling(AP_CA_FILE),
                crls);
    }

    /** @param apCa PEM file with the CA certificate(s) every peer access point's certificate must chain to */
    public static ApIdentity load(
            Path keystore, Optional<Path> keystorePasswordFile, Path truststore, Path apCa, CrlFiles crls) {
        char[] password;
        KeyStore keys;
        KeyStore trusted;
        if (!java.nio.file.Files.isRegularFile(keystore))
            throw new IllegalArgumentException("keystore " + keystore + " does not exist");
        try {
            password = Keystores.password(keystore, keystorePasswordFile);
            keys = Keystores.load(keystore, password);
            trusted = Keystores.load(truststore, Optional.empty());
        } catch (KeystoreException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        String alias = keyAlias(keys, keystore);
        try {
            X509Certificate certificate = (X509Certificate) keys.getCertificate(alias);
            return new ApIdentity(
                    keys,
                    alias,
                    password,
                    certificate,
                    trusted,
                    new CertificateTrust(PemFiles.certificates(apCa), crls));
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException("cannot read keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    /** The AP id: the CN of this access point's certificate. */
    public String apId() {
        return commonName(certificate.getSubjectX500Principal());
    }

    public static String commonName(X500Principal principal) {
        try {
            for (Rdn rdn : new LdapName(principal.getName(X500Principal.RFC2253)).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) return rdn.getValue().toString();
            }
            return "";
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("malformed certificate name " + principal, e);
        }
    }

    private static String keyAlias(KeyStore keys, Path keystore) {
        try {
            for (String alias : Collections.list(keys.aliases())) {
                if (keys.isKeyEntry(alias)) return alias;
            }
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException("cannot read keystore " + keystore + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("keystore " + keystore + " holds no private key");
    }
}
