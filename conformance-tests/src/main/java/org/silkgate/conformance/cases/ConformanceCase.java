package org.silkgate.conformance.cases;

/**
 * One check of the Peppol AS4 profile against a target access point.
 *
 * @param id       short stable name (JUnit test name, report row)
 * @param title    what is checked and what the profile expects
 * @param check    runs the case and says whether the target behaved as expected, with the evidence
 */
public record ConformanceCase(String id, String title, Check check) {
    @FunctionalInterface
    public interface Check {
        Verdict run(CaseContext context) throws Exception;
    }

    /** Whether the expected outcome was observed, and what was observed. */
    public record Verdict(boolean passed, String evidence) {}

    /** Runs the case; an exception thrown by it is a failure whose evidence names it. */
    public CaseResult run(CaseContext context) {
        long start = System.nanoTime();
        Verdict verdict;
        try {
            verdict = check.run(context);
        } catch (Exception | AssertionError e) {
            verdict = new Verdict(false, "the case could not run: " + e);
        }
        return new CaseResult(id, title, verdict.passed(), verdict.evidence(), (System.nanoTime() - start) / 1_000_000);
    }
}
