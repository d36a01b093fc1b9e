package org.silkgate.smp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;
import org.silkgate.pki.DevPki;
import org.silkgate.pki.PkiOptions;
import org.silkgate.security.Keystores;

/** One development PKI per test JVM (creating the CA keys is the slow part), made by certs-dev. */
final class DevPkiForTests {
    private static Path dir;

    private DevPkiForTests() {}

    static synchronized Path dir() throws Exception {
        if (dir == null) {
            Path d = Files.createTempDirectory("smp-test-pki").resolve("pki");
            DevPki.init(PkiOptions.defaults(d));
            dir = d;
        }
        return dir;
    }

    static Path smpKeystore() throws Exception {
        return dir().resolve("smp.p12");
    }

    static KeyStore truststore() throws Exception {
        return Keystores.load(dir().resolve(Keystores.TRUSTSTORE_FILE), Optional.empty());
    }

    static X509Certificate apCertificate(String country) throws Exception {
        Path p12 = dir().resolve("ap-" + country + ".p12");
        KeyStore ks = Keystores.load(p12, Optional.empty());
        for (String alias : java.util.Collections.list(ks.aliases())) {
            if (ks.isKeyEntry(alias)) return (X509Certificate) ks.getCertificate(alias);
        }
        throw new IllegalStateException(p12 + " holds no key");
    }

    static X509Certificate smpCertificate() throws Exception {
        KeyStore ks = Keystores.load(smpKeystore(), Optional.empty());
        return (X509Certificate) ks.getCertificate(DevPki.SMP);
    }

    static String base64(X509Certificate cert) throws Exception {
        return Base64.getEncoder().encodeToString(cert.getEncoded());
    }
}
