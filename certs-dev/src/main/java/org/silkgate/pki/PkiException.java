package org.silkgate.pki;

/** Anything that stops a PKI command: bad input, an unreadable keystore, a directory that cannot be written. */
public class PkiException extends Exception {
    private static final long serialVersionUID = 1L;

    public PkiException(String message) {
        super(message);
    }

    /** A keystore of the PKI that cannot be opened: its message, as the operator needs it. */
    public PkiException(org.silkgate.security.KeystoreException cause) {
        super(cause.getMessage(), cause);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
