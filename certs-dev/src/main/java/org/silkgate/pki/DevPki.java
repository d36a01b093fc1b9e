package org.silkgate.pki;

import static java.time.temporal.ChronoUnit.DAYS;
import static java.time.temporal.ChronoUnit.HOURS;
import static java.time.temporal.ChronoUnit.SECONDS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.silkgate.pki.CertificateMint.Authority;
import org.silkgate.pki.CertificateMint.Profile;
import org.silkgate.pki.CertificateMint.Validity;
import org.silkgate.security.KeystoreException;
import org.silkgate.security.Keystores;

/**
 * The CAREC development PKI, modelled on the Peppol PKI: a root, an access point CA and an SMP CA below it, one
 * access point certificate per country, the SMP registry's certificate, a trust store, CRLs, and certificates
 * that must be rejected (revoked, expired, chained to an untrusted root). A TLS server CA of its own below the root
 * issues the TLS server certificates of the access points and the SMP, so that no TLS certificate chains to the
 * access point or SMP CA, whose certificates are AS4 and SMP identities.
 */
public final class DevPki {

    public static final String ROOT_CA = "root-ca";
    public static final String AP_CA = "ap-ca";
    public static final String SMP_CA = "smp-ca";
    public static final String SMP = "smp";
    public static final String REVOKED = "ap-revoked";
    public static final String EXPIRED = "ap-expired";
    public static final String UNTRUSTED = "ap-untrusted";
    public static final String TLS_CA = "tls-ca";
    public static final String TLS_SMP = "tls-smp";
    /** The dev root as the one trusted certificate entry: the anchor of TLS clients. */
    public static final String TLS_TRUSTSTORE_FILE = "tls-truststore.p12";

    private static final String CA_ORGANISATION = "SilkGate CAREC (dev)";
    private static final int ROOT_KEY_BITS = 4096;
    private static final int CA_KEY_BITS = 3072;
    private static final int END_ENTITY_KEY_BITS = 2048;
    private static final int NEGATIVE_END_ENTITIES = 3;

    private DevPki() {}

    /** Creates a complete PKI in {@code options.dir()}; see certs-dev/README.md for the files. */
    public static PkiManifest init(PkiOptions options) throws PkiException {
        List<CarecCountry> countries = countries(options.countries());
        int validityDays = checkedValidity(options.validityDays());
        List<String> hostNames = TlsHostNames.withLoopback(options.hostnames());
        Path target = absolute(options.dir());
        boolean replacing = checkTarget(target, options.force());
        PasswordBook passwords = PasswordBook.forNewPki(options.passwordFile());
        Set<String> previousFiles = replacing ? previousFiles(target) : Set.of();
        try (PkiStage stage = PkiStage.open(target.getParent(), passwords)) {
            createAll(stage, countries, validityDays, hostNames);
            PkiManifest manifest = new PkiManifest(stage.entries());
            stage.seal(manifest);
            if (replacing) {
                stage.moveFilesInto(target, previousFiles);
                stage.makePrivate(target);
            } else {
                stage.becomeDirectory(target);
            }
            return manifest;
        }
    }

    /**
     * Adds {@code ap-CC.p12} / {@code ap-CC.pem} and {@code tls-CC.p12} / {@code tls-CC.pem} (for {@code localhost}
     * and {@code 127.0.0.1}), valid for the default number of days.
     */
    public static PkiManifest issue(Path dir, String country) throws PkiException {
        return issue(dir, country, PkiOptions.DEFAULT_VALIDITY_DAYS, Optional.empty(), List.of());
    }

    /** {@link #issue(Path, String, int, Optional, List)} with a TLS certificate for loopback only. */
    public static PkiManifest issue(Path dir, String country, int validityDays, Optional<Path> passwordFile)
            throws PkiException {
        return issue(dir, country, validityDays, passwordFile, List.of());
    }

