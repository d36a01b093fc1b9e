package org.silkgate.ap.outbound;

import org.silkgate.ap.validation.DocumentCheck;
import org.silkgate.validation.ValidationReport;

/** A submission refused because its document did not pass validation; carries the full report. */
public final class InvalidDocument extends SubmissionRefused {
    private static final long serialVersionUID = 1L;
    private final transient ValidationReport report;

    public InvalidDocument(ValidationReport report) {
        super("the document is not valid: " + DocumentCheck.summary(report));
        this.report = report;
    }

    public ValidationReport report() {
        return report;
    }
}
