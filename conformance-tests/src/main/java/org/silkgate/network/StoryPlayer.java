package org.silkgate.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.silkgate.validation.Language;

/**
 * Plays a story on a {@link DemoNetwork} the way back offices would: each document is POSTed to the sender's access
 * point, then the player polls the sender's journal API until the receipt is recorded and the receiving access
 * point's inbox until the document is there, bounded by a deadline per document.
 */
public final class StoryPlayer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(25);

    private final DemoNetwork network;
    private final Language language;
    private final Duration deadline;

    /**
     * @param language the language the refused document's report is asked in
     * @param deadline how long one document may take from submission to delivery before it counts as not arrived
     */
    public StoryPlayer(DemoNetwork network, Language language, Duration deadline) {
        this.network = network;
        this.language = language;
        this.deadline = deadline;
    }

    /** Sends the documents in order, each after the previous one has arrived (or was given up), reporting each. */
    public StoryResult play(List<StoryDocument> story, Consumer<DocumentOutcome> progress) {
        long start = System.nanoTime();
        List<DocumentOutcome> outcomes = new ArrayList<>();
        for (StoryDocument document : story) {
            DocumentOutcome outcome = send(document);
            outcomes.add(outcome);
            progress.accept(outcome);
        }
        return new StoryResult(outcomes, (System.nanoTime() - start) / 1_000_000);
    }

    /** Submits one document and follows it to its end. */
    public DocumentOutcome send(StoryDocument document) {
        long start = System.nanoTime();
        AccessPointClient sender = network.clientFor(document.from());
        Submission submission;
        try {
            submission = sender.submit(document.content(), language);
        } catch (RuntimeException e) {
            return new DocumentOutcome(
                    document,
                    Optional.empty(),
                    Optional.empty(),
                    false,
                    false,
                    elapsed(start),
                    Optional.of("not submitted: " + e.getMessage()),
                    Optional.empty());
        }
        if (submission instanceof Submission.Refused refused) {
            Optional<String> problem = document.refusedRule()
                    .filter(refused::breaks)
                    .map(rule -> Optional.<String>empty())
                    .orElseGet(() -> Optional.of(
                            document.shouldArrive()
                                    ? "refused by " + sender.baseUrl() + ": " + describe(refused)
                                    : "refused, but not for "
                                            + document.refusedRule().orElseThrow() + ": " + describe(refused)));
            if (document.atReceiver() && problem.isEmpty()) {
                problem = Optional.of("refused by " + sender.baseUrl() + ", which should have waived "
                        + document.refusedRule().orElseThrow() + ": " + describe(refused));
            }
            return new DocumentOutcome(
                    document,
                    Optional.empty(),
                    Optional.of(refused),
                    false,
                    false,
                    elapsed(start),
                    problem,
                    Optional.empty());
        }
        String messageId = ((Submission.Accepted) submission).messageId();
        return follow(document, sender, messageId, start);
    }

    /**
     * Follows a sent document until the sender's journal shows the receipt and the Message Level Status the
     * receiver sent back, and, for a document that should arrive, until it is in the receiver's inbox.
     */
    private DocumentOutcome follow(StoryDocument document, AccessPointClient sender, String messageId, long start) {
        Path inboxDocument = network.inboxDocument(document, messageId);
        long giveUpAt = start + deadline.toNanos();
        boolean receipt = false;
        boolean delivered = false;
        Optional<DocumentOutcome.Status> mls = Optional.empty();
        Optional<String> problem = Optional.empty();
        String lastState = "not yet journaled";
        try {
            while (true) {
                if (!receipt || mls.isEmpty()) {
                    Optional<JsonNode> entry = sender.message(messageId);
                    Optional<String> state = entry.flatMap(AccessPointClient::state);
                    if (state.isPresent()) lastState = state.get();
                    receipt = state.filter("SENT"::equals).isPresent();
                    mls = entry.flatMap(StoryPlayer::status);
                    if (state.filter("FAILED"::equals).isPresent()) {
                        problem = Optional.of(
                                "sending failed: " + entry.get().path("reason").asText("no reason given"));
                        break;
                    }
                }
                if (!delivered) delivered = Files.exists(inboxDocument);
                if (receipt && mls.isPresent() && (delivered || !document.shouldArrive())) break;
                if (System.nanoTime() - giveUpAt > 0) {
                    problem = Optional.of("after " + deadline.toSeconds() + " s: "
                            + (receipt ? "receipt recorded" : "sender's journal says " + lastState) + ", "
                            + (delivered ? "delivered" : "not in " + inboxDocument) + ", "
                            + mls.map(s -> "status " + s.code()).orElse("no message level status"));
                    break;
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = Optional.of("interrupted while waiting for delivery");
        } catch (RuntimeException e) {
            problem = Optional.of("cannot follow message " + messageId + ": " + e.getMessage());
        }
        if (delivered && problem.isEmpty()) problem = wrongAddressee(document, inboxDocument);
        if (document.refusedBySender()) {
            problem = Optional.of("should have been refused for "
                    + document.refusedRule().orElseThrow() + " but was accepted as " + messageId);
        } else if (document.atReceiver() && problem.isEmpty()) {
            String rule = document.refusedRule().orElseThrow();
            if (Files.exists(inboxDocument)) {
                problem = Optional.of("should have been rejected by the receiver for " + rule + " but was delivered");
            } else if (mls.filter(s -> s.code().equals("RE") && s.detail().contains("[" + rule + "]"))
                    .isEmpty()) {
                problem = Optional.of("the receiver's status should be RE naming " + rule + ", got "
                        + mls.map(s -> s.code() + " " + s.detail()).orElse("none"));
            }
        } else if (problem.isEmpty() && mls.filter(s -> s.code().equals("AP")).isEmpty()) {
            problem = Optional.of("the receiver's status should be AP, got "
                    + mls.map(s -> s.code() + " " + s.detail()).orElse("none"));
        }
        return new DocumentOutcome(
                document,
                Optional.of(messageId),
                Optional.empty(),
                receipt,
                delivered && problem.isEmpty(),
                elapsed(start),
                problem,
                mls);
    }

    /** The Message Level Status in a message's journal entry ({@code "mls": {"status": …, "detail": …}}). */
    private static Optional<DocumentOutcome.Status> status(JsonNode message) {
        JsonNode mls = message.path("mls");
        if (!mls.path("status").isTextual()) return Optional.empty();
        return Optional.of(new DocumentOutcome.Status(
                mls.path("status").asText(), mls.path("detail").asText("")));
    }

    /** The metadata the receiving access point wrote beside the document must name the expected sender and receiver. */
    private static Optional<String> wrongAddressee(StoryDocument document, Path inboxDocument) {
        Path metadata = inboxDocument.resolveSibling(
                inboxDocument.getFileName().toString().replaceFirst("\\.xml$", ".json"));
        try {
            JsonNode json = JSON.readTree(Files.readAllBytes(metadata));
            String receiver = json.path("receiver").asText();
            String sender = json.path("sender").asText();
            if (!receiver.endsWith("::" + document.receiverId()) || !sender.endsWith("::" + document.senderId())) {
                return Optional.of("delivered with sender " + sender + " and receiver " + receiver + " in " + metadata);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("delivered without readable metadata " + metadata + ": " + e.getMessage());
        }
    }

    private static String describe(Submission.Refused refused) {
        if (refused.failures().isEmpty()) return refused.report().strip();
        return refused.failures().stream()
                .map(f -> f.ruleId() + " " + f.message())
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
