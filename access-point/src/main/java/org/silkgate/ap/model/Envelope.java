package org.silkgate.ap.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the SBDH says about a business document, the same on the way out, on the way in and in the journal.
 *
 * @param instanceIdentifier the SBDH InstanceIdentifier, which the back offices correlate by
 * @param countryC1 ISO 3166 alpha-2 country of the original sender (C1)
 */
public record Envelope(
        String instanceIdentifier,
        ParticipantId sender,
        ParticipantId receiver,
        DocumentTypeId documentType,
        ProcessId process,
        String countryC1) {

    /** The envelope as named fields, as the API and the inbox metadata show it to back offices. */
    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("sbdhInstanceIdentifier", instanceIdentifier);
        fields.put("sender", sender.uri());
        fields.put("receiver", receiver.uri());
        fields.put("documentType", documentType.uri());
        fields.put("process", process.uri());
        fields.put("countryC1", countryC1);
        return fields;
    }
}
