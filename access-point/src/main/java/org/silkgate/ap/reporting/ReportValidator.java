package org.silkgate.ap.reporting;

import java.util.List;
import org.silkgate.ap.validation.DocumentCheck;
import org.silkgate.validation.DocumentType;
import org.silkgate.validation.DocumentTypeRegistry;
import org.silkgate.validation.DocumentValidator;
import org.silkgate.validation.Finding;
import org.silkgate.validation.Language;
import org.silkgate.validation.ValidationReport;

/**
 * Checks the Peppol reports against their official XSD and Schematron (from {@code phive-rules-peppol}): with the
 * network's validator restricted to the two report specifications (compiling only those takes a second or two, not
 * the whole rule set of the network), or with a running access point's validator. Thread-safe.
 */
public final class ReportValidator {
    private final DocumentCheck validator;

    private ReportValidator(DocumentCheck validator) {
        this.validator = validator;
    }

    /** TSR 1.0 (the 1.0.1 XSD and 1.0.5 Schematron) and EUSR 1.1 (the 1.1 XSD and 1.1.5 Schematron), compiled now. */
    public static ReportValidator official() {
        DocumentValidator reportsOnly = DocumentValidator.create(DocumentTypeRegistry.standard()
                .only(DocumentTypeRegistry.PEPPOL_TSR, DocumentTypeRegistry.PEPPOL_EUSR));
        return new ReportValidator(reportsOnly::validate);
    }

    /** With a validator the process has already, which knows the network's reports among its specifications. */
    public static ReportValidator using(DocumentCheck networkValidator) {
        return new ReportValidator(networkValidator);
    }

    /**
     * What is wrong with the report, each problem starting with its rule id ({@code [SCH-TSR-05] The sum …}, or an
     * XSD finding); empty when the report is valid.
     */
    public List<String> problems(byte[] report) {
        ValidationReport validated = validator.validate(report, "report");
        return validated.valid() ? List.of() : ReportRefused.problems(validated.errors());
    }

    /** Throws naming the first broken rule, unless the report is valid. */
    public void check(byte[] report) {
        ValidationReport validated = validator.validate(report, "report");
        if (validated.valid()) return;
        String kind = validated.documentType().map(DocumentType::rootName).orElse("the report");
        throw new ReportRefused(kind, validated.errors());
    }

    /** A report that breaks its format's rules: it is neither written nor sent. */
    public static final class ReportRefused extends RuntimeException {
        private final List<Finding> findings;

        ReportRefused(String report, List<Finding> findings) {
            super(report + " breaks " + findings.get(0).ruleId() + ": "
                    + findings.get(0).message(Language.EN)
                    + (findings.size() > 1 ? " (and " + (findings.size() - 1) + " more)" : ""));
            this.findings = List.copyOf(findings);
        }

        /** Each broken rule's message, starting with its id. */
        public List<String> problems() {
            return problems(findings);
        }

        private static List<String> problems(List<Finding> findings) {
            return findings.stream()
                    .map(finding -> "[" + finding.ruleId() + "] " + finding.message(Language.EN))
                    .toList();
        }

        /** The ids of the broken rules ({@code SCH-TSR-05}, or an XSD finding's {@code cvc-…}). */
        public List<String> ruleIds() {
            return findings.stream().map(Finding::ruleId).toList();
        }
    }
}
