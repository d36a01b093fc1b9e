package org.silkgate.smp.store;

/** A request the registry refuses; {@link Reason} decides the HTTP status, the message tells the caller why. */
public final class RegistryException extends Exception {
    public enum Reason {
        BAD_REQUEST,
        UNAUTHORIZED,
        FORBIDDEN,
        NOT_FOUND,
        /** The registration changed between what the writer saw and its write (a bulk change's preview). */
        CONFLICT,
        TOO_MANY_REQUESTS
    }

    private final Reason reason;
    private final long retryAfterSeconds;

    public RegistryException(Reason reason, String message) {
        this(reason, message, 0);
    }

    private RegistryException(Reason reason, String message, long retryAfterSeconds) {
        super(message);
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Reason reason() {
        return reason;
    }

    /** For {@link Reason#TOO_MANY_REQUESTS}: how long the caller must wait, in seconds (the Retry-After header). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static RegistryException tooManyRequests(String message, long retryAfterSeconds) {
        return new RegistryException(Reason.TOO_MANY_REQUESTS, message, retryAfterSeconds);
    }

    public static RegistryException badRequest(String message) {
        return new RegistryException(Reason.BAD_REQUEST, message);
    }

    public static RegistryException notFound(String message) {
        return new RegistryException(Reason.NOT_FOUND, message);
    }

    public static RegistryException conflict(String message) {
        return new RegistryException(Reason.CONFLICT, message);
    }

    public static RegistryException forbidden(String message) {
        return new RegistryException(Reason.FORBIDDEN, message);
    }
}
