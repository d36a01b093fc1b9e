package org.silkgate.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.s9api.Destination;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.SAXDestination;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.Serializer;
import net.sf.saxon.s9api.TeeDestination;
import net.sf.saxon.s9api.XdmDestination;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.Xslt30Transformer;
import net.sf.saxon.s9api.XsltCompiler;
import net.sf.saxon.s9api.XsltExecutable;
import org.silkgate.validation.DocumentTypeRegistry.RuleSource;

/**
 * One Schematron rule set compiled to an XSLT executable. The executable is immutable and shared by all threads;
 * each run loads its own transformer.
 */
final class SchematronLayer {
    /** SchXslt 1's one-step compiler from ISO Schematron to XSLT producing SVRL. */
    private static final String SCHXSLT_PIPELINE = "xslt/2.0/pipeline-for-svrl.xsl";

    private static final String SKIP_IDLE_WALKS = "org/silkgate/validation/skip-idle-walks.xsl";

    /** The result of running the rules on one document. */
    record Run(List<Finding> findings, String svrl) {}

    private final String name;
    private final XsltExecutable executable;

    private SchematronLayer(String name, XsltExecutable executable) {
        this.name = name;
        this.executable = executable;
    }

    /** A layer from an executable compiled elsewhere (tests compare the artefacts as shipped with the rewrite). */
    static SchematronLayer of(String name, XsltExecutable executable) {
        return new SchematronLayer(name, executable);
    }

    String name() {
        return name;
    }

    /** Compiles a rule set: an ISO Schematron source through SchXslt first, a pre-compiled XSLT directly. */
    static SchematronLayer compile(Processor processor, RuleSource source, Compilers compilers) {
        URL url = resource(source.resource(), source.layer());
        XsltCompiler compiler = processor.newXsltCompiler();
        try (InputStream in = url.openStream()) {
            StreamSource stylesheet = new StreamSource(in, url.toExternalForm());
            if (source.kind() == RuleSource.Kind.XSLT) {
                XdmDestination streamlined = new XdmDestination();
                compilers.skipIdleWalks().load30().transform(stylesheet, streamlined);
                return new SchematronLayer(
                        source.layer(),
                        compiler.compile(streamlined.getXdmNode().asSource()));
            }
            Xslt30Transformer transpile = compilers.schxslt().load30();
            XdmDestination compiled = new XdmDestination();
            transpile.transform(stylesheet, compiled);
            XdmNode xslt = compiled.getXdmNode();
            return new SchematronLayer(source.layer(), compiler.compile(xslt.asSource()));
        } catch (SaxonApiException e) {
            throw new IllegalStateException(
                    "rule set " + source.layer() + " (" + source.resource() + ") does not compile: " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read rule set " + source.resource() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The stylesheets that prepare rule sets, compiled once: SchXslt (ISO Schematron to XSLT) and the rewrite that
     * drops the output-free document walks of ISO-skeleton artefacts ({@code skip-idle-walks.xsl}).
     */
    record Compilers(XsltExecutable schxslt, XsltExecutable skipIdleWalks) {
        static Compilers load(Processor processor) {
            return new Compilers(
                    stylesheet(processor, SCHXSLT_PIPELINE, "the SchXslt compiler"),
                    stylesheet(processor, SKIP_IDLE_WALKS, "the ISO-skeleton rewrite"));
        }

        private static XsltExecutable stylesheet(Processor processor, String path, String what) {
            URL url = resource(path, what);
            try (InputStream in = url.openStream()) {
                return processor.newXsltCompiler().compile(new StreamSource(in, url.toExternalForm()));
            } catch (SaxonApiException | IOException e) {
                throw new IllegalStateException("cannot load " + what + ": " + e.getMessage(), e);
            }
        }
    }

    /** Runs the rules on a document; when asked, the raw SVRL is serialised on the way, in the same pass. */
    Run run(XdmNode document, boolean keepSvrl) {
        SvrlCollector collector = new SvrlCollector();
        Xslt30Transformer transformer = executable.load30();
        StringWriter svrl = keepSvrl ? new StringWriter() : null;
        Destination destination = new SAXDestination(collector);
        if (keepSvrl) {
            Serializer serializer = executable.getProcessor().newSerializer(svrl);
            destination = new TeeDestination(destination, serializer);
        }
        try {
            // the ISO-skeleton artefacts read document-uri(/) in a global variable
            transformer.setGlobalContextItem(document);
            transformer.applyTemplates(document, destination);
        } catch (SaxonApiException e) {
            throw new IllegalStateException("rule set " + name + " failed to run: " + e.getMessage(), e);
        }
        List<Finding> findings = new ArrayList<>(collector.findings().size());
        for (SvrlCollector.RawFinding raw : collector.findings()) {
            Locations.Resolved where = Locations.resolve(raw.location(), document);
            findings.add(new Finding(
                    name,
                    raw.ruleId(),
                    raw.severity(),
                    raw.messages(),
                    where.readable(),
                    where.line(),
                    where.column()));
        }
        return new Run(findings, keepSvrl ? svrl.toString() : "");
    }

    private static URL resource(String path, String what) {
        URL url = SchematronLayer.class.getClassLoader().getResource(path);
        if (url == null) {
            throw new IllegalStateException("rule set " + what + " is missing: " + path + " is not on the class path");
        }
        return url;
    }
}
