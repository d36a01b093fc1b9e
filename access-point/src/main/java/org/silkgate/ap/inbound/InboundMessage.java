package org.silkgate.ap.inbound;

import java.time.Instant;

/**
 * A business document received over AS4 whose transport checks (decryption, signature, sender certificate) have
 * passed. Participant, document type and process identifiers are in their URI form
 * ({@code iso6523-actorid-upis::9970:980540001256}).
 */
public record InboundMessage(String as4MessageId, String sbdhInstanceId, String senderAp, String sender,
                             String receiver, String documentType, String process, String countryC1,
                             Instant receivedAt, long sbdhSize, byte[] businessDocument) {}
