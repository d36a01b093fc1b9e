package org.silkgate.ap.trust;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How long this access point's certificates, the trust anchors and the CRLs stay usable: an expired certificate or a
 * CRL past its next update stops the exchange with every peer, so operators are warned {@value #WARN_DAYS} days
 * ahead and {@code /health} says DOWN once one has lapsed.
 */
public final class CertificateHealth {
    public static final int WARN_DAYS = 30;

    public enum Status {
        UP,
        WARN,
        DOWN
    }

    /** One dated item: a certificate's notAfter, or a CRL's nextUpdate. */
    public record Item(String name, Instant until, long daysLeft, Status status) {}

    private final List<X509Certificate> own;
    private final CertificateTrust trust;
    private final Clock clock;

    /** @param own this access point's certificates (its AS4 key, its TLS certificate) */
    public CertificateHealth(List<X509Certificate> own, CertificateTrust trust, Clock clock) {
        this.own = List.copyOf(own);
        this.trust = trust;
        this.clock = clock;
    }

    public List<Item> items() {
        Instant now = clock.instant();
        List<Item> items = new ArrayList<>();
        for (X509Certificate certificate : own)
            items.add(item(
                    "certificate " + ApIdentity.commonName(certificate.getSubjectX500Principal()),
                    certificate.getNotAfter().toInstant(),
                    now));
        for (X509Certificate authority : trust.authorities()) {
            items.add(item(
                    "authority " + ApIdentity.commonName(authority.getSubjectX500Principal()),
                    authority.getNotAfter().toInstant(),
                    now));
        }
        for (X509CRL crl : trust.crls().current().crls()) {
            if (crl.getNextUpdate() != null) {
                items.add(item(
                        "crl " + ApIdentity.commonName(crl.getIssuerX500Principal()),
                        crl.getNextUpdate().toInstant(),
                        now));
            }
        }
        items.sort(Comparator.comparing(Item::until));
        return items;
    }

    /** The worst of the items. */
    public Status status() {
        return items().stream().map(Item::status).max(Comparator.naturalOrder()).orElse(Status.UP);
    }

    private static Item item(String name, Instant until, Instant now) {
        long daysLeft = Duration.between(now, until).toDays();
        Status status = !until.isAfter(now) ? Status.DOWN : daysLeft < WARN_DAYS ? Status.WARN : Status.UP;
        return new Item(name, until, daysLeft, status);
    }
}
