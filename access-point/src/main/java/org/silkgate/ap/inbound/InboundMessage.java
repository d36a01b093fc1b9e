package org.silkgate.ap.inbound;

import java.time.Instant;
import org.silkgate.ap.model.Envelope;

/**
 * A business document received over AS4 whose transport checks (decryption, signature, sender certificate) have
 * passed, with the envelope its SBDH carried.
 *
 * @param senderAp the sending access point's id (its certificate's CN)
 * @param senderCertificate the SHA-256 fingerprint of the certificate that signed the message
 */
public record InboundMessage(
        String as4MessageId,
        Envelope envelope,
        String senderAp,
        String senderCertificate,
        Instant receivedAt,
        long sbdhSize,
        byte[] businessDocument) {}
