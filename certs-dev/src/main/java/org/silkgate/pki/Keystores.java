package org.silkgate.pki;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Optional;
import java.util.Properties;

/**
 * Opens the keystores of a development PKI the way every SilkGate server does: the password comes from the
 * password file when one is given, else from the {@code passwords.properties} beside the keystore, under the
 * keystore's file name (e.g. {@code ap-KZ.p12}).
 */
public final class Keystores {

    public static final String PASSWORDS_FILE = "passwords.properties";
    public static final String TRUSTSTORE_FILE = "truststore.p12";

    private Keystores() {
    }

    public static char[] password(Path keystoreFile, Optional<Path> passwordFile) throws PkiException {
        if (passwordFile.isPresent()) {
            return readPasswordFile(passwordFile.get());
        }
        Path passwords = keystoreFile.toAbsolutePath().resolveSibling(PASSWORDS_FILE);
        String name = keystoreFile.getFileName().toString();
        String password = readPasswords(passwords).getProperty(name);
        if (password == null || password.isBlank()) {
            throw new PkiException(passwords + " has no password for '" + name + "'");
        }
        return password.trim().toCharArray();
    }

    public static KeyStore load(Path p12, Optional<Path> passwordFile) throws PkiException {
        if (!Files.isRegularFile(p12)) {
            throw new PkiException("keystore " + p12 + " does not exist");
        }
        return open(p12, password(p12, passwordFile), passwordSource(passwordFile));
    }

    /** Opens a PKCS#12 keystore whose password the caller already holds (it also unlocks the key). */
    public static KeyStore load(Path p12, char[] password) throws PkiException {
        if (!Files.isRegularFile(p12)) {
            throw new PkiException("keystore " + p12 + " does not exist");
        }
        return open(p12, password, "");
    }

    private static KeyStore open(Path p12, char[] password, String passwordSource) throws PkiException {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password);
            return keyStore;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new PkiException("wrong password for keystore " + p12 + passwordSource, e);
            }
            throw new PkiException("cannot read keystore " + p12 + " as PKCS#12: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot read keystore " + p12 + " as PKCS#12: " + e.getMessage(), e);
        }
    }

    private static String passwordSource(Optional<Path> passwordFile) {
        return passwordFile.map(f -> " (password from " + f + ")").orElse(" (password from " + PASSWORDS_FILE + ")");
    }

    /** The file's content without surrounding white space; it must not be empty. */
    static char[] readPasswordFile(Path file) throws PkiException {
        if (Files.isDirectory(file)) {
            throw new PkiException("password file " + file + " is a directory");
        }
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            throw new PkiException("password file " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new PkiException("password file " + file + " is not readable");
        } catch (IOException e) {
            throw new PkiException("cannot read password file " + file + ": " + e.getMessage(), e);
        }
        if (content.isEmpty()) {
            throw new PkiException("password file " + file + " is empty");
        }
        return content.toCharArray();
    }

    static Properties readPasswords(Path passwordsFile) throws PkiException {
        Properties passwords = new Properties();
        try (InputStream in = Files.newInputStream(passwordsFile)) {
            passwords.load(in);
            return passwords;
        } catch (NoSuchFileException e) {
            throw new PkiException("no " + PASSWORDS_FILE + " in " + passwordsFile.getParent()
                    + "; its keystores were created with a password file, so give that file");
        } catch (IOException e) {
            throw new PkiException("cannot read " + passwordsFile + ": " + e.getMessage(), e);
        }
    }
}
