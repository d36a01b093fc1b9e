package org.silkgate.ap.validation;

import org.silkgate.validation.DocumentValidator;
import org.silkgate.validation.Language;
import org.silkgate.validation.ValidationReport;

/**
 * Business-document validation (XSD, Peppol and CAREC Schematron) for both directions. The validator is expensive to
 * build and thread-safe, so every access point in the JVM shares one, built on first use.
 */
public final class DocumentCheck {
    private static volatile DocumentValidator shared;

    private DocumentCheck() {}

    public static ValidationReport validate(byte[] document, String name) {
        return validator().validate(document, name);
    }

    /** Builds the shared validator now (a server does this at start, so the first document is not slow). */
    public static void warmUp() {
        validator();
    }

    private static DocumentValidator validator() {
        DocumentValidator current = shared;
        if (current == null) {
            synchronized (DocumentCheck.class) {
                current = shared;
                if (current == null) shared = current = DocumentValidator.create();
            }
        }
        return current;
    }

    /** One line for logs, journal reasons and AS4 error details: the outcome and the first fatal findings. */
    public static String summary(ValidationReport report) {
        StringBuilder text = new StringBuilder(report.outcome().name());
        var errors = report.errors();
        for (int i = 0; i < Math.min(3, errors.size()); i++) {
            text.append(i == 0 ? ": " : "; ").append(errors.get(i).ruleId()).append(' ').append(errors.get(i).message(Language.EN));
        }
        if (errors.size() > 3) text.append("; and ").append(errors.size() - 3).append(" more");
        return text.toString();
    }

    /** Refusal of a document that did not pass validation; carries the full report. */
    public static final class InvalidDocumentException extends IllegalArgumentException {
        private final transient ValidationReport report;

        public InvalidDocumentException(ValidationReport report) {
            super("the document is not valid: " + summary(report));
            this.report = report;
        }

        public ValidationReport report() { return report; }
    }
}
