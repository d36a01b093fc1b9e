package org.silkgate.ap.validation;

/**
 * Validation of business documents: {@code REJECT} refuses an invalid one (at submit on the sending side, with an
 * AS4 error on the receiving side); {@code DELIVER_FLAGGED} still refuses at submit but delivers an invalid inbound
 * one with its report; {@code OFF} validates nothing in either direction (a back office that validates itself, or a
 * benchmark of the transport alone).
 */
public enum InvalidDocumentPolicy {
    REJECT,
    DELIVER_FLAGGED,
    OFF;

    public boolean validates() {
        return this != OFF;
    }
}
