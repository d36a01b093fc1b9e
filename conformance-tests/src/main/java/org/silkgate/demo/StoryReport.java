package org.silkgate.demo;

import java.util.ArrayList;
import java.util.List;
import org.silkgate.network.DocumentOutcome;
import org.silkgate.network.StoryResult;
import org.silkgate.network.Submission;
import org.silkgate.validation.Language;

/**
 * The end of the demo: a table with one row per document (columns sized to their content) with the Message Level
 * Status each sender got back, what went wrong, the refused document's failed rules in the chosen language, the
 * rule the receiver rejected a document for, and last the line {@code delivered: N of N}.
 */
public final class StoryReport {
    private static final String[] HEADER = {
        "document", "from → to", "access points", "validation", "receipt", "delivered", "MLS", "ms"
    };

    private StoryReport() {}

    public static String render(StoryResult result, Language language) {
        StringBuilder out = new StringBuilder(table(result)).append('\n');
        for (DocumentOutcome o : result.unexpected()) {
            out.append("✗ ")
                    .append(o.document().label())
                    .append(" (")
                    .append(o.document().from().shortName())
                    .append(" → ")
                    .append(o.document().to().shortName())
                    .append("): ")
                    .append(o.problem().orElse("not as expected"))
                    .append('\n');
        }
        for (DocumentOutcome o : result.outcomes()) {
            if (o.refusal().isEmpty()) continue;
            out.append("refused at ")
                    .append(o.fromAp())
                    .append(", ")
                    .append(o.document().label())
                    .append(" [")
                    .append(language.code())
                    .append("]:\n");
            for (Submission.RuleFailure failure : o.refusal().get().failures()) {
                out.append("  ")
                        .append(failure.ruleId())
                        .append(": ")
                        .append(failure.message())
                        .append('\n');
                if (language != Language.EN && !failure.ruleId().startsWith("CAREC-")) {
                    out.append("  (the Peppol and EN 16931 rules are published in English only; CAREC rules carry ")
                            .append(language.code())
                            .append(")\n");
                }
            }
        }
        for (DocumentOutcome o : result.outcomes()) {
            if (!o.document().atReceiver() || o.mls().isEmpty()) continue;
            out.append("rejected at ")
                    .append(o.toAp())
                    .append(" after passing ")
                    .append(o.fromAp())
                    .append(" (which waives ")
                    .append(o.document().refusedRule().orElseThrow())
                    .append("), ")
                    .append(o.document().label())
                    .append(", as the MLS RE it sent back says:\n");
            for (String issue : o.mls().get().detail().split("; "))
                out.append("  ").append(issue).append('\n');
        }
        out.append("refused as expected: ")
                .append(result.refusals())
                .append(" of ")
                .append(result.expectedRefusals())
                .append('\n');
        if (result.expectedRejections() > 0) {
            out.append("rejected by the receiver as expected: ")
                    .append(result.rejections())
                    .append(" of ")
                    .append(result.expectedRejections())
                    .append('\n');
        }
        out.append("delivered: ")
                .append(result.deliveries())
                .append(" of ")
                .append(result.expectedDeliveries())
                .append('\n');
        return out.toString();
    }

    private static String table(StoryResult result) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (DocumentOutcome o : result.outcomes()) rows.add(row(o));
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++)
                widths[i] = Math.max(widths[i], row[i].codePointCount(0, row[i].length()));
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            for (int i = 0; i < row.length; i++) {
                boolean number = i == row.length - 1;
                int pad = widths[i] - row[i].codePointCount(0, row[i].length());
                if (number) out.append(" ".repeat(pad)).append(row[i]);
                else out.append(row[i]).append(" ".repeat(pad)).append("  ");
            }
            out.append('\n');
            if (r == 0) {
                int total = 0;
                for (int w : widths) total += w + 2;
                out.append("─".repeat(total - 2)).append('\n');
            }
        }
        return out.toString();
    }

    private static String[] row(DocumentOutcome o) {
        String parties =
                o.document().from().shortName() + " → " + o.document().to().shortName();
        String aps = o.fromAp() + " → " + o.toAp();
        return new String[] {
            o.document().label(),
            parties,
            aps,
            validation(o),
            yesNo(o.receipt(), o),
            delivered(o),
            o.mls().map(DocumentOutcome.Status::shortText).orElse(o.messageId().isPresent() ? "none" : "—"),
            Long.toString(o.millis())
        };
    }

    private static String validation(DocumentOutcome o) {
        if (o.refusal().isPresent()) {
            Submission.Refused refused = o.refusal().get();
            return "refused "
                    + String.join(
                            ", ",
                            refused.failures().stream()
                                    .map(Submission.RuleFailure::ruleId)
                                    .distinct()
                                    .toList());
        }
        if (o.document().atReceiver() && o.messageId().isPresent())
            return "waived " + o.document().refusedRule().orElseThrow();
        return o.messageId().isPresent() ? "passed" : "—";
    }

    private static String yesNo(boolean value, DocumentOutcome o) {
        if (o.messageId().isEmpty()) return "—";
        return value ? "yes" : "NO";
    }

    private static String delivered(DocumentOutcome o) {
        if (o.document().atReceiver()) return o.asExpected() ? "no (rejected)" : "NO: unexpected";
        if (!o.document().shouldArrive()) return o.asExpected() ? "no (refused)" : "NO: unexpected";
        return o.delivered() ? "yes" : "NO";
    }
}
