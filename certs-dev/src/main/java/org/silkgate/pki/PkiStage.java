package org.silkgate.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.silkgate.security.Keystores;

/**
 * A private temporary directory where one command writes its files before they are moved into the PKI
 * directory, so that a failure leaves nothing half-written behind.
 */
final class PkiStage implements AutoCloseable {

    /** Keystores hold private keys (CA keys among them), and passwords.properties unlocks them: owner only. */
    static final String SECRET_FILE_MODE = "rw-------";

    static final String DIRECTORY_MODE = "rwx------";

    private static final System.Logger LOG = System.getLogger(PkiStage.class.getName());

    private final Path staging;
    private final PasswordBook passwords;
    private final boolean posix;
    private final List<PkiEntry> entries = new ArrayList<>();

    private PkiStage(Path staging, PasswordBook passwords, boolean posix) {
        this.staging = staging;
        this.passwords = passwords;
        this.posix = posix;
    }

    /**
     * A staging directory in {@code near} or, when that does not exist yet, in its nearest existing ancestor:
     * on the file system of the PKI directory (so files move atomically) without creating anything else.
     */
    static PkiStage open(Path near, PasswordBook passwords) throws PkiException {
        Path existing = near;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new PkiException("cannot write to " + near + ": " + existing + " is not a directory");
        }
        Path staging;
        try {
            staging = Files.createTempDirectory(existing, ".silkgate-pki-");
        } catch (IOException | UnsupportedOperationException e) {
            throw new PkiException("cannot write to directory " + existing + ": " + describe(e));
        }
        boolean posix = supportsPosixPermissions(staging);
        if (!posix) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "{0} is on a file system without POSIX permissions: keystores and "
                            + "passwords.properties are written without restricting them to their owner (mode 0600 skipped), "
                            + "and the PKI directory is not made private (mode 0700 skipped); keep it private by other "
                            + "means",
                    existing);
        }
        return new PkiStage(staging, passwords, posix);
    }

    static boolean supportsPosixPermissions(Path path) {
        try {
            return Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class);
        } catch (IOException e) {
            return false;
        }
    }

    List<PkiEntry> entries() {
        return List.copyOf(entries);
    }

    /** {@code base.p12} with one private-key entry (key password = store password) and {@code base.pem}. */
    void keyStore(String base, String alias, PrivateKey key, List<X509Certificate> chain, String purpose)
            throws PkiException {
        String p12 = base + ".p12";
        char[] password = passwords.passwordForNew(p12);
        try {
            KeyStore store = emptyPkcs12();
            store.setKeyEntry(alias, key, password, chain.toArray(Certificate[]::new));
            writeKeyStore(p12, store, password);
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot create " + p12 + ": " + e.getMessage(), e);
        }
        pem(base + ".pem", chain.get(0));
        entries.add(entry(p12, chain.get(0), purpose));
        entries.add(entry(base + ".pem", chain.get(0), purpose));
    }

    /** A trust store: trusted certificate entries only, one manifest entry each. */
    void trustStore(String file, Map<String, X509Certificate> trustedByAlias, String purpose) throws PkiException {
        char[] password = passwords.passwordForNew(file);
        try {
            KeyStore store = emptyPkcs12();
            for (Map.Entry<String, X509Certificate> trusted : trustedByAlias.entrySet()) {
                store.setCertificateEntry(trusted.getKey(), trusted.getValue());
                entries.add(entry(file, trusted.getValue(), purpose + " (alias " + trusted.getKey() + ")"));
            }
            writeKeyStore(file, store, password);
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    void crl(String file, X509CRL crl, String purpose) throws PkiException {
        pem(file, crl);
        try {
            BigInteger crlNumber = ASN1Integer.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                            crl.getExtensionValue(Extension.cRLNumber.getId())))
                    .getValue();
            entries.add(new PkiEntry(
                    file,
                    crl.getIssuerX500Principal().getName(),
                    serial(crlNumber),
                    crl.getThisUpdate().toInstant(),
                    crl.getNextUpdate().toInstant(),
                    fingerprint(crl.getEncoded()),
                    purpose));
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot encode " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code passwords.properties} (mode 0600, when passwords were generated) and {@code pki.json}. */
    void seal(PkiManifest manifest) throws PkiException {
        var passwordsFile = passwords.passwordsFileContent();
        if (passwordsFile.isPresent()) {
            write(Keystores.PASSWORDS_FILE, out -> out.write(passwordsFile.get()), true);
        }
        byte[] json = manifest.toJson();
        write(PkiManifest.FILE_NAME, out -> out.write(json), false);
    }

    /** Makes the staging directory the PKI directory {@code target}, which must be missing or empty. */
    void becomeDirectory(Path target) throws PkiException {
        try {
            Files.deleteIfExists(target);
            Files.createDirectories(target.getParent());
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            throw new PkiException("cannot move the new PKI into " + target + ": " + describe(e), e);
        }
        makePrivate(target);
    }

    /** Mode 0700 for the PKI directory, on a POSIX file system: it holds every key of the PKI. */
    void makePrivate(Path directory) throws PkiException {
        if (!posix) {
            return;
        }
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(DIRECTORY_MODE));
        } catch (IOException e) {
            throw new PkiException("cannot make " + directory + " private (mode 0700): " + describe(e), e);
        }
    }

    /**
     * Moves every staged file into {@code target}, replacing files of the same name; the manifest goes last so
     * that it never lists a file that is not there. Then deletes the files named in {@code obsolete} that were
     * not replaced.
     */
    void moveFilesInto(Path target, Collection<String> obsolete) throws PkiException {
        try (Stream<Path> staged = Files.list(staging)) {
            List<Path> files = staged.sorted(Comparator.comparing(
                            (Path p) -> p.getFileName().toString().equals(PkiManifest.FILE_NAME)))
                    .toList();
            for (Path file : files) {
                Files.move(
                        file,
                        target.resolve(file.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            Set<String> moved =
                    files.stream().map(f -> f.getFileName().toString()).collect(Collectors.toSet());
            for (String name : obsolete) {
                if (!moved.contains(name)) {
                    Files.deleteIfExists(target.resolve(name));
                }
            }
        } catch (IOException e) {
            throw new PkiException("cannot move the new files into " + target + ": " + describe(e), e);
        }
    }

    /** Deletes whatever is still staged. */
    @Override
    public void close() {
        deleteRecursively(staging);
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    static PkiEntry entry(String file, X509Certificate certificate, String purpose) throws PkiException {
        try {
            return new PkiEntry(
                    file,
                    certificate.getSubjectX500Principal().getName(),
                    serial(certificate.getSerialNumber()),
                    certificate.getNotBefore().toInstant(),
                    certificate.getNotAfter().toInstant(),
                    fingerprint(certificate.getEncoded()),
                    purpose);
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot encode the certificate of " + file + ": " + e.getMessage(), e);
        }
    }

    /** SHA-256 as openssl prints it: upper-case hex pairs joined by ':'. */
    static String fingerprint(byte[] der) {
        try {
            return hex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String serial(BigInteger number) {
        return number.toString(16).toUpperCase(Locale.ROOT);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes);
    }

    private void pem(String file, Object object) throws PkiException {
        write(
                file,
                out -> {
                    try (Writer text = new OutputStreamWriter(out, StandardCharsets.US_ASCII);
                            JcaPEMWriter pem = new JcaPEMWriter(text)) {
                        pem.writeObject(object);
                    }
                },
                false);
    }

    private void writeKeyStore(String file, KeyStore store, char[] password) throws PkiException {
        write(
                file,
                out -> {
                    try {
                        store.store(out, password);
                    } catch (GeneralSecurityException e) {
                        throw new IOException(e.getMessage(), e);
                    }
                },
                true);
    }

    private static KeyStore emptyPkcs12() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an empty PKCS#12 keystore", e);
        }
        return store;
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Secrets are created with mode 0600 (on a POSIX file system), so they are never readable by others, not even
     * for a moment.
     */
    private void write(String file, Content content, boolean secret) throws PkiException {
        Path path = staging.resolve(file);
        try {
            if (secret && posix) {
                Files.createFile(
                        path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(SECRET_FILE_MODE)));
            }
            try (OutputStream out = Files.newOutputStream(path)) {
                content.writeTo(out);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new PkiException("cannot write " + file + ": " + describe(e), e);
        }
    }

    private static String describe(Exception e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
