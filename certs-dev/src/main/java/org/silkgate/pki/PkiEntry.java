package org.silkgate.pki;

import java.time.Instant;

/**
 * One line of {@code pki.json}. For a certificate (in a {@code .pem} or {@code .p12}) the fields describe the
 * certificate; for a CRL, {@code subject} is its issuer, {@code serial} its CRL number and the validity its
 * thisUpdate/nextUpdate. {@code truststore.p12} has one entry per trusted certificate.
 *
 * @param sha256Fingerprint SHA-256 of the DER encoding, upper-case hex pairs joined by ':' (as openssl prints it)
 * @param serial            upper-case hex
 */
public record PkiEntry(
        String file,
        String subject,
        String serial,
        Instant notBefore,
        Instant notAfter,
        String sha256Fingerprint,
        String purpose) {}
