package org.silkgate.validation;

import java.util.Map;

/**
 * One finding of one layer.
 *
 * @param layer    "xml", "xsd", "document-type" or the name of a Schematron rule set
 * @param ruleId   the rule's identifier, e.g. {@code BR-CO-15} or {@code CAREC-TND-R001}
 * @param messages the message per language; English is always there
 * @param location a readable XPath such as {@code /Invoice/cac:InvoiceLine[2]/cbc:InvoicedQuantity}, or "" when none
 * @param line     1-based line in the document, -1 when unknown
 * @param column   1-based column, -1 when unknown
 */
public record Finding(
        String layer,
        String ruleId,
        Severity severity,
        Map<Language, String> messages,
        String location,
        int line,
        int column) {

    public Finding {
        messages = Map.copyOf(messages);
        if (!messages.containsKey(Language.EN))
            throw new IllegalArgumentException("a finding needs an English message");
    }

    /** A finding with an English message only. */
    public static Finding of(String layer, String ruleId, Severity severity, String message, int line, int column) {
        return new Finding(layer, ruleId, severity, Map.of(Language.EN, message), "", line, column);
    }

    /** The message in that language, falling back to English when the rule has no translation. */
    public String message(Language language) {
        String text = messages.get(language);
        return text != null ? text : messages.get(Language.EN);
    }

    public boolean fatal() {
        return severity == Severity.FATAL;
    }
}
