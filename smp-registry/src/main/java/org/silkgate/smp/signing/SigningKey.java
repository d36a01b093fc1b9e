package org.silkgate.smp.signing;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Optional;
import org.silkgate.security.KeystoreException;
import org.silkgate.security.Keystores;

/** The SMP's signing key and certificate, taken from a PKCS#12 keystore. */
public record SigningKey(PrivateKey privateKey, X509Certificate certificate) {

    /** @param alias the key entry to use; null picks the only key entry */
    public static SigningKey load(Path keystore, Path passwordFile, String alias) {
        char[] password;
        KeyStore ks;
        try {
            password = Keystores.password(keystore, Optional.ofNullable(passwordFile));
            ks = Keystores.load(keystore, password);
        } catch (KeystoreException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        try {
            String chosen = alias;
            if (chosen == null) {
                for (String a : Collections.list(ks.aliases())) {
                    if (ks.isKeyEntry(a)) {
                        if (chosen != null) {
                            throw new IllegalArgumentException(
                                    "keystore " + keystore + " holds several keys; name one with --key-alias");
                        }
                        chosen = a;
                    }
                }
                if (chosen == null)
                    throw new IllegalArgumentException("keystore " + keystore + " holds no private key");
            }
            if (!ks.isKeyEntry(chosen))
                throw new IllegalArgumentException("keystore " + keystore + " has no key '" + chosen + "'");
            PrivateKey key = (PrivateKey) ks.getKey(chosen, password);
            X509Certificate cert = (X509Certificate) ks.getCertificate(chosen);
            if (!"RSA".equals(key.getAlgorithm())) {
                throw new IllegalArgumentException("the SMP key '" + chosen + "' is " + key.getAlgorithm()
                        + "; Peppol SMP signatures are RSA-SHA256");
            }
            return new SigningKey(key, cert);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read key from " + keystore + ": " + e.getMessage(), e);
        }
    }
}
