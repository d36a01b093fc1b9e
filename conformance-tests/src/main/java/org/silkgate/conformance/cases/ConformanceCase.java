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

    /**
     * Whether the expected outcome was observed, and what was observed.
     *
     * @param applicable false when the target showed that the case is not about it (see {@link #notApplicable})
     */
    public record Verdict(boolean passed, boolean applicable, String evidence) {
        public Verdict {
            if (passed && !applicable) throw new IllegalArgumentException("a case that does not apply cannot pass");
        }

        public Verdict(boolean passed, String evidence) {
            this(passed, true, evidence);
        }

        /**
         * The target answered the way another case checks (e.g. it refuses invalid documents at AS4, policy REJECT,
         * so a case about answering them with a Message Level Status does not apply): neither passed nor failed.
         * Only for a behaviour another case holds the target to, never for a case that merely could not look.
         */
        public static Verdict notApplicable(String evidence) {
            return new Verdict(false, false, "not applicable: " + evidence);
        }
    }

    /** Runs the case; an exception thrown by it is a failure whose evidence names it. */
    public CaseResult run(CaseContext context) {
        long start = System.nanoTime();
        Verdict verdict;
        try {
            verdict = check.run(context);
        } catch (Exception | AssertionError e) {
            verdict = new Verdict(false, "the case could not run: " + e);
        }
        return new CaseResult(
                id,
                title,
                verdict.passed(),
                verdict.applicable(),
                verdict.evidence(),
                (System.nanoTime() - start) / 1_000_000);
    }
}
