package org.silkgate.ap.outbound;

/**
 * A submission the access point does not accept, with the reason for the back office; nothing of it was stored.
 * Only the submit pipeline throws it, so a channel answers a refusal and nothing else as one.
 */
public class SubmissionRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SubmissionRefused(String reason) {
        super(reason);
    }

    public SubmissionRefused(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** A sender the submitter may not act for, or that this access point does not serve; nothing was signed. */
    public static final class Forbidden extends SubmissionRefused {
        private static final long serialVersionUID = 1L;

        public Forbidden(String reason) {
            super(reason);
        }
    }
}
