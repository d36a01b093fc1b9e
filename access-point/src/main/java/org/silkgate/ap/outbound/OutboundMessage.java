package org.silkgate.ap.outbound;

/**
 * A message ready for AS4: the SBDH-wrapped document and the identifiers the AS4 headers carry (all ids in URI
 * form). {@code as4MessageId} is chosen before the first attempt and kept across retries, so the receiving access
 * point recognises a retry as a duplicate.
 */
public record OutboundMessage(String as4MessageId, String sbdhInstanceId, String sender, String receiver,
                              String documentType, String process, String countryC1, byte[] sbdh) {}
