package org.silkgate.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Properties;
import org.silkgate.security.KeystoreException;
import org.silkgate.security.Keystores;

/**
 * The passwords of the keystores one command writes: either one shared password from a password file, or a
 * generated password per keystore, kept in {@code passwords.properties} under the keystore's file name.
 */
final class PasswordBook {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int GENERATED_LENGTH = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final char[] shared;
    private final Properties generated;

    private PasswordBook(char[] shared, Properties generated) {
        this.shared = shared;
        this.generated = generated;
    }

    /** A new PKI: from the password file when given, else generated. */
    static PasswordBook forNewPki(Optional<Path> passwordFile) throws PkiException {
        try {
            return passwordFile.isPresent()
                    ? new PasswordBook(Keystores.readPasswordFile(passwordFile.get()), null)
                    : new PasswordBook(null, new Properties());
        } catch (KeystoreException e) {
            throw new PkiException(e);
        }
    }

    /** An existing PKI in {@code dir}: the password file when given, else its {@code passwords.properties}. */
    static PasswordBook forExistingPki(Path dir, Optional<Path> passwordFile) throws PkiException {
        try {
            return passwordFile.isPresent()
                    ? new PasswordBook(Keystores.readPasswordFile(passwordFile.get()), null)
                    : new PasswordBook(null, Keystores.readPasswords(dir.resolve(Keystores.PASSWORDS_FILE)));
        } catch (KeystoreException e) {
            throw new PkiException(e);
        }
    }

    /** The password for a keystore about to be written. */
    char[] passwordForNew(String keystoreFile) {
        if (shared != null) {
            return shared.clone();
        }
        StringBuilder password = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        generated.setProperty(keystoreFile, password.toString());
        return password.toString().toCharArray();
    }

    /** The content of {@code passwords.properties}; empty when the passwords come from a password file. */
    Optional<byte[]> passwordsFileContent() {
        if (generated == null) {
            return Optional.empty();
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            generated.store(
                    out,
                    "Keystore passwords of this SilkGate development PKI (key = keystore file). " + "Keep private.");
            return Optional.of(out.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
    }
}
