package org.silkgate.smp.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Properties;

/**
 * Loads PKCS#12 keystores the way the dev PKI lays them out: the password comes from an explicit password file
 * (first line), else from {@code passwords.properties} beside the keystore, keyed by the keystore's file name.
 */
public final class KeystoreFiles {
    public static final String PASSWORDS_FILE = "passwords.properties";

    private KeystoreFiles() { }

    /** @param passwordFile may be null: then {@code passwords.properties} beside the keystore is used */
    public static char[] password(Path keystore, Path passwordFile) {
        try {
            if (passwordFile != null) {
                String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
                int eol = text.indexOf('\n');
                String line = eol < 0 ? text : text.substring(0, eol);
                return line.strip().toCharArray();
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
            String name = keystore.getFileName().toString();
            String value = passwords.getProperty(name);
            if (value == null) throw new IllegalArgumentException(beside + " has no entry '" + name + "'");
            return value.toCharArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the password for keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    public static KeyStore load(Path keystore, char[] password) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot open keystore " + keystore + ": " + e.getMessage(), e);
        }
    }
}
