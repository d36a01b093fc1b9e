package org.silkgate.ap.validation;

/**
 * Validation of business documents: {@code REJECT} refuses an invalid one (at submit on the sending side, with an
 * AS4 error on the receiving side); {@code DELIVER_FLAGGED} still refuses at submit but delivers an invalid inbound
 * one with its report; {@code RESPOND} still refuses at submit, and accepts an invalid inbound one whose sender asked
 * for a Message Level Status without delivering it, answering with an MLS {@code RE} that names the failed rules (a
 * sender that asked for none is refused as with {@code REJECT}); {@code OFF} validates nothing in either direction (a back office that validates itself, or a
 * benchmark of the transport alone).
 */
public enum InvalidDocumentPolicy {
    REJECT,
    DELIVER_FLAGGED,
    RESPOND,
    OFF;

    public boolean validates() {
        return this != OFF;
    }
}
