package org.silkgate.conformance.cases;

import java.security.cert.X509Certificate;
import java.util.Optional;

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
 * @param maxPayloadBytes  the largest payload once decompressed the target says it takes (--max-payload-bytes)
 * @param api              its back-office API with an operator's token, when the kit was given one
 */
public record Target(
        String as4Url,
        X509Certificate certificate,
        String sender,
        String receiver,
        String unservedReceiver,
        DeliveryProbe deliveries,
        long maxMessageBytes,
        long maxPayloadBytes,
        Optional<Api> api) {

    /**
     * @param url           the API listener's base URL ({@code https://HOST:PORT}, without {@code /api/v1})
     * @param operatorToken a token of an operator's API client (it may read every journal record and manage clients)
     */
    public record Api(String url, String operatorToken) {
        public Api {
            if (url.endsWith("/")) url = url.substring(0, url.length() - 1);
        }
    }
}
