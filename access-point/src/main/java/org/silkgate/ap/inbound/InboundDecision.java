package org.silkgate.ap.inbound;

/** What the receiving side decided about a message; the AS4 layer turns it into a receipt or an error signal. */
public sealed interface InboundDecision {
    /** Durably stored: a receipt may go back. */
    record Accepted() implements InboundDecision {}

    /** Seen before from the same access point with the same payload: acknowledged again, not delivered again. */
    record Duplicate() implements InboundDecision {}

    /** Refused with a reason the sender can act on. */
    record Refused(Reason reason, String detail) implements InboundDecision {}

    /** Why, in the terms of the ebMS error the sender gets. */
    enum Reason {
        NOT_SOAP_12,
        NOT_ENCRYPTED,
        NOT_AUTHENTICATED,
        INVALID_HEADER,
        INCONSISTENT,
        UNREADABLE_PAYLOAD,
        INVALID_SBDH,
        RECEIVER_NOT_SERVED,
        MESSAGE_ID_TAKEN,
        INVALID_DOCUMENT,
        NOT_STORED
    }
}
