package org.silkgate.security;

/** A keystore or password file that cannot be used, with the reason in words an operator can act on. */
public class KeystoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeystoreException(String message) {
        super(message);
    }

    public KeystoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
