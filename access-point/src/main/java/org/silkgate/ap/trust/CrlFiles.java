package org.silkgate.ap.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The certificate revocation lists an access point checks against, re-read when a file changes (looked at no more
 * often than every {@link #RECHECK} so that a busy server does not stat files per message). Each re-read gets a new
 * {@link Snapshot#version()} so cached verdicts made with older lists are not reused.
 */
public final class CrlFiles {
    static final Duration RECHECK = Duration.ofSeconds(10);

    public record Snapshot(long version, List<X509CRL> crls) {}

    private final List<Path> files;
    private volatile Snapshot snapshot;
    private volatile List<FileTime> loadedTimes;
    private volatile Instant nextCheck;
    private final Clock clock;

    public CrlFiles(List<Path> files, Clock clock) {
        this.files = List.copyOf(files);
        this.clock = clock;
        reload(0);
    }

    public List<Path> files() {
        return files;
    }

    public Snapshot current() {
        if (clock.instant().isAfter(nextCheck)) {
            synchronized (this) {
                if (clock.instant().isAfter(nextCheck)) {
                    if (!modificationTimes().equals(loadedTimes)) reload(snapshot.version() + 1);
                    nextCheck = clock.instant().plus(RECHECK);
                }
            }
        }
        return snapshot;
    }

    private void reload(long version) {
        List<FileTime> times = modificationTimes();
        List<X509CRL> crls = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (var crl : factory.generateCRLs(in)) crls.add((X509CRL) crl);
                } catch (IOException | CRLException e) {
                    throw new IllegalArgumentException("cannot read CRL " + file + ": " + e.getMessage(), e);
                }
            }
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        snapshot = new Snapshot(version, List.copyOf(crls));
        loadedTimes = times;
        nextCheck = clock.instant().plus(RECHECK);
    }

    private List<FileTime> modificationTimes() {
        List<FileTime> times = new ArrayList<>();
        for (Path file : files) {
            try {
                times.add(Files.getLastModifiedTime(file));
            } catch (IOException e) {
                throw new IllegalArgumentException("CRL file " + file + " is not readable: " + e.getMessage(), e);
            }
        }
        return times;
    }
}
