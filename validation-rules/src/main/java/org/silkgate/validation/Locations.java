package org.silkgate.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.sf.saxon.s9api.Axis;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmNodeKind;
import net.sf.saxon.s9api.XdmSequenceIterator;

/**
 * Turns the SVRL location of a finding into a readable path with the usual UBL prefixes and, by walking the
 * line-numbered tree, a line and column. Understands the ISO-skeleton form ({@code *:x[namespace-uri()='...'][1]})
 * used by the Peppol artefacts and SchXslt's form ({@code Q{ns}x[1]}).
 */
final class Locations {
    private static final Map<String, String> PREFIXES = Map.of(
            "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2", "cbc",
            "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2", "cac",
            "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2", "ext",
            "urn:oasis:names:specification:ubl:schema:xsd:QualifiedDataTypes-2", "qdt",
            "urn:oasis:names:specification:ubl:schema:xsd:UnqualifiedDataTypes-2", "udt",
            "http://www.w3.org/2000/09/xmldsig#", "ds");

    /** A resolved location; line and column are -1 when the path could not be followed. */
    record Resolved(String readable, int line, int column) {}

    private record Step(boolean attribute, String namespace, String localName, int index, String other) {}

    private Locations() {}

    static Resolved resolve(String svrlLocation, XdmNode document) {
        if (svrlLocation == null || svrlLocation.isBlank()) return new Resolved("", -1, -1);
        List<Step> steps = parse(svrlLocation);
        if (steps == null) return new Resolved(svrlLocation, -1, -1);
        String rootNs = steps.isEmpty() ? "" : steps.get(0).namespace();
        StringBuilder readable = new StringBuilder();
        XdmNode node = document;
        boolean found = true;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            readable.append('/').append(render(step, rootNs, i == 0));
            if (found) {
                XdmNode next = step.other() != null ? null : follow(node, step);
                if (next == null) found = false;
                else node = next;
            }
        }
        if (!found || node == document) return new Resolved(readable.toString(), -1, -1);
        return new Resolved(readable.toString(), node.getLineNumber(), node.getColumnNumber());
    }

    private static XdmNode follow(XdmNode node, Step step) {
        if (step.attribute()) {
            XdmSequenceIterator<XdmNode> attributes = node.axisIterator(Axis.ATTRIBUTE);
            while (attributes.hasNext()) {
                XdmNode a = attributes.next();
                if (a.getNodeName().getLocalName().equals(step.localName())
                        && a.getNodeName().getNamespace().equals(step.namespace())) {
                    return node; // attributes carry no position of their own: point at the element
                }
            }
            return null;
        }
        int seen = 0;
        XdmSequenceIterator<XdmNode> children = node.axisIterator(Axis.CHILD);
        while (children.hasNext()) {
            XdmNode child = children.next();
            if (child.getNodeKind() != XdmNodeKind.ELEMENT) continue;
            if (!child.getNodeName().getLocalName().equals(step.localName())) continue;
            if (step.namespace() != null && !child.getNodeName().getNamespace().equals(step.namespace())) continue;
            if (++seen == step.index()) return child;
        }
        return null;
    }

    private static String render(Step step, String rootNs, boolean first) {
        if (step.other() != null) return step.other();
        String prefix = step.namespace() == null ? null : PREFIXES.get(step.namespace());
        String name = prefix != null
                ? prefix + ":" + step.localName()
                : step.namespace() == null
                                || step.namespace().isEmpty()
                                || step.namespace().equals(rootNs)
                        ? step.localName()
                        : "*:" + step.localName();
        if (step.attribute()) return "@" + name;
        return first ? name : name + "[" + step.index() + "]";
    }

    /** Splits the path into steps; null when it has a form this class does not know. */
    private static List<Step> parse(String path) {
        List<String> parts = split(path);
        if (parts == null) return null;
        List<Step> steps = new ArrayList<>();
        for (String part : parts) {
            Step step = step(part);
            if (step == null) return null;
            steps.add(step);
        }
        return steps;
    }

    private static List<String> split(String path) {
        if (!path.startsWith("/")) return null;
        List<String> parts = new ArrayList<>();
        int brackets = 0, braces = 0;
        char quote = 0;
        int start = 1;
        for (int i = 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') quote = c;
            else if (c == '[') brackets++;
            else if (c == ']') brackets--;
            else if (c == '{') braces++;
            else if (c == '}') braces--;
            else if (c == '/' && brackets == 0 && braces == 0) {
                parts.add(path.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(path.substring(start));
        return parts;
    }

    private static Step step(String part) {
        boolean attribute = part.startsWith("@");
        String rest = attribute ? part.substring(1) : part;
        String namespace = null;
        String local;
        // @*[local-name()='schemeID' and namespace-uri()='']
        if (rest.startsWith("*[local-name()=")) {
            local = quotedAfter(rest, "local-name()=");
            namespace = quotedAfter(rest, "namespace-uri()=");
            if (local == null) return null;
            return new Step(attribute, namespace == null ? "" : namespace, local, 1, null);
        }
        if (rest.startsWith("Q{")) {
            int close = rest.indexOf('}');
            namespace = rest.substring(2, close);
            rest = rest.substring(close + 1);
        } else if (rest.startsWith("*:")) {
            rest = rest.substring(2);
        } else if (rest.contains("(")) {
            return new Step(false, null, null, 0, rest); // text(), comment(), ...: shown as is, not followed
        }
        int bracket = rest.indexOf('[');
        local = bracket < 0 ? rest : rest.substring(0, bracket);
        int colon = local.indexOf(':');
        if (colon >= 0) local = local.substring(colon + 1); // an unknown prefix: match by local name
        String predicates = bracket < 0 ? "" : rest.substring(bracket);
        if (namespace == null) namespace = quotedAfter(predicates, "namespace-uri()=");
        if (namespace == null && part.startsWith("*:")) return null;
        int index = 1;
        int last = predicates.lastIndexOf('[');
        if (last >= 0) {
            String n = predicates.substring(last + 1, predicates.length() - 1);
            if (n.chars().allMatch(Character::isDigit) && !n.isEmpty()) index = Integer.parseInt(n);
        }
        return new Step(attribute, attribute && namespace == null ? "" : namespace, local, index, null);
    }

    private static String quotedAfter(String s, String marker) {
        int at = s.indexOf(marker);
        if (at < 0) return null;
        int open = at + marker.length();
        if (open >= s.length()) return null;
        char quote = s.charAt(open);
        if (quote != '\'' && quote != '"') return null;
        int close = s.indexOf(quote, open + 1);
        return close < 0 ? null : s.substring(open + 1, close);
    }
}
