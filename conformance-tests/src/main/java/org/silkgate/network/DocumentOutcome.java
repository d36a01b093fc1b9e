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
 * @param millis    from the submission to the last of receipt and delivery (or to the refusal, or to giving up)
 * @param problem   why the outcome is not what the story expects, in words
 */
public record DocumentOutcome(
        StoryDocument document,
        Optional<String> messageId,
        Optional<Submission.Refused> refusal,
        boolean receipt,
        boolean delivered,
        long millis,
        Optional<String> problem) {

    /** Delivered with its receipt when it should arrive; refused for its rule when it should not. */
    public boolean asExpected() {
        if (document.shouldArrive()) return messageId.isPresent() && receipt && delivered;
        return refusal.isPresent()
                && refusal.get().breaks(document.refusedRule().orElseThrow());
    }

    public String fromAp() {
        return Participants.apId(document.from().country());
    }

    public String toAp() {
        return Participants.apId(document.to().country());
    }
}
