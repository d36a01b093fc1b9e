package org.silkgate.validation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads the failed asserts and successful reports out of an SVRL event stream without building the SVRL tree.
 * Translations come from {@code svrl:diagnostic-reference}: a diagnostic whose id ends in {@code -ru} or {@code -zh}
 * (or that carries {@code xml:lang}) is the message in that language.
 */
final class SvrlCollector extends DefaultHandler {
    static final String SVRL_NS = "http://purl.oclc.org/dsdl/svrl";
    private static final String XML_NS = "http://www.w3.org/XML/1998/namespace";

    /** A finding as SVRL states it, before its location is resolved against the document. */
    record RawFinding(String ruleId, Severity severity, Map<Language, String> messages, String location) {}

    private final List<RawFinding> findings = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private String ruleId;
    private Severity severity;
    private String location;
    private Map<Language, String> messages;
    private Language diagnosticLanguage;
    private boolean inDiagnostic;
    private int textDepth;

    List<RawFinding> findings() {
        return findings;
    }

    @Override
    public void startElement(String uri, String local, String qName, Attributes atts) {
        if (textDepth > 0) {
            textDepth++;
            return;
        }
        if (!SVRL_NS.equals(uri)) return;
        switch (local) {
            case "failed-assert", "successful-report" -> {
                ruleId = atts.getValue("id");
                severity = severity(atts.getValue("flag"), atts.getValue("role"));
                location = atts.getValue("location");
                messages = new EnumMap<>(Language.class);
            }
            case "diagnostic-reference" -> {
                if (messages == null) return;
                inDiagnostic = true;
                diagnosticLanguage = language(atts.getValue(XML_NS, "lang"), atts.getValue("diagnostic"));
            }
            case "text" -> {
                if (messages == null) return;
                textDepth = 1;
                text.setLength(0);
            }
            default -> {}
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (textDepth > 0) text.append(ch, start, length);
    }

    @Override
    public void endElement(String uri, String local, String qName) {
        if (textDepth > 0) {
            if (--textDepth > 0) return;
            String message = text.toString().replaceAll("\\s+", " ").trim();
            if (!inDiagnostic) {
                messages.put(Language.EN, message);
            } else if (diagnosticLanguage != null) {
                messages.put(diagnosticLanguage, message);
            }
            return;
        }
        if (!SVRL_NS.equals(uri)) return;
        switch (local) {
            case "diagnostic-reference" -> {
                inDiagnostic = false;
                diagnosticLanguage = null;
            }
            case "failed-assert", "successful-report" -> {
                if (messages.get(Language.EN) == null) messages.put(Language.EN, "rule " + ruleId + " failed");
                findings.add(new RawFinding(
                        ruleId == null ? "(no id)" : ruleId, severity, messages, location == null ? "" : location));
                messages = null;
            }
            default -> {}
        }
    }

    /** ph-schematron's mapping: the flag decides, else the role; fatal/error or nothing at all is fatal. */
    static Severity severity(String flag, String role) {
        String level = flag != null ? flag : role;
        if (level == null) return Severity.FATAL;
        return switch (level.trim().toLowerCase(Locale.ROOT)) {
            case "warning", "warn" -> Severity.WARNING;
            case "info", "information" -> Severity.INFO;
            default -> Severity.FATAL;
        };
    }

    private static Language language(String xmlLang, String diagnosticId) {
        String code = xmlLang;
        if (code == null
                && diagnosticId != null
                && diagnosticId.length() > 3
                && diagnosticId.charAt(diagnosticId.length() - 3) == '-') {
            code = diagnosticId.substring(diagnosticId.length() - 2);
        }
        if (code == null) return null;
        code = code.toLowerCase(Locale.ROOT);
        if (code.startsWith("ru")) return Language.RU;
        if (code.startsWith("zh")) return Language.ZH;
        return null;
    }
}
