package org.silkgate.pki;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The eleven CAREC member countries; only they get access point certificates. */
public enum CarecCountry {
    AF("Afghanistan"),
    AZ("Azerbaijan"),
    CN("China"),
    GE("Georgia"),
    KZ("Kazakhstan"),
    KG("Kyrgyz Republic"),
    MN("Mongolia"),
    PK("Pakistan"),
    TJ("Tajikistan"),
    TM("Turkmenistan"),
    UZ("Uzbekistan");

    private final String countryName;

    CarecCountry(String countryName) {
        this.countryName = countryName;
    }

    public String code() {
        return name();
    }

    public String countryName() {
        return countryName;
    }

    /** The access point id, also the CN of its certificate (docs/network.md). */
    public String accessPointId() {
        return "SG-AP-" + code() + "-001";
    }

    public String operatorName() {
        return "SilkGate Access Point Operator " + countryName + " (dev)";
    }

    /** {@code ap-KZ}: the name of the access point's files {@code ap-KZ.p12} and {@code ap-KZ.pem}. */
    public String fileBase() {
        return "ap-" + code();
    }

    public String keystoreFile() {
        return fileBase() + ".p12";
    }

    /** {@code tls-KZ}: the name of the files of the access point's TLS server certificate. */
    public String tlsFileBase() {
        return "tls-" + code();
    }

    public String tlsKeystoreFile() {
        return tlsFileBase() + ".p12";
    }

    /** {@code ap-kz}: the one key entry in {@link #keystoreFile()}; every keystore's alias is its base name in lower case. */
    public String alias() {
        return fileBase().toLowerCase(Locale.ROOT);
    }

    /** Accepts a code in any case. */
    public static CarecCountry of(String code) throws PkiException {
        String normalised = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
        for (CarecCountry country : values()) {
            if (country.name().equals(normalised)) {
                return country;
            }
        }
        throw new PkiException("unknown country code '" + code + "'; the CAREC members are " + allowedCodes());
    }

    public static String allowedCodes() {
        return Arrays.stream(values()).map(CarecCountry::code).collect(Collectors.joining(", "));
    }
}
