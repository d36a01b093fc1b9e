package org.silkgate.smp.users;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Slow salted password hashes, stored as {@code pbkdf2-sha256$iterations$salt$hash} (Base64), so the iteration
 * count can grow later without invalidating stored users.
 */
final class PasswordHash {
    static final int ITERATIONS = 210_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Salt of the stand-in check for unknown users; random per process so it matches no stored hash. */
    private static final byte[] DUMMY_SALT = new byte[SALT_BYTES];
    /** PBKDF2 runs so far; read by tests to see that an unknown user costs the same derivation as a known one. */
    static final AtomicLong DERIVATIONS = new AtomicLong();

    static {
        RANDOM.nextBytes(DUMMY_SALT);
    }

    private PasswordHash() {}

    static String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, ITERATIONS));
    }

    static boolean matches(char[] password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0]))
            throw new IllegalStateException("unknown password hash format");
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] expected = b64.decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, b64.decode(parts[2]), Integer.parseInt(parts[1])));
    }

    /**
     * The same PBKDF2 work as {@link #matches} with the current parameters, for a user name that does not exist, so
     * that the answer takes as long as for a known user with a wrong password.
     */
    static void dummyCheck(char[] password) {
        derive(password, DUMMY_SALT, ITERATIONS);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        DERIVATIONS.incrementAndGet();
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
        }
    }
}
