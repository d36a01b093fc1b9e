package org.silkgate.ap.outbound;

import org.silkgate.ap.model.Envelope;

/**
 * A message ready for AS4: the SBDH-wrapped document and its envelope. {@code as4MessageId} is chosen before the
 * first attempt and kept across retries, so the receiving access point recognises a retry as a duplicate.
 */
public record OutboundMessage(String as4MessageId, Envelope envelope, byte[] sbdh) {}
