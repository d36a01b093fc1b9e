package org.silkgate.smp.store;

import org.silkgate.smp.identifier.SmpIdentifier;

/**
 * A registered participant: its identifier, its owner and the business card taken from the ServiceGroup
 * Extension (name and country, both optional) with the Extension XML itself, served back in the ServiceGroup.
 */
public record ParticipantRecord(
        SmpIdentifier id, String owner, String displayName, String country, String extensionXml) {}