    /**
     * Adds one access point certificate to the PKI in {@code dir}, signed by its access point CA, and its TLS
     * server certificate, signed by the TLS CA, valid for {@code localhost}, {@code 127.0.0.1} and
     * {@code hostnames}. The new keystores get the password of {@code passwordFile} when given, else generated
     * ones added to {@code passwords.properties}. Their validity ends with their CA's at the latest.
     */
    public static PkiManifest issue(
            Path dir, String country, int validityDays, Optional<Path> passwordFile, List<String> hostnames)
            throws PkiException {
        CarecCountry newcomer = CarecCountry.of(country);
        int days = checkedValidity(validityDays);
        List<String> hostNames = TlsHostNames.withLoopback(hostnames);
        Path target = absolute(dir);
        PkiManifest manifest = load(target);
        for (String file : List.of(newcomer.keystoreFile(), newcomer.tlsKeystoreFile())) {
            if (Files.exists(target.resolve(file)) || manifest.entry(file).isPresent()) {
                throw new PkiException(
                        "access point " + newcomer.code() + " already exists in " + target + " (" + file + ")");
            }
        }
        if (manifest.entry(TLS_CA + ".p12").isEmpty()) {
            throw new PkiException(target + " has no TLS server CA (" + TLS_CA + ".p12): it was created by an "
                    + "older silkgate; create a new PKI with: silkgate pki init --force --dir " + dir);
        }
        PasswordBook passwords = PasswordBook.forExistingPki(target, passwordFile);
        Authority apCa = authority(target, AP_CA, passwordFile);
        Authority tlsCa = authority(target, TLS_CA, passwordFile);
        Instant now = Instant.now().truncatedTo(SECONDS);
        Validity validity =
                endEntityValidity(now, days, apCa.certificate().getNotAfter().toInstant());
        Validity tlsValidity =
                endEntityValidity(now, days, tlsCa.certificate().getNotAfter().toInstant());
        if (!validity.notAfter().isAfter(now) || !tlsValidity.notAfter().isAfter(now)) {
            throw new PkiException("the CAs of " + target + " expired on " + validity.notAfter()
                    + "; create a new PKI with: silkgate pki init --force --dir " + dir);
        }
        KeyPair keys = CertificateMint.rsaKeyPair(END_ENTITY_KEY_BITS);
        try (PkiStage stage = PkiStage.open(target, passwords)) {
            accessPoint(stage, apCa, newcomer, keys, validity);
            tlsServer(stage, tlsCa, newcomer, tlsValidity, hostNames);
            PkiManifest updated = manifest.plus(stage.entries());
            stage.seal(updated);
            stage.moveFilesInto(target, Set.of());
            return updated;
        }
    }

    public static PkiManifest load(Path dir) throws PkiException {
        return PkiManifest.read(absolute(dir).resolve(PkiManifest.FILE_NAME));
    }

