package org.silkgate.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verdict on one document and the findings of every layer that ran ("xml", "xsd", "document-type", then one per
 * Schematron rule set). Data only: the raw SVRL comes from {@link DocumentValidator#svrl}, on demand.
 */
public record ValidationReport(
        String documentName, Outcome outcome, Optional<DocumentType> documentType, List<LayerResult> layers) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ValidationReport {
        layers = List.copyOf(layers);
    }

    /** VALID, possibly with warnings. */
    public boolean valid() {
        return outcome == Outcome.VALID;
    }

    public List<Finding> findings() {
        List<Finding> all = new ArrayList<>();
        layers.forEach(l -> all.addAll(l.findings()));
        return all;
    }

    /**
     * This report with the named rules waived: their fatal findings become warnings (marked as waived, so the
     * evidence stays), and a document invalid only through them becomes valid. A document that is not XML or of no
     * known type stays as it is: only rules can be waived.
     */
    public ValidationReport waiving(java.util.Set<String> ruleIds) {
        if (outcome != Outcome.INVALID || ruleIds.isEmpty()) return this;
        List<LayerResult> waived = new ArrayList<>();
        for (LayerResult layer : layers) {
            List<Finding> findings = new ArrayList<>();
            for (Finding f : layer.findings()) {
                if (!f.fatal() || !ruleIds.contains(f.ruleId())) {
                    findings.add(f);
                    continue;
                }
                java.util.Map<Language, String> messages = new java.util.EnumMap<>(Language.class);
                f.messages().forEach((language, text) -> messages.put(language, "(waived) " + text));
                findings.add(new Finding(
                        f.layer(), f.ruleId(), Severity.WARNING, messages, f.location(), f.line(), f.column()));
            }
            waived.add(new LayerResult(layer.layer(), findings));
        }
        boolean anyFatal = waived.stream().anyMatch(l -> !l.passed());
        return new ValidationReport(documentName, anyFatal ? Outcome.INVALID : Outcome.VALID, documentType, waived);
    }

    /** The fatal findings: what makes the document invalid. */
    public List<Finding> errors() {
        return findings().stream().filter(Finding::fatal).toList();
    }

    public List<Finding> warnings() {
        return findings().stream().filter(f -> !f.fatal()).toList();
    }

    /** The report as a JSON object, messages in the given language (English where a rule has no translation). */
    public String toJson(Language language) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJsonNode(language));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise report", e);
        }
    }

    /** Several reports as one JSON array. */
    public static String toJson(List<ValidationReport> reports, Language language) {
        ArrayNode array = JSON.createArrayNode();
        reports.forEach(r -> array.add(r.toJsonNode(language)));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise reports", e);
        }
    }

    ObjectNode toJsonNode(Language language) {
        ObjectNode root = JSON.createObjectNode();
        root.put("document", documentName);
        root.put("outcome", outcome.name());
        root.put("valid", valid());
        documentType.ifPresent(t -> {
            ObjectNode type = root.putObject("documentType");
            type.put("specification", t.specification());
            type.put("rootNamespace", t.rootNamespace());
            type.put("rootName", t.rootName());
            type.put("customizationId", t.customizationId());
            type.put("profileId", t.profileId());
            type.put("ublVersion", t.ublVersion());
        });
        root.put("errors", errors().size());
        root.put("warnings", warnings().size());
        ArrayNode layerArray = root.putArray("layers");
        for (LayerResult layer : layers) {
            ObjectNode l = layerArray.addObject();
            l.put("layer", layer.layer());
            l.put("passed", layer.passed());
            ArrayNode findings = l.putArray("findings");
            for (Finding f : layer.findings()) {
                ObjectNode o = findings.addObject();
                o.put("ruleId", f.ruleId());
                o.put("severity", f.severity().name());
                o.put("message", f.message(language));
                if (!f.location().isEmpty()) o.put("location", f.location());
                if (f.line() > 0) o.put("line", f.line());
                if (f.column() > 0) o.put("column", f.column());
            }
        }
        return root;
    }

    /** One line with the verdict, then one indented line per finding. */
    public String toText(Language language) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "%-8s %s", outcome == Outcome.UNKNOWN_DOCUMENT_TYPE ? "UNKNOWN" : outcome.name(), documentName));
        documentType.ifPresent(t -> out.append("  [")
                .append(t.specification())
                .append(", ")
                .append(t.rootName())
                .append(']'));
        int errors = errors().size(), warnings = warnings().size();
        if (errors + warnings > 0) {
            out.append("  ").append(errors).append(errors == 1 ? " error" : " errors");
            out.append(", ").append(warnings).append(warnings == 1 ? " warning" : " warnings");
        }
        out.append('\n');
        for (Finding f : findings()) {
            out.append(String.format("  %-7s %-10s %s: %s", f.severity(), f.layer(), f.ruleId(), f.message(language)));
            if (!f.location().isEmpty()) out.append("\n          at ").append(f.location());
            if (f.line() > 0)
                out.append(f.location().isEmpty() ? "\n          at" : "")
                        .append(" (line ")
                        .append(f.line())
                        .append(", column ")
                        .append(f.column())
                        .append(')');
            out.append('\n');
        }
        return out.toString();
    }

    /** Findings by layer name, in layer order; convenient in tests and renderers. */
    public Map<String, List<Finding>> findingsByLayer() {
        Map<String, List<Finding>> map = new LinkedHashMap<>();
        layers.forEach(l -> map.put(l.layer(), l.findings()));
        return map;
    }
}
