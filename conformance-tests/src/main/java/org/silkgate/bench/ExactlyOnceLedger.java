package org.silkgate.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run of {@code bench as4 --nodes} left behind, counted after the last message arrived, against what was
 * submitted: the figures of a group that sent a message twice, or lost one, are worth nothing, so the bench fails
 * when {@link #problems()} names any.
 *
 * @param submitted messages submitted (warm-up and measured), each with its own id
 * @param outboundRows the sending nodes' shared journal: outbound message rows
 * @param sentRows of those, the rows in state SENT
 * @param receipts the sent messages whose signed AS4 receipt the sending side stored
 * @param sendAttempts AS4 sends the sending nodes made, summed over their {@code /metrics}: one per message when no
 *        message was sent twice (nor retried)
 * @param inboundRows the receiving access point's journal: inbound message rows
 * @param deliveredRows of those, the rows in state DELIVERED
 * @param backOfficeCalls documents the receiving back office's webhook was handed, repeats included
 */
record ExactlyOnceLedger(
        long submitted,
        long outboundRows,
        long sentRows,
        long receipts,
        long sendAttempts,
        long inboundRows,
        long deliveredRows,
        long backOfficeCalls) {

    /** Each count that differs from {@link #submitted}, said in words; empty when every message went exactly once. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        expect(problems, outboundRows, "outbound rows in the sending nodes' journal");
        expect(problems, sentRows, "of them SENT");
        expect(problems, receipts, "receipts stored");
        expect(problems, sendAttempts, "AS4 sends by the nodes (a message sent twice or retried)");
        expect(problems, inboundRows, "inbound rows in the receiving journal");
        expect(problems, deliveredRows, "of them DELIVERED");
        expect(problems, backOfficeCalls, "documents handed to the back office's webhook");
        return problems;
    }

    private void expect(List<String> problems, long count, String what) {
        if (count != submitted) problems.add(count + " " + what + " for " + submitted + " submitted messages");
    }

    /** One line for the output: the counts that were checked. */
    String summary() {
        return ("%d submitted; sending journal %d rows, %d SENT, %d receipts; %d AS4 sends; receiving journal %d rows,"
                        + " %d DELIVERED; %d webhook calls")
                .formatted(
                        submitted,
                        outboundRows,
                        sentRows,
                        receipts,
                        sendAttempts,
                        inboundRows,
                        deliveredRows,
                        backOfficeCalls);
    }
}
