package org.silkgate.network;

import java.util.Optional;

/**
 * What became of one story document.
 *
 * @param document  the story document
 * @param messageId the AS4 MessageId the sender's access point gave it, when it accepted it
 * @param refusal   the sender's access point's refusal, when it refused it
 * @param receipt   the sender's journal shows the message SENT, i.e. the receiver's signed receipt was recorded
 * @param delivered the document is in the receiver's folder of the receiving access point's inbox
 * @param millis    from the submission to the last of receipt, delivery and status (or to the refusal, or to giving up)
 * @param problem   why the outcome is not what the story expects, in words
 * @param mls       the Message Level Status the receiving access point sent back, as the sender's journal shows it
 */
public record DocumentOutcome(
        StoryDocument document,
        Optional<String> messageId,
        Optional<Submission.Refused> refusal,
        boolean receipt,
        boolean delivered,
        long millis,
        Optional<String> problem,
        Optional<Status> mls) {

    /** A Message Level Status: its code and what its issues say ({@code BV [CAREC-TND-R009] …}). */
    public record Status(String code, String detail) {
        /** {@code AP}, or {@code RE} with the rule ids it names. */
        public String shortText() {
            java.util.regex.Matcher rules =
                    java.util.regex.Pattern.compile("\\[([A-Z0-9-]+)]").matcher(detail);
            java.util.Set<String> ids = new java.util.LinkedHashSet<>();
            while (rules.find()) ids.add(rules.group(1));
            return ids.isEmpty() ? code : code + " " + String.join(", ", ids);
        }
    }

    /**
     * Delivered with its receipt and an MLS {@code AP} when it should arrive; refused for its rule at the sender's
     * access point, or received (with receipt), not delivered and answered with an MLS {@code RE} naming the rule at
     * the receiver's, as the story says.
     */
    public boolean asExpected() {
        if (document.shouldArrive()) {
            return messageId.isPresent()
                    && receipt
                    && delivered
                    && mls.filter(s -> s.code().equals("AP")).isPresent();
        }
        String rule = document.refusedRule().orElseThrow();
        if (document.atReceiver()) {
            return messageId.isPresent()
                    && receipt
                    && !delivered
                    && mls.filter(s -> s.code().equals("RE") && s.detail().contains("[" + rule + "]"))
                            .isPresent();
        }
        return refusal.isPresent() && refusal.get().breaks(rule);
    }

    public String fromAp() {
        return Participants.apId(document.from().country());
    }

    public String toAp() {
        return Participants.apId(document.to().country());
    }
}
