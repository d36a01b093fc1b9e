package org.silkgate.ap.journal;

/**
 * Where a message is. Outbound: ACCEPTED → (RETRYING →)* SENT | FAILED, and FAILED → ACCEPTED only when an operator
 * resends. Inbound: RECEIVED → DELIVERED | REJECTED (invalid, not delivered, answered with a Message Level Status
 * {@code RE}).
 */
public enum MessageState {
    ACCEPTED,
    RETRYING,
    SENT,
    FAILED,
    RECEIVED,
    DELIVERED,
    REJECTED;

    public boolean isFinal() {
        return this == SENT || this == FAILED || this == DELIVERED || this == REJECTED;
    }
}
