package org.silkgate.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * One document of the demo story: an example file from the validation-rules examples (on the class path under
 * {@code examples/}), who sends it to whom, and whether it should arrive or be refused at the sender's access point.
 *
 * @param label       what the table calls it ("Tender", "Invoice (broken)")
 * @param example     class-path resource, e.g. {@code examples/tendering/Tender/valid.xml}
 * @param from        the sending participant
 * @param senderId    the sender's endpoint id in the document ({@code ICD:value})
 * @param to          the receiving participant
 * @param receiverId  the receiver's endpoint id in the document ({@code ICD:value}); the inbox folder is named after it
 * @param refusedRule empty when the document should arrive; the rule it breaks when it should be refused
 * @param atReceiver  the refusal comes from the receiving access point (C3), with an MLS {@code RE} naming the rule:
 *     the sender's (C2) waives that rule; otherwise C2 refuses it
 */
public record StoryDocument(
        String label,
        String example,
        Participant from,
        String senderId,
        Participant to,
        String receiverId,
        Optional<String> refusedRule,
        boolean atReceiver) {

    public StoryDocument {
        if (!from.identifiers().contains(senderId))
            throw new IllegalArgumentException(senderId + " is not an id of " + from.name());
        if (!to.identifiers().contains(receiverId))
            throw new IllegalArgumentException(receiverId + " is not an id of " + to.name());
    }

    /** A valid document that should reach the receiver's inbox. */
    public static StoryDocument delivered(
            String label, String example, Participant from, String senderId, Participant to, String receiverId) {
        return new StoryDocument(label, example, from, senderId, to, receiverId, Optional.empty(), false);
    }

    /**
     * A broken document that the sender's access point must refuse; the rule is read from the example's name
     * ({@code invalid-<RULE-ID>.xml}, the convention of the examples folder).
     */
    public static StoryDocument refused(
            String label, String example, Participant from, String senderId, Participant to, String receiverId) {
        return new StoryDocument(label, example, from, senderId, to, receiverId, Optional.of(rule(example)), false);
    }

    /**
     * A broken document that passes the sender's access point, which waives its rule, and that the receiver's
     * rejects, answering with an MLS {@code RE} naming the rule (read from the example's name as for {@link #refused}).
     */
    public static StoryDocument rejectedByReceiver(
            String label, String example, Participant from, String senderId, Participant to, String receiverId) {
        return new StoryDocument(label, example, from, senderId, to, receiverId, Optional.of(rule(example)), true);
    }

    private static String rule(String example) {
        String file = example.substring(example.lastIndexOf('/') + 1);
        if (!file.startsWith("invalid-") || !file.endsWith(".xml")) {
            throw new IllegalArgumentException("a refused example must be named invalid-<RULE-ID>.xml, not " + file);
        }
        return file.substring("invalid-".length(), file.length() - ".xml".length());
    }

    /** Refused at the sender's access point (C2), never sent. */
    public boolean refusedBySender() {
        return refusedRule.isPresent() && !atReceiver;
    }

    public boolean shouldArrive() {
        return refusedRule.isEmpty();
    }

    /** The example's bytes, exactly as a back office would submit them. */
    public byte[] content() {
        try (InputStream in = StoryDocument.class.getClassLoader().getResourceAsStream(example)) {
            if (in == null) {
                throw new IllegalStateException("example document " + example + " is not on the class path"
                        + " (it comes from the validation-rules test-jar)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read example document " + example, e);
        }
    }
}
