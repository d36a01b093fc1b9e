package org.silkgate.ap.outbound;

/** How one AS4 send attempt ended. */
public sealed interface SendResult {
    /** The receiver returned a signed receipt whose non-repudiation digests match what was sent. */
    record Delivered(String receiverAp, String endpointUrl, byte[] receipt) implements SendResult {}

    /**
     * Not delivered. {@code transientFailure} (connection refused, 5xx, timeout, no answer) is worth retrying; otherwise
     * (unknown participant, AS4 error from the receiver, untrusted certificate) retrying cannot help.
     */
    record Failed(boolean transientFailure, String reason) implements SendResult {}
}
