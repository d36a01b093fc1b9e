package org.silkgate.ap.trust;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PKIX path validation of a peer certificate against the trust store, with revocation checked from the configured
 * CRLs (end-entity certificates; the CAs are the trust store's own). Verdicts are cached per certificate and CRL
 * version, so a steady stream of messages from the same access point costs one path build, and there is no global
 * lock (phase4's own checker serialises every check and bypasses its cache when given a date).
 */
public final class CertificateTrust {
    private static final Duration TRUSTED_CACHE = Duration.ofMinutes(10);
    private static final Duration REFUSED_CACHE = Duration.ofMinutes(1);
    private static final int MAX_CACHED = 10_000;

    public record Verdict(boolean trusted, String reason) {
        static final Verdict TRUSTED = new Verdict(true, "trusted");

        static Verdict refused(String reason) {
            return new Verdict(false, reason);
        }
    }

    private record CacheKey(String fingerprint, long crlVersion) {}

    private record Cached(Verdict verdict, Instant checkedAt, Instant validUntil) {
        boolean holdsAt(Instant now) {
            return !now.isBefore(checkedAt) && now.isBefore(validUntil);
        }
    }

    private final Set<TrustAnchor> anchors;
    private final List<X509Certificate> intermediates;
    private final CrlFiles crls;
    private final ConcurrentHashMap<CacheKey, Cached> cache = new ConcurrentHashMap<>();

    /**
     * @param anchors the CA certificates a trusted certificate must chain to (for access points the AP CA, for the
     *        registry's signatures the SMP CA): trusted as they are, so a certificate of another branch of the same
     *        root is not accepted
     */
    public CertificateTrust(Collection<X509Certificate> anchors, CrlFiles crls) {
        if (anchors.isEmpty()) throw new IllegalArgumentException("no trust anchor given");
        Set<TrustAnchor> trusted = new HashSet<>();
        anchors.forEach(anchor -> trusted.add(new TrustAnchor(anchor, null)));
        this.anchors = Set.copyOf(trusted);
        this.intermediates = List.of();
        this.crls = crls;
    }

    /** The CA certificates peers are checked against: the trust anchors, then the intermediate CAs. */
    public List<X509Certificate> authorities() {
        List<X509Certificate> all = new ArrayList<>();
        anchors.forEach(anchor -> all.add(anchor.getTrustedCert()));
        all.addAll(intermediates);
        return all;
    }

    public CrlFiles crls() {
        return crls;
    }

    /** The anchors as an in-memory trust store, for a library that takes one (the SMP client's signature check). */
    public KeyStore anchorStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (TrustAnchor anchor : anchors) store.setCertificateEntry("anchor-" + i++, anchor.getTrustedCert());
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build an in-memory trust store", e);
        }
    }

    /** Whether the certificate is trusted at {@code now}: path to a trust anchor, validity and revocation. */
    public Verdict check(X509Certificate certificate, Instant now) {
        CrlFiles.Snapshot snapshot = crls.current();
        CacheKey key = new CacheKey(fingerprint(certificate), snapshot.version());
        Cached cached = cache.get(key);
        if (cached != null && cached.holdsAt(now)) return cached.verdict();

        Verdict verdict = validate(certificate, snapshot.crls(), now);
        Instant validUntil = now.plus(verdict.trusted() ? TRUSTED_CACHE : REFUSED_CACHE);
        if (certificate.getNotAfter().toInstant().isBefore(validUntil))
            validUntil = certificate.getNotAfter().toInstant();
        if (cache.size() > MAX_CACHED) cache.clear();
        cache.put(key, new Cached(verdict, now, validUntil));
        return verdict;
    }

    private Verdict validate(X509Certificate certificate, List<X509CRL> crlList, Instant now) {
        String subject = certificate.getSubjectX500Principal().getName();
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && !keyUsage[0]) {
            return Verdict.refused("certificate '" + subject + "' may not sign (no digitalSignature key usage)");
        }
        try {
            certificate.checkValidity(java.util.Date.from(now));
        } catch (CertificateExpiredException e) {
            return Verdict.refused("certificate '" + subject + "' expired on "
                    + certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            return Verdict.refused("certificate '" + subject + "' is not valid before "
                    + certificate.getNotBefore().toInstant());
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(certificate);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            List<Object> material = new ArrayList<>(intermediates);
            material.add(certificate);
            material.addAll(crlList);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(material)));
            parameters.setDate(java.util.Date.from(now));
            CertPathBuilder builder = CertPathBuilder.getInstance("PKIX");
            PKIXRevocationChecker revocation = (PKIXRevocationChecker) builder.getRevocationChecker();
            revocation.setOptions(EnumSet.of(
                    PKIXRevocationChecker.Option.ONLY_END_ENTITY,
                    PKIXRevocationChecker.Option.PREFER_CRLS,
                    PKIXRevocationChecker.Option.NO_FALLBACK));
            parameters.addCertPathChecker(revocation);
            parameters.setRevocationEnabled(false); // the checker added above does it, with the options above
            builder.build(parameters);
            return Verdict.TRUSTED;
        } catch (CertPathBuilderException e) {
            return Verdict.refused("certificate '" + subject + "' is not trusted: " + rootCauseMessage(e));
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("PKIX validation is not available in this JDK", e);
        }
    }

    private static String rootCauseMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) cause = cause.getCause();
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return cause == e ? message : e.getMessage() + " (" + message + ")";
    }

    /** The SHA-256 of the certificate's encoding, in hex: how the journal names the certificate a message came with. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint certificate", e);
        }
    }
}
