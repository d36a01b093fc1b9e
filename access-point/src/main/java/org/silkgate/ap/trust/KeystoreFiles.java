package org.silkgate.ap.trust;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import java.util.Properties;

/**
 * Loads PKCS#12 files the way every SilkGate server does: the password comes from an explicit password file, or
 * else from the {@code passwords.properties} beside the keystore (key = the keystore's file name).
 */
public final class KeystoreFiles {
    public static final String PASSWORDS_FILE = "passwords.properties";

    private KeystoreFiles() {}

    public static char[] password(Path keystore, Optional<Path> passwordFile) {
        try {
            if (passwordFile.isPresent()) {
                return Files.readString(passwordFile.get(), StandardCharsets.UTF_8).strip().toCharArray();
            }
            Path beside = keystore.toAbsolutePath().resolveSibling(PASSWORDS_FILE);
            if (!Files.isRegularFile(beside)) {
                throw new IllegalArgumentException("no password for keystore " + keystore + ": give a password file or put "
                        + PASSWORDS_FILE + " beside it");
            }
            Properties passwords = new Properties();
            try (Reader in = Files.newBufferedReader(beside, StandardCharsets.UTF_8)) {
                passwords.load(in);
            }
            String password = passwords.getProperty(keystore.getFileName().toString());
            if (password == null) {
                throw new IllegalArgumentException(beside + " has no entry '" + keystore.getFileName() + "'");
            }
            return password.toCharArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the password for keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    public static KeyStore load(Path keystore, char[] password) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot open keystore " + keystore + ": " + e.getMessage(), e);
        }
    }
}
