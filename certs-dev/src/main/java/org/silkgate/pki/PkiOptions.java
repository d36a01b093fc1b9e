package org.silkgate.pki;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code pki init} creates.
 *
 * @param dir          the PKI directory (created if missing)
 * @param countries    CAREC country codes; one access point certificate each
 * @param validityDays validity of the end-entity certificates and of the CRLs' next update
 * @param passwordFile one password for every keystore; empty = one generated password per keystore,
 *                     written to {@code passwords.properties}
 * @param force        replace the PKI files of a non-empty directory
 * @param hostnames    names the TLS server certificates are valid for besides {@code localhost} and
 *                     {@code 127.0.0.1}: DNS names or IP addresses
 */
public record PkiOptions(
        Path dir,
        List<String> countries,
        int validityDays,
        Optional<Path> passwordFile,
        boolean force,
        List<String> hostnames) {

    public static final List<String> DEFAULT_COUNTRIES = List.of("KZ", "AZ", "GE");
    public static final int DEFAULT_VALIDITY_DAYS = 825;
    /** Ten years; longer test certificates are a sign of a typo. */
    public static final int MAX_VALIDITY_DAYS = 3650;

    public PkiOptions {
        countries = List.copyOf(countries);
        hostnames = List.copyOf(hostnames);
    }

    /** TLS server certificates for {@code localhost} and {@code 127.0.0.1} only. */
    public PkiOptions(Path dir, List<String> countries, int validityDays, Optional<Path> passwordFile, boolean force) {
        this(dir, countries, validityDays, passwordFile, force, List.of());
    }

    public static PkiOptions defaults(Path dir) {
        return new PkiOptions(dir, DEFAULT_COUNTRIES, DEFAULT_VALIDITY_DAYS, Optional.empty(), false);
    }
}
