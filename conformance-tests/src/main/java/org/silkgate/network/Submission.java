package org.silkgate.network;

import java.util.List;

/** What an access point answered to {@code POST /api/v1/outbound}. */
public sealed interface Submission {

    /** 202: queued for sending under this AS4 MessageId. */
    record Accepted(String messageId) implements Submission {}

    /** 400: refused with the validation report; nothing was queued. */
    record Refused(List<RuleFailure> failures, String report) implements Submission {
        public Refused {
            failures = List.copyOf(failures);
        }

        public boolean breaks(String ruleId) {
            return failures.stream().anyMatch(f -> f.ruleId().equals(ruleId));
        }
    }

    /** One fatal finding of the report, with its message as the access point wrote it. */
    record RuleFailure(String ruleId, String message) {}
}
