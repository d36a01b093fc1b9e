package org.silkgate.ap.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Certificates from PEM files: CA anchors, a peer's certificate for a static route. */
public final class PemFiles {
    private PemFiles() {}

    /** The first certificate in the file. */
    public static X509Certificate certificate(Path pem) {
        List<X509Certificate> all = certificates(pem);
        if (all.isEmpty()) throw new IllegalArgumentException("no certificate in " + pem);
        return all.get(0);
    }

    /** Every certificate in the file. */
    public static List<X509Certificate> certificates(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            return certificates;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read certificate file " + pem + ": " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not an X.509 certificate file: " + pem + ": " + e.getMessage(), e);
        }
    }
}
