package org.silkgate.pki;

/** Anything that stops a PKI command: bad input, an unreadable keystore, a directory that cannot be written. */
public class PkiException extends Exception {
    private static final long serialVersionUID = 1L;

    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
