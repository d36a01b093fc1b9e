package org.silkgate.conformance.cases;

import java.security.cert.X509Certificate;

/**
 * The access point under test.
 *
 * @param as4Url           its AS4 endpoint
 * @param certificate      its AP certificate (messages are encrypted for it, its receipts must be signed with it)
 * @param sender           the participant the test messages come from (served by the sending identity's AP)
 * @param receiver         a participant the target serves for the test document (a Tender)
 * @param unservedReceiver a participant the target does not serve
 * @param deliveries       how the cases see whether a message reached the receiver's back office
 * @param maxMessageBytes  the largest AS4 request the target says it reads (a SilkGate AP: --max-message-bytes)
 */
public record Target(String as4Url, X509Certificate certificate, String sender, String receiver, String unservedReceiver,
                     DeliveryProbe deliveries, long maxMessageBytes) {}
