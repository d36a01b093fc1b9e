package org.silkgate.validation.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XPathCompiler;
import net.sf.saxon.s9api.XdmItem;
import net.sf.saxon.s9api.XdmNode;

/** The three CAREC Schematron rule sets as written: every assert/report with its flag and its three messages. */
final class CarecRuleSets {
    private static final String SCH_NS = "http://purl.oclc.org/dsdl/schematron";

    /**
     * One CAREC rule set: its class-path resource, its rule prefix and the example folder holding its documents.
     */
    enum RuleSet {
        TENDERING("carec-tendering.sch", "CAREC-TND-", "tendering"),
        ORDERING("carec-ordering.sch", "CAREC-ORD-", "ordering"),
        PAPERLESS_TRADE("carec-paperless-trade.sch", "CAREC-TRD-", "paperless-trade");

        final String resource;
        final String prefix;
        final String exampleFolder;

        RuleSet(String file, String prefix, String exampleFolder) {
            this.resource = "org/silkgate/validation/rules/" + file;
            this.prefix = prefix;
            this.exampleFolder = exampleFolder;
        }
    }

    /** One assert or report; {@code diagnostics} is its attribute, {@code ru}/{@code zh} the referenced texts. */
    record Rule(
            String id,
            String flag,
            String english,
            String diagnostics,
            String russian,
            String chinese,
            String russianLang,
            String chineseLang) {
        boolean fatal() {
            return "fatal".equals(flag);
        }
    }

    private static final Processor PROCESSOR = new Processor(false);

    private CarecRuleSets() {}

    static XdmNode document(RuleSet set) {
        URL url = CarecRuleSets.class.getClassLoader().getResource(set.resource);
        if (url == null) throw new IllegalStateException(set.resource + " is not on the class path");
        try (InputStream in = url.openStream()) {
            return PROCESSOR.newDocumentBuilder().build(new StreamSource(in, url.toExternalForm()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SaxonApiException e) {
            throw new IllegalStateException(set.resource + " is not well-formed: " + e.getMessage(), e);
        }
    }

    /** The rules of a set in document order. */
    static List<Rule> rules(RuleSet set) {
        XdmNode schema = document(set);
        XPathCompiler xpath = PROCESSOR.newXPathCompiler();
        xpath.declareNamespace("sch", SCH_NS);
        List<Rule> rules = new ArrayList<>();
        try {
            for (XdmItem item : xpath.evaluate("//(sch:assert | sch:report)", schema)) {
                XdmNode rule = (XdmNode) item;
                String id = attribute(rule, "id");
                rules.add(new Rule(
                        id,
                        attribute(rule, "flag"),
                        rule.getStringValue().trim(),
                        attribute(rule, "diagnostics"),
                        diagnostic(xpath, schema, id + "-ru", "."),
                        diagnostic(xpath, schema, id + "-zh", "."),
                        diagnostic(xpath, schema, id + "-ru", "@xml:lang"),
                        diagnostic(xpath, schema, id + "-zh", "@xml:lang")));
            }
        } catch (SaxonApiException e) {
            throw new IllegalStateException(e);
        }
        return rules;
    }

    private static String diagnostic(XPathCompiler xpath, XdmNode schema, String id, String what)
            throws SaxonApiException {
        XdmItem found = xpath.evaluateSingle("string((//sch:diagnostic[@id = '" + id + "'])[1]/" + what + ")", schema);
        return found == null ? "" : found.getStringValue().trim();
    }

    private static String attribute(XdmNode node, String name) {
        String value = node.getAttributeValue(new QName(name));
        return value == null ? "" : value;
    }
}
