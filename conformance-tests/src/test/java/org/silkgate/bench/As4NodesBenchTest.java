package org.silkgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code bench as4 --nodes}: its options' checks and its reading of a node's {@code /metrics}. */
class As4NodesBenchTest {

    @Test
    void withoutNodesNothingIsChecked() {
        assertEquals(Optional.empty(), As4NodesBench.optionProblem(null, null, 0, 1500, 500, 8));
        assertEquals(Optional.empty(), As4NodesBench.optionProblem(null, null, 100_000, 0, 0, 8));
    }

    @Test
    void goodNodeOptionsPass() {
        assertEquals(Optional.empty(), As4NodesBench.optionProblem(2, null, 0, 2000, 500, 8));
        assertEquals(
                Optional.empty(),
                As4NodesBench.optionProblem(1, "jdbc:postgresql://db.kz.internal/silkgate?user=ap", 0, 1, 0, 1));
    }

    @Test
    void eachBadOptionIsNamed() {
        assertProblem("--db", As4NodesBench.optionProblem(null, "jdbc:postgresql://x/y", 0, 1500, 500, 8));
        assertProblem("--nodes", As4NodesBench.optionProblem(0, null, 0, 1500, 500, 8));
        assertProblem("--steady", As4NodesBench.optionProblem(2, null, 10_000, 1500, 500, 8));
        assertProblem("--messages", As4NodesBench.optionProblem(2, null, 0, 0, 500, 8));
        assertProblem("--warmup", As4NodesBench.optionProblem(2, null, 0, 1500, -1, 8));
        assertProblem("--threads", As4NodesBench.optionProblem(2, null, 0, 1500, 500, 0));
        assertProblem("--db", As4NodesBench.optionProblem(2, "jdbc:h2:mem:journal", 0, 1500, 500, 8));
    }

    private static void assertProblem(String option, Optional<String> problem) {
        assertTrue(problem.isPresent() && problem.get().contains(option), option + ": " + problem);
    }

    @Test
    void theSendsAreReadFromTheSendLatencyTimersCount() {
        String metrics = """
                # HELP silkgate_send_latency_seconds one AS4 send attempt, receipt included
                # TYPE silkgate_send_latency_seconds histogram
                silkgate_send_latency_seconds_bucket{le="0.001"} 0
                silkgate_send_latency_seconds_bucket{le="+Inf"} 1234
                silkgate_send_latency_seconds_count 1234
                silkgate_send_latency_seconds_sum 61.7
                silkgate_send_latency_seconds_max 0.25
                """;

        assertEquals(1234, As4NodesBench.sendAttempts(metrics));
        assertEquals(7, As4NodesBench.sendAttempts("silkgate_send_latency_seconds_count{node=\"kz-1\"} 7.0\n"));
    }

    @Test
    void metricsWithoutTheTimerAreAnError() {
        assertThrows(IllegalStateException.class, () -> As4NodesBench.sendAttempts("silkgate_messages 3\n"));
    }
}