    private static void createAll(
            PkiStage stage, List<CarecCountry> countries, int validityDays, List<String> hostNames)
            throws PkiException {
        Instant now = Instant.now().truncatedTo(SECONDS);
        // CAs start a week back (room for the expired certificate) and outlive the end entities, so that
        // access points issued later still fit inside their CA's validity.
        Validity caValidity = new Validity(now.minus(7, DAYS), now.plus(2L * validityDays, DAYS));
        Validity endEntity = endEntityValidity(now, validityDays, caValidity.notAfter());
        Validity past = new Validity(now.minus(3, DAYS), now.minus(1, DAYS));

        List<Integer> keySizes =
                new ArrayList<>(List.of(ROOT_KEY_BITS, CA_KEY_BITS, CA_KEY_BITS, CA_KEY_BITS, END_ENTITY_KEY_BITS));
        keySizes.addAll(Collections.nCopies(countries.size() + 1 + NEGATIVE_END_ENTITIES, END_ENTITY_KEY_BITS));
        Iterator<KeyPair> keys = CertificateMint.rsaKeyPairs(keySizes).iterator();

        Authority root = CertificateMint.root(
                ROOT_CA,
                CertificateMint.name("SilkGate CAREC Dev Root CA", CA_ORGANISATION, null),
                keys.next(),
                caValidity);
        Authority apCa = CertificateMint.intermediate(
                root,
                AP_CA,
                CertificateMint.name("SilkGate CAREC Dev Access Point CA", CA_ORGANISATION, null),
                keys.next(),
                caValidity);
        Authority smpCa = CertificateMint.intermediate(
                root,
                SMP_CA,
                CertificateMint.name("SilkGate CAREC Dev SMP CA", CA_ORGANISATION, null),
                keys.next(),
                caValidity);
        Authority tlsCa = CertificateMint.intermediate(
                root,
                TLS_CA,
                CertificateMint.name("SilkGate CAREC Dev TLS Server CA", CA_ORGANISATION, null),
                keys.next(),
                caValidity);
        // Impersonation material: a root nobody trusts, issuing a certificate with a genuine access point's name.
        Authority untrustedRoot = CertificateMint.root(
                "untrusted-root",
                CertificateMint.name("SilkGate Untrusted Root", "SilkGate impersonation test material (dev)", null),
                keys.next(),
                caValidity);

        stage.keyStore(ROOT_CA, ROOT_CA, root.key(), root.chain(), "root CA");
        stage.keyStore(AP_CA, AP_CA, apCa.key(), apCa.chain(), "access point CA");
        stage.keyStore(SMP_CA, SMP_CA, smpCa.key(), smpCa.chain(), "SMP CA");
        Map<String, X509Certificate> trusted = new LinkedHashMap<>();
        for (Authority authority : List.of(root, apCa, smpCa)) {
            trusted.put(authority.name(), authority.certificate());
        }
        stage.trustStore(Keystores.TRUSTSTORE_FILE, trusted, "trust store");

        for (CarecCountry country : countries) {
            accessPoint(stage, apCa, country, keys.next(), endEntity);
        }
        endEntity(
                stage,
                SMP,
                "SMP registry",
                smpCa,
                CertificateMint.name("SG-SMP-CAREC-001", "SilkGate SMP Registry (dev)", CarecCountry.KZ.code()),
                keys.next(),
                endEntity,
                Profile.SMP);

        CarecCountry first = countries.get(0);
        X509Certificate revoked = endEntity(
                stage,
                REVOKED,
                "negative test: revoked (listed in ap-ca.crl)",
                apCa,
                CertificateMint.name("SG-AP-XX-REVOKED", "SilkGate Revoked Access Point (dev)", first.code()),
                keys.next(),
                endEntity,
                Profile.ACCESS_POINT);
        endEntity(
                stage,
                EXPIRED,
                "negative test: expired",
                apCa,
                CertificateMint.name("SG-AP-XX-EXPIRED", "SilkGate Expired Access Point (dev)", first.code()),
                keys.next(),
                past,
                Profile.ACCESS_POINT);
        endEntity(
                stage,
                UNTRUSTED,
                "negative test: untrusted root, impersonates " + first.accessPointId(),
                untrustedRoot,
                CertificateMint.name(first.accessPointId(), first.operatorName(), first.code()),
                keys.next(),
                endEntity,
                Profile.ACCESS_POINT);

        stage.crl(ROOT_CA + ".crl", CertificateMint.crl(root, endEntity, List.of()), "CRL of the root CA");
        stage.crl(AP_CA + ".crl", CertificateMint.crl(apCa, endEntity, List.of(revoked)), "CRL of the access point CA");
        stage.crl(SMP_CA + ".crl", CertificateMint.crl(smpCa, endEntity, List.of()), "CRL of the SMP CA");

        stage.keyStore(TLS_CA, TLS_CA, tlsCa.key(), tlsCa.chain(), "TLS server CA");
        stage.trustStore(TLS_TRUSTSTORE_FILE, Map.of(ROOT_CA, root.certificate()), "TLS client trust store");
        for (CarecCountry country : countries) {
            tlsServer(stage, tlsCa, country, endEntity, hostNames);
        }
        endEntity(
                stage,
                TLS_SMP,
                "TLS server: SMP registry",
                tlsCa,
                CertificateMint.name("SG-SMP-CAREC-001 TLS", "SilkGate SMP Registry (dev)", CarecCountry.KZ.code()),
                CertificateMint.ecKeyPair(),
                endEntity,
                Profile.TLS_SERVER,
                hostNames);
        stage.crl(TLS_CA + ".crl", CertificateMint.crl(tlsCa, endEntity, List.of()), "CRL of the TLS server CA");
    }

    private static void tlsServer(
            PkiStage stage, Authority tlsCa, CarecCountry country, Validity validity, List<String> hostNames)
            throws PkiException {
        endEntity(
                stage,
                country.tlsFileBase(),
                "TLS server: access point " + country.code(),
                tlsCa,
                CertificateMint.name(country.accessPointId() + " TLS", country.operatorName(), country.code()),
                CertificateMint.ecKeyPair(),
                validity,
                Profile.TLS_SERVER,
                hostNames);
    }

    private static void accessPoint(
            PkiStage stage, Authority apCa, CarecCountry country, KeyPair keys, Validity validity) throws PkiException {
        endEntity(
                stage,
                country.fileBase(),
                "access point " + country.code(),
                apCa,
                CertificateMint.name(country.accessPointId(), country.operatorName(), country.code()),
                keys,
                validity,
                Profile.ACCESS_POINT);
    }

