package org.silkgate.ap.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.TestNetwork;

/** Days left before the AP certificate, the CAs and the CRLs lapse, as /health and /metrics report them. */
class CertificateHealthTest {
    @TempDir
    static Path folder;

    static ApIdentity kazakhstan;

    @BeforeAll
    static void createPki() {
        Path pki = TestNetwork.createPki(folder);
        kazakhstan = ApIdentity.load(
                pki.resolve("ap-KZ.p12"),
                Optional.empty(),
                pki.resolve("truststore.p12"),
                new CrlFiles(List.of(pki.resolve("ap-ca.crl")), Clock.systemUTC()));
    }

    private static CertificateHealth at(Instant now) {
        return new CertificateHealth(
                List.of(kazakhstan.certificate()), kazakhstan.trust(), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aFreshDevelopmentPkiIsUpAndListsTheApCertificateTheAuthoritiesAndTheCrl() {
        CertificateHealth health = at(Instant.now());

        assertEquals(
                CertificateHealth.Status.UP, health.status(), health.items().toString());
        List<String> names =
                health.items().stream().map(CertificateHealth.Item::name).toList();
        assertTrue(names.contains("certificate SG-AP-KZ-001"), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("authority ")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("crl ")), names.toString());
    }

    @Test
    void theApCertificateWarnsWithinThirtyDaysOfItsEndAndIsDownAfterIt() {
        Instant end = kazakhstan.certificate().getNotAfter().toInstant();

        CertificateHealth.Item soon = item(at(end.minus(Duration.ofDays(10))), "certificate SG-AP-KZ-001");
        CertificateHealth.Item lapsed = item(at(end.plusSeconds(1)), "certificate SG-AP-KZ-001");

        assertEquals(CertificateHealth.Status.WARN, soon.status());
        assertEquals(10, soon.daysLeft());
        assertEquals(CertificateHealth.Status.DOWN, lapsed.status());
        assertEquals(CertificateHealth.Status.DOWN, at(end.plusSeconds(1)).status());
    }

    private static CertificateHealth.Item item(CertificateHealth health, String name) {
        return health.items().stream()
                .filter(i -> i.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
