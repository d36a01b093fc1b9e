package org.silkgate.conformance.cases;

/**
 * The outcome of one conformance case: passed or not, with the evidence that decided it.
 *
 * @param applicable false when the case does not apply to the target (it showed a configuration the case is not
 *        about, e.g. policy REJECT for a case about policy RESPOND); such a case is neither passed nor failed
 */
public record CaseResult(String id, String title, boolean passed, boolean applicable, String evidence, long millis) {
    public CaseResult {
        if (passed && !applicable) throw new IllegalArgumentException("a case that does not apply cannot pass");
    }

    /** Whether the case applied and the target did not behave as expected. */
    public boolean failed() {
        return applicable && !passed;
    }

    /** {@code passed}, {@code failed} or {@code not applicable}. */
    public String outcome() {
        return passed ? "passed" : applicable ? "failed" : "not applicable";
    }
}
