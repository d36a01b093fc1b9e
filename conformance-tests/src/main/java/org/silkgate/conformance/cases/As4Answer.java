package org.silkgate.conformance.cases;

import java.util.List;

/**
 * What a target access point answered to one crafted AS4 message, as the sender saw it.
 *
 * @param result     phase4's verdict on the answer (SUCCESS = a receipt, AS4_ERROR_MESSAGE_RECEIVED, TRANSPORT_ERROR …)
 * @param httpStatus the HTTP status of the answer, 0 when there was none
 * @param errors     the EBMS errors of an error signal, each as {@code EBMS:0101 FailedAuthentication: detail}
 * @param receipt    whether the answer is an eb:Receipt signal
 * @param body       the start of the raw answer, for the evidence
 * @param sent       what the message on the wire was, as far as a case needs to prove it built what it meant to
 */
public record As4Answer(
        String messageId,
        String result,
        int httpStatus,
        List<String> errors,
        boolean receipt,
        String body,
        WireShape sent) {
    /** The SOAP version and whether a signature, encryption and compression were on the wire. */
    public record WireShape(String soapEnvelopeNamespace, boolean signed, boolean encrypted, boolean compressed) {
        /** The namespace bound to the prefix of the Envelope element: the SOAP version actually used. */
        private static final java.util.regex.Pattern ENVELOPE =
                java.util.regex.Pattern.compile("<([\\w-]+):Envelope\\b[^>]*?xmlns:\\1=\"([^\"]+)\"");

        static WireShape of(byte[] wire) {
            String text = new String(wire, java.nio.charset.StandardCharsets.ISO_8859_1);
            java.util.regex.Matcher envelope = ENVELOPE.matcher(text);
            String soap = envelope.find() ? envelope.group(2) : "none";
            // eb:PartInfo names the compression in the (unencrypted) eb:Messaging header
            return new WireShape(
                    soap,
                    text.contains("SignatureValue"),
                    text.contains("EncryptedData"),
                    text.contains("\"CompressionType\""));
        }

        public boolean soap12() {
            return soapEnvelopeNamespace.equals("http://www.w3.org/2003/05/soap-envelope");
        }

        @Override
        public String toString() {
            return (soap12() ? "SOAP 1.2" : soapEnvelopeNamespace.equals("none") ? "no SOAP envelope" : "SOAP 1.1")
                    + (signed ? ", signed" : ", unsigned")
                    + (encrypted ? ", encrypted" : ", not encrypted")
                    + (compressed ? ", compressed" : ", uncompressed");
        }
    }

    public As4Answer {
        errors = List.copyOf(errors);
    }

    public boolean hasError(String code) {
        return errors.stream().anyMatch(e -> e.startsWith(code));
    }

    public boolean hasErrorMentioning(String code, String text) {
        return errors.stream().anyMatch(e -> e.startsWith(code) && e.contains(text));
    }

    /** One line for a report: how the target answered. */
    public String summary() {
        StringBuilder text =
                new StringBuilder("sent ").append(sent).append("; answer ").append(result);
        if (httpStatus != 0) text.append(", HTTP ").append(httpStatus);
        if (receipt) text.append(", eb:Receipt");
        if (!errors.isEmpty()) text.append(", errors ").append(errors);
        if (!receipt && errors.isEmpty() && !body.isBlank())
            text.append(", answer: ").append(body);
        return text.toString();
    }
}
