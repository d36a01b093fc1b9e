package org.silkgate.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.silkgate.conformance.cases.CaseResult;

/** A case that does not apply to the target is reported as such: neither a pass nor a failure. */
class ConformanceReportTest {
    private final ConformanceReport report = new ConformanceReport(
            "https://ap.example/as4",
            Instant.parse("2026-12-03T10:00:00Z"),
            List.of(
                    new CaseResult("a", "passes", true, true, "seen", 1),
                    new CaseResult("b", "fails", false, true, "not seen", 2),
                    new CaseResult("c", "about RESPOND", false, false, "not applicable: policy REJECT", 3)));

    @Test
    void countsANotApplicableCaseNeitherPassedNorFailed() {
        assertEquals(1, report.passed());
        assertEquals(1, report.failures());
        assertEquals(1, report.notApplicable());
        assertFalse(report.allPassed(), "the failed case still fails the run");
        assertTrue(
                new ConformanceReport(
                                "x",
                                Instant.EPOCH,
                                List.of(
                                        report.results().get(0),
                                        report.results().get(2)))
                        .allPassed(),
                "a run whose only other case does not apply passes");
    }

    @Test
    void junitMarksItSkippedHtmlAndTableNotApplicable() {
        String xml = report.junitXml();
        assertTrue(xml.contains("failures=\"1\" errors=\"0\" skipped=\"1\""), xml);
        assertTrue(xml.contains("<skipped message=\"not applicable: policy REJECT\"/>"), xml);
        assertTrue(report.html().contains("<td class=\"na\">not applicable</td>"), report.html());
        assertTrue(report.html().contains("1 of 3 cases passed, 1 not applicable."), report.html());
        assertTrue(report.table().contains("passed: 1 of 3 (not applicable: 1)"), report.table());
        assertTrue(report.table().matches("(?s).*\\bc\\s+n/a\\s+3\\n.*"), report.table());
    }
}
