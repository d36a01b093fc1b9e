package org.silkgate.ap.model;

/**
 * What the SBDH says about a business document, the same on the way out, on the way in and in the journal.
 *
 * @param instanceIdentifier the SBDH InstanceIdentifier, which the back offices correlate by
 * @param countryC1 ISO 3166 alpha-2 country of the original sender (C1)
 */
public record Envelope(String instanceIdentifier, ParticipantId sender, ParticipantId receiver,
                       DocumentTypeId documentType, ProcessId process, String countryC1) {}
