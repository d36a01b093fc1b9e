package org.silkgate.smp.store;

/** A request the registry refuses; {@link Reason} decides the HTTP status, the message tells the caller why. */
public final class RegistryException extends Exception {
    public enum Reason { BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND }

    private final Reason reason;

    public RegistryException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() { return reason; }

    public static RegistryException badRequest(String message) { return new RegistryException(Reason.BAD_REQUEST, message); }

    public static RegistryException notFound(String message) { return new RegistryException(Reason.NOT_FOUND, message); }

    public static RegistryException forbidden(String message) { return new RegistryException(Reason.FORBIDDEN, message); }
}
