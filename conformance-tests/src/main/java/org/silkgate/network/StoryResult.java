package org.silkgate.network;

import java.util.List;

/** The outcome of every document of a played story. */
public record StoryResult(List<DocumentOutcome> outcomes, long millis) {
    public StoryResult {
        outcomes = List.copyOf(outcomes);
    }

    /** Documents that should arrive. */
    public long expectedDeliveries() {
        return outcomes.stream().filter(o -> o.document().shouldArrive()).count();
    }

    /** Documents that should arrive and did, with their receipt. */
    public long deliveries() {
        return outcomes.stream()
                .filter(o -> o.document().shouldArrive() && o.asExpected())
                .count();
    }

    /** Documents that should be refused at the sender's access point. */
    public long expectedRefusals() {
        return outcomes.stream().filter(o -> o.document().refusedBySender()).count();
    }

    /** Documents that should be refused at the sender's access point and were, for the expected rule. */
    public long refusals() {
        return outcomes.stream()
                .filter(o -> o.document().refusedBySender() && o.asExpected())
                .count();
    }

    /** Documents that should be rejected by the receiver's access point. */
    public long expectedRejections() {
        return outcomes.stream().filter(o -> o.document().atReceiver()).count();
    }

    /** Documents rejected by the receiver's access point with an MLS RE naming the expected rule. */
    public long rejections() {
        return outcomes.stream()
                .filter(o -> o.document().atReceiver() && o.asExpected())
                .count();
    }

    public boolean allAsExpected() {
        return outcomes.stream().allMatch(DocumentOutcome::asExpected);
    }

    public List<DocumentOutcome> unexpected() {
        return outcomes.stream().filter(o -> !o.asExpected()).toList();
    }
}
