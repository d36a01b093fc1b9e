package org.silkgate.ap.validation;

import java.util.function.Supplier;
import org.silkgate.validation.DocumentValidator;
import org.silkgate.validation.Language;
import org.silkgate.validation.ValidationReport;

/** Business-document validation (XSD, Peppol and CAREC Schematron), the same for both directions. */
@FunctionalInterface
public interface DocumentCheck {
    ValidationReport validate(byte[] document, String name);

    /** Gets ready now, so that the first document is not slow; a server calls it at start. */
    default void prepare() {}

    /** This check with the named rules waived ({@link ValidationReport#waiving}). */
    default DocumentCheck waiving(java.util.Set<String> ruleIds) {
        if (ruleIds.isEmpty()) return this;
        DocumentCheck strict = this;
        return new DocumentCheck() {
            @Override
            public ValidationReport validate(byte[] document, String name) {
                return strict.validate(document, name).waiving(ruleIds);
            }

            @Override
            public void prepare() {
                strict.prepare();
            }
        };
    }

    /**
     * The validator, built on first use: building one compiles every rule set (seconds), so a process builds it once
     * and shares it; an access point that validates nothing never builds it.
     */
    static DocumentCheck sharing(Supplier<DocumentValidator> validator) {
        Supplier<DocumentValidator> once = new Supplier<>() {
            private volatile DocumentValidator built;

            @Override
            public DocumentValidator get() {
                DocumentValidator current = built;
                if (current == null) {
                    synchronized (this) {
                        if (built == null) built = validator.get();
                        current = built;
                    }
                }
                return current;
            }
        };
        return new DocumentCheck() {
            @Override
            public ValidationReport validate(byte[] document, String name) {
                return once.get().validate(document, name);
            }

            @Override
            public void prepare() {
                once.get();
            }
        };
    }

    /** One line for logs, journal reasons and AS4 error details: the outcome and the first fatal findings. */
    static String summary(ValidationReport report) {
        StringBuilder text = new StringBuilder(report.outcome().name());
        var errors = report.errors();
        for (int i = 0; i < Math.min(3, errors.size()); i++) {
            text.append(i == 0 ? ": " : "; ")
                    .append(errors.get(i).ruleId())
                    .append(' ')
                    .append(errors.get(i).message(Language.EN));
        }
        if (errors.size() > 3) text.append("; and ").append(errors.size() - 3).append(" more");
        return text.toString();
    }
}
