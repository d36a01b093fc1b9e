package org.silkgate.conformance.cases;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.silkgate.ap.trust.ApIdentity;
import org.silkgate.ap.trust.CrlFiles;
import org.silkgate.security.Keystores;

/**
 * The keys the cases send with, all from one development PKI folder: a proper access point key of that PKI that is
 * not the target's own, a second proper one that is neither (another access point claiming the sender's messages),
 * and the PKI's negative keystores (revoked, expired, from an untrusted root).
 */
public record SendingIdentities(
        ApIdentity sender, ApIdentity other, ApIdentity revoked, ApIdentity expired, ApIdentity untrusted) {
    public static final List<String> NEGATIVE_KEYSTORES =
            List.of("ap-revoked.p12", "ap-expired.p12", "ap-untrusted.p12");

    /**
     * @param target the target's certificate; the sending key is the first {@code ap-XX.p12} (by name) with another
     *        one, the other key the next with a certificate differing from both
     * @throws IllegalArgumentException when the folder holds fewer than two usable sending keys or misses a negative
     *         keystore
     */
    public static SendingIdentities load(Path pkiDir, X509Certificate target) {
        Path truststore = pkiDir.resolve(Keystores.TRUSTSTORE_FILE);
        if (!Files.isRegularFile(truststore))
            throw new IllegalArgumentException("no " + Keystores.TRUSTSTORE_FILE + " in " + pkiDir);
        CrlFiles crls = new CrlFiles(crlFiles(pkiDir), java.time.Clock.systemUTC());
        List<ApIdentity> proper;
        try (Stream<Path> files = Files.list(pkiDir)) {
            proper = files.filter(f -> f.getFileName().toString().matches("ap-[A-Z]{2}\\.p12"))
                    .sorted()
                    .map(f -> ApIdentity.load(f, Optional.empty(), truststore, crls))
                    .filter(identity -> !identity.certificate().equals(target))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + pkiDir, e);
        }
        if (proper.isEmpty()) {
            throw new IllegalArgumentException(
                    "no access point keystore ap-XX.p12 in " + pkiDir + " other than the target's own");
        }
        ApIdentity sender = proper.get(0);
        ApIdentity other = proper.stream()
                .filter(identity -> !identity.certificate().equals(sender.certificate()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no second access point keystore ap-XX.p12 in " + pkiDir
                        + " with a certificate other than the target's and " + sender.apId() + "'s"));
        ApIdentity[] negative = NEGATIVE_KEYSTORES.stream()
                .map(name -> {
                    Path file = pkiDir.resolve(name);
                    if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no " + name + " in " + pkiDir);
                    return ApIdentity.load(file, Optional.empty(), truststore, crls);
                })
                .toArray(ApIdentity[]::new);
        return new SendingIdentities(sender, other, negative[0], negative[1], negative[2]);
    }

    /** Every {@code *.crl} of the folder, by name. */
    public static List<Path> crlFiles(Path pkiDir) {
        try (Stream<Path> files = Files.list(pkiDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".crl"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + pkiDir, e);
        }
    }
}
