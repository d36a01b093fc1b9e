package org.silkgate.security;

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
 * Opens keystores the way every SilkGate server does: the password comes from the
 * password file when one is given, else from the {@code passwords.properties} beside the keystore, under the
 * keystore's file name (e.g. {@code ap-KZ.p12}).
 */
public final class Keystores {

    public static final String PASSWORDS_FILE = "passwords.properties";
    public static final String TRUSTSTORE_FILE = "truststore.p12";

    private Keystores() {}

    public static char[] password(Path keystoreFile, Optional<Path> passwordFile) throws KeystoreException {
        if (passwordFile.isPresent()) {
            return readPasswordFile(passwordFile.get());
        }
        Path passwords = keystoreFile.toAbsolutePath().resolveSibling(PASSWORDS_FILE);
        String name = keystoreFile.getFileName().toString();
        String password = readPasswords(passwords).getProperty(name);
        if (password == null || password.isBlank()) {
            throw new KeystoreException(passwords + " has no password for '" + name + "'");
        }
        return password.trim().toCharArray();
    }

    public static KeyStore load(Path p12, Optional<Path> passwordFile) throws KeystoreException {
        if (!Files.isRegularFile(p12)) {
            throw new KeystoreException("keystore " + p12 + " does not exist");
        }
        return open(p12, password(p12, passwordFile), passwordSource(passwordFile));
    }

    /** Opens a PKCS#12 keystore whose password the caller already holds (it also unlocks the key). */
    public static KeyStore load(Path p12, char[] password) throws KeystoreException {
        if (!Files.isRegularFile(p12)) {
            throw new KeystoreException("keystore " + p12 + " does not exist");
        }
        return open(p12, password, "");
    }

    private static KeyStore open(Path p12, char[] password, String passwordSource) throws KeystoreException {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password);
            return keyStore;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new KeystoreException("wrong password for keystore " + p12 + passwordSource, e);
            }
            throw new KeystoreException("cannot read keystore " + p12 + " as PKCS#12: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new KeystoreException("cannot read keystore " + p12 + " as PKCS#12: " + e.getMessage(), e);
        }
    }

    private static String passwordSource(Optional<Path> passwordFile) {
        return passwordFile.map(f -> " (password from " + f + ")").orElse(" (password from " + PASSWORDS_FILE + ")");
    }

    /** The file's content without surrounding white space; it must not be empty. */
    public static char[] readPasswordFile(Path file) throws KeystoreException {
        if (Files.isDirectory(file)) {
            throw new KeystoreException("password file " + file + " is a directory");
        }
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            throw new KeystoreException("password file " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new KeystoreException("password file " + file + " is not readable");
        } catch (IOException e) {
            throw new KeystoreException("cannot read password file " + file + ": " + e.getMessage(), e);
        }
        if (content.isEmpty()) {
            throw new KeystoreException("password file " + file + " is empty");
        }
        return content.toCharArray();
    }

    public static Properties readPasswords(Path passwordsFile) throws KeystoreException {
        Properties passwords = new Properties();
        try (InputStream in = Files.newInputStream(passwordsFile)) {
            passwords.load(in);
            return passwords;
        } catch (NoSuchFileException e) {
            throw new KeystoreException("no " + PASSWORDS_FILE + " in " + passwordsFile.getParent()
                    + "; its keystores were created with a password file, so give that file");
        } catch (IOException e) {
            throw new KeystoreException("cannot read " + passwordsFile + ": " + e.getMessage(), e);
        }
    }
}
