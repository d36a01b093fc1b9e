package org.silkgate.ap.inbound;

import java.time.Instant;
import org.silkgate.ap.model.Envelope;

/**
 * A business document received over AS4 whose transport checks (decryption, signature, sender certificate) have
 * passed, with the envelope its SBDH carried.
 *
 * @param senderAp the sending access point's id (its certificate's CN)
 */
public record InboundMessage(String as4MessageId, Envelope envelope, String senderAp, Instant receivedAt, long sbdhSize,
                             byte[] businessDocument) {}
