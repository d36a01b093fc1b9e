package org.silkgate.smp.identifier;

/** An identifier that cannot be parsed or that breaks the registration policy; the message names the rule. */
public final class IdentifierException extends Exception {
    public IdentifierException(String message) {
        super(message);
    }
}