    /** {@code base.p12} (alias = {@code base} in lower case) and {@code base.pem} for a new end entity. */
    private static X509Certificate endEntity(
            PkiStage stage,
            String base,
            String purpose,
            Authority issuer,
            X500Name subject,
            KeyPair keys,
            Validity validity,
            Profile profile)
            throws PkiException {
        return endEntity(stage, base, purpose, issuer, subject, keys, validity, profile, TlsHostNames.LOOPBACK);
    }

    private static X509Certificate endEntity(
            PkiStage stage,
            String base,
            String purpose,
            Authority issuer,
            X500Name subject,
            KeyPair keys,
            Validity validity,
            Profile profile,
            List<String> hostNames)
            throws PkiException {
        X509Certificate certificate =
                CertificateMint.endEntity(issuer, subject, keys.getPublic(), validity, profile, hostNames);
        stage.keyStore(base, base.toLowerCase(Locale.ROOT), keys.getPrivate(), chain(certificate, issuer), purpose);
        return certificate;
    }

    /** Back-dated an hour for clock skew; never beyond the issuing CA. */
    private static Validity endEntityValidity(Instant now, int days, Instant caNotAfter) {
        Instant notBefore = now.minus(1, HOURS);
        Instant notAfter = notBefore.plus(days, DAYS);
        return new Validity(notBefore, notAfter.isAfter(caNotAfter) ? caNotAfter : notAfter);
    }

    private static List<X509Certificate> chain(X509Certificate leaf, Authority issuer) {
        return Stream.concat(Stream.of(leaf), issuer.chain().stream()).toList();
    }

    private static Authority authority(Path dir, String name, Optional<Path> passwordFile) throws PkiException {
        Path p12 = dir.resolve(name + ".p12");
        KeyStore store;
        char[] password;
        try {
            store = Keystores.load(p12, passwordFile);
            password = Keystores.password(p12, passwordFile);
        } catch (KeystoreException e) {
            throw new PkiException(e);
        }
        try {
            if (!(store.getKey(name, password) instanceof PrivateKey key)) {
                throw new PkiException(p12 + " holds no private key under the alias '" + name + "'");
            }
            Certificate[] chain = store.getCertificateChain(name);
            return new Authority(
                    name,
                    key,
                    Arrays.stream(chain).map(X509Certificate.class::cast).toList());
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot read the key of " + p12 + ": " + e.getMessage(), e);
        }
    }

    private static List<CarecCountry> countries(List<String> codes) throws PkiException {
        if (codes.isEmpty()) {
            throw new PkiException("no country given; choose among the CAREC members " + CarecCountry.allowedCodes());
        }
        Set<CarecCountry> countries = new LinkedHashSet<>();
        for (String code : codes) {
            countries.add(CarecCountry.of(code));
        }
        return List.copyOf(countries);
    }

    private static int checkedValidity(int days) throws PkiException {
        if (days < 1 || days > PkiOptions.MAX_VALIDITY_DAYS) {
            throw new PkiException("validity of " + days + " days is out of range 1.." + PkiOptions.MAX_VALIDITY_DAYS);
        }
        return days;
    }

    private static Path absolute(Path dir) throws PkiException {
        Path absolute = dir.toAbsolutePath().normalize();
        if (absolute.getParent() == null) {
            throw new PkiException("the PKI directory cannot be the file system root");
        }
        return absolute;
    }

    /** True when {@code target} is a non-empty directory whose PKI files may be replaced. */
    private static boolean checkTarget(Path target, boolean force) throws PkiException {
        if (!Files.exists(target)) {
            return false;
        }
        if (!Files.isDirectory(target)) {
            throw new PkiException(target + " exists and is not a directory");
        }
        try (Stream<Path> content = Files.list(target)) {
            if (content.findAny().isEmpty()) {
                return false;
            }
        } catch (IOException e) {
            throw new PkiException("cannot read directory " + target + ": " + e.getMessage(), e);
        }
        if (!force) {
            throw new PkiException(target + " is not empty; refusing to create a PKI there "
                    + "(use --force to replace the PKI files in it)");
        }
        return true;
    }

    /** The files a previous PKI in {@code dir} consists of, so that a replacement leaves none of them stale. */
    private static Set<String> previousFiles(Path dir) {
        Set<String> files = new LinkedHashSet<>(List.of(Keystores.PASSWORDS_FILE, PkiManifest.FILE_NAME));
        try {
            files.addAll(load(dir).files());
        } catch (PkiException unreadable) {
            // not a PKI made by this tool: only files of the same names get replaced
        }
        return files;
    }
}
