package org.silkgate.ap.reporting;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XPathCompiler;
import net.sf.saxon.s9api.XdmDestination;
import net.sf.saxon.s9api.XdmItem;
import net.sf.saxon.s9api.XsltExecutable;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Checks a report against its official XSD and Schematron, as OpenPeppol publishes them (inside
 * {@code phive-rules-peppol}: the XSDs and the Schematron already compiled to XSLT, run here on Saxon-HE). Compile one
 * per report type and reuse it: compiling the XSLT is the slow part. Thread-safe.
 */
public final class ReportValidator {
    private static final String SVRL = "http://purl.oclc.org/dsdl/svrl";
    private static final Pattern RULE_ID = Pattern.compile("\\[([A-Z0-9-]+)\\]");

    private final String name;
    private final Schema schema;
    private final XsltExecutable schematron;
    private final XPathCompiler svrl;

    private ReportValidator(String name, Schema schema, XsltExecutable schematron, XPathCompiler svrl) {
        this.name = name;
        this.schema = schema;
        this.schematron = schematron;
        this.svrl = svrl;
    }

    /** TSR: the 1.0.1 XSD and the 1.0.5 Schematron. */
    public static ReportValidator transactionStatistics() {
        return of(
                "TSR",
                "external/schemas/peppol-transaction-statistics-reporting-1.0.1.xsd",
                "external/schematron/reporting/tsr/1.0.5/xslt/peppol-transaction-statistics-reporting-1.0.5.xslt");
    }

    /** EUSR: the 1.1 XSD and the 1.1.5 Schematron. */
    public static ReportValidator endUserStatistics() {
        return of(
                "EUSR",
                "external/schemas/peppol-end-user-statistics-reporting-1.1.xsd",
                "external/schematron/reporting/eusr/1.1.5/xslt/peppol-end-user-statistics-reporting-1.1.5.xslt");
    }

    private static ReportValidator of(String name, String xsd, String xslt) {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            Schema schema = factory.newSchema(resource(xsd));
            Processor processor = new Processor(false);
            URL stylesheet = resource(xslt);
            XsltExecutable executable;
            try (InputStream in = stylesheet.openStream()) {
                executable = processor.newXsltCompiler().compile(new StreamSource(in, stylesheet.toExternalForm()));
            }
            XPathCompiler svrl = processor.newXPathCompiler();
            svrl.declareNamespace("svrl", SVRL);
            return new ReportValidator(name, schema, executable, svrl);
        } catch (SAXException | SaxonApiException | IOException e) {
            throw new IllegalStateException("cannot load the " + name + " rules: " + e.getMessage(), e);
        }
    }

    private static URL resource(String path) {
        URL url = ReportValidator.class.getClassLoader().getResource(path);
        if (url == null) throw new IllegalStateException(path + " is not on the class path (phive-rules-peppol)");
        return url;
    }

    /**
     * What is wrong with the report: an XSD error ({@code XSD: …}) stops there; otherwise each failed Schematron
     * assertion, starting with its rule id ({@code [SCH-TSR-05] The sum …}). Empty when the report is valid.
     */
    public List<String> problems(byte[] report) {
        try {
            schema.newValidator().validate(new StreamSource(new ByteArrayInputStream(report)));
        } catch (SAXParseException e) {
            return List.of("XSD: line " + e.getLineNumber() + ": " + e.getMessage());
        } catch (SAXException | IOException e) {
            return List.of("XSD: " + e.getMessage());
        }
        try {
            XdmDestination result = new XdmDestination();
            schematron.load30().transform(new StreamSource(new ByteArrayInputStream(report)), result);
            List<String> problems = new ArrayList<>();
            // these rule sets mark no flags: every failed assertion is an error
            for (XdmItem failed : svrl.evaluate("//svrl:failed-assert", result.getXdmNode())) {
                String text = svrl.evaluateSingle("normalize-space(svrl:text)", failed)
                        .getStringValue();
                problems.add(text);
            }
            return List.copyOf(problems);
        } catch (SaxonApiException e) {
            throw new IllegalStateException("cannot run the " + name + " Schematron: " + e.getMessage(), e);
        }
    }

    /** Throws naming the first broken rule, unless the report is valid. */
    public void check(byte[] report) {
        List<String> problems = problems(report);
        if (!problems.isEmpty()) throw new ReportRefused(name, problems);
    }

    /** A report that breaks its format's rules: it is not written. */
    public static final class ReportRefused extends RuntimeException {
        private final List<String> problems;

        ReportRefused(String report, List<String> problems) {
            super(report + " breaks " + ruleId(problems.get(0)) + ": " + problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
            this.problems = problems;
        }

        /** Each broken rule's message, starting with its id. */
        public List<String> problems() {
            return problems;
        }

        /** The ids of the broken rules ({@code SCH-TSR-05}, or {@code XSD}). */
        public List<String> ruleIds() {
            return problems.stream().map(ReportRefused::ruleId).toList();
        }

        private static String ruleId(String problem) {
            if (problem.startsWith("XSD:")) return "XSD";
            Matcher id = RULE_ID.matcher(problem);
            return id.find() ? id.group(1) : "a rule";
        }
    }
}
