package org.silkgate.security.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.silkgate.security.KeystoreException;
import org.silkgate.security.Keystores;

/**
 * The {@link SSLContext}s of SilkGate servers and clients. A context carries keys and trust anchors only; the
 * protocols and cipher suites of {@link TlsPolicy} are applied where the context is used (Jetty, HttpClient,
 * socket), as described there.
 */
public final class TlsContexts {

    /** The protocol family; the versions actually spoken are {@link TlsPolicy#protocols()}. */
    private static final String PROTOCOL = "TLS";

    private TlsContexts() {}

    /**
     * A server context presenting the key entry of the PKCS#12 {@code keystore}, whose password comes from
     * {@code passwordFile} or else the {@code passwords.properties} beside it ({@link Keystores#password}).
     */
    public static SSLContext server(Path keystore, Optional<Path> passwordFile) throws KeystoreException {
        return server(
                Keystores.load(keystore, passwordFile),
                Keystores.password(keystore, passwordFile),
                keystore.toString());
    }

    /**
     * A server context presenting the key entry of {@code keyStore}, whose key is protected by {@code password};
     * {@code source} names the keystore in error messages.
     */
    public static SSLContext server(KeyStore keyStore, char[] password, String source) throws KeystoreException {
        try {
            if (Collections.list(keyStore.aliases()).stream().noneMatch(alias -> isKeyEntry(keyStore, alias))) {
                throw new KeystoreException("keystore " + source + " holds no private key; a TLS server needs a key "
                        + "entry with its certificate chain");
            }
            // PKIX (not SunX509) picks the entry by key type and skips certificates not valid for serverAuth.
            KeyManagerFactory keys = KeyManagerFactory.getInstance("PKIX");
            keys.init(keyStore, password);
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new KeystoreException("cannot use keystore " + source + " for a TLS server: " + e.getMessage(), e);
        }
    }

    /**
     * A client context that trusts the JDK's default anchors plus the certificates of {@code trustFile}: PEM (one
     * or more certificates; any name but {@code .p12}/{@code .pfx}) or PKCS#12 trusted-certificate entries, whose
     * password follows {@link Keystores#password}.
     */
    public static SSLContext client(Path trustFile, Optional<Path> passwordFile) throws KeystoreException {
        return client(trustAnchors(trustFile, passwordFile));
    }

    /** A client context that trusts the JDK's default anchors plus {@code extraAnchors}. */
    public static SSLContext client(Collection<X509Certificate> extraAnchors) throws KeystoreException {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int n = 0;
            for (X509Certificate jdkAnchor : jdkDefaultAnchors()) {
                anchors.setCertificateEntry("jdk-" + n++, jdkAnchor);
            }
            for (X509Certificate extra : extraAnchors) {
                anchors.setCertificateEntry("silkgate-" + n++, extra);
            }
            // One PKIX trust manager over all anchors, so that host-name verification and the JDK's algorithm
            // constraints apply to every chain alike.
            TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
            trust.init(anchors);
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new KeystoreException("cannot build the TLS client trust anchors: " + e.getMessage(), e);
        }
    }

    /** The certificates of a PEM or PKCS#12 trust file (see {@link #client(Path, Optional)}); never empty. */
    public static List<X509Certificate> trustAnchors(Path trustFile, Optional<Path> passwordFile)
            throws KeystoreException {
        String name = trustFile.getFileName().toString().toLowerCase(Locale.ROOT);
        List<X509Certificate> anchors = name.endsWith(".p12") || name.endsWith(".pfx")
                ? trustedEntries(trustFile, passwordFile)
                : certificates(trustFile);
        if (anchors.isEmpty()) {
            throw new KeystoreException("trust file " + trustFile + " holds no certificate");
        }
        return anchors;
    }

    /** The anchors the JDK trusts by default: its cacerts, or the {@code javax.net.ssl.trustStore} if set. */
    static List<X509Certificate> jdkDefaultAnchors() throws GeneralSecurityException {
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        List<X509Certificate> anchors = new ArrayList<>();
        for (TrustManager manager : jdk.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                anchors.addAll(List.of(x509.getAcceptedIssuers()));
            }
        }
        return anchors;
    }

    private static List<X509Certificate> trustedEntries(Path p12, Optional<Path> passwordFile)
            throws KeystoreException {
        KeyStore store = Keystores.load(p12, passwordFile);
        try {
            List<X509Certificate> anchors = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias) && store.getCertificate(alias) instanceof X509Certificate c) {
                    anchors.add(c);
                }
            }
            if (anchors.isEmpty()) {
                throw new KeystoreException("trust file " + p12 + " holds no trusted certificate entry (a keystore "
                        + "with a private key is not a trust store)");
            }
            return anchors;
        } catch (GeneralSecurityException e) {
            throw new KeystoreException("cannot read trust file " + p12 + ": " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(Path file) throws KeystoreException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            return certificates;
        } catch (NoSuchFileException e) {
            throw new KeystoreException("trust file " + file + " does not exist");
        } catch (CertificateException e) {
            throw new KeystoreException(
                    "trust file " + file + " is neither PEM nor DER X.509 certificates: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new KeystoreException("cannot read trust file " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isKeyEntry(KeyStore keyStore, String alias) {
        try {
            return keyStore.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
