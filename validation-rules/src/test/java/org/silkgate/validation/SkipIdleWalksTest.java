package org.silkgate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URL;
import java.util.List;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.s9api.DocumentBuilder;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.XdmDestination;
import net.sf.saxon.s9api.XdmNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.silkgate.validation.DocumentTypeRegistry.RuleSource;
import org.silkgate.validation.examples.Examples;
import org.silkgate.validation.examples.Examples.Example;

/** The load-time rewrite of the Peppol artefacts changes how much they walk, never what they report. */
class SkipIdleWalksTest {
    private static final String PEPPOL_SCHEMATRON = "external/schematron/";
    private static Processor processor;
    private static SchematronLayer.Compilers compilers;

    @BeforeAll
    static void loadTheRewrite() {
        processor = new Processor(false);
        compilers = SchematronLayer.Compilers.load(processor);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "openpeppol/2025.11/xslt/CEN-EN16931-UBL, billing",
        "openpeppol/2025.11/xslt/PEPPOL-EN16931-UBL, billing",
        "mls/1.0.0/xslt/peppol-mls-1.0.0, mls",
        "openpeppol/2025.11/xslt/PEPPOLBIS-T71, mlr",
        "openpeppol/2025.11/xslt/PEPPOLBIS-T111, invoice-response"
    })
    void theRewrittenPeppolArtefactGivesByteIdenticalSvrlOnEveryExampleOfItsSpecification(
            String artefact, String folder) throws Exception {
        String resource = PEPPOL_SCHEMATRON + artefact + ".xslt";
        URL url = getClass().getClassLoader().getResource(resource);
        SchematronLayer asShipped = SchematronLayer.of(
                artefact, processor.newXsltCompiler().compile(new StreamSource(url.toExternalForm())));
        SchematronLayer rewritten = SchematronLayer.compile(processor, RuleSource.xslt(artefact, resource), compilers);

        List<Example> examples = Examples.of(folder);
        assertFalse(examples.isEmpty());
        for (Example example : examples) {
            DocumentBuilder builder = processor.newDocumentBuilder();
            builder.setLineNumbering(true);
            XdmNode document = builder.build(new StreamSource(new ByteArrayInputStream(example.bytes())));
            assertEquals(
                    asShipped.run(document, true).svrl(),
                    rewritten.run(document, true).svrl(),
                    example.toString());
        }
    }

    @Test
    void dropsTheIdleWalksOfTheSkeleton() throws Exception {
        String rewritten = rewrite(skeleton(""));
        assertFalse(rewritten.contains("<xsl:apply-templates/>"), rewritten);
        assertTrue(rewritten.contains("mode=\"M1\""), rewritten);
    }

    @Test
    void leavesAStylesheetWithOtherDefaultModeRulesUnchanged() throws Exception {
        // here the bare apply-templates would reach a rule that emits something: it must stay
        String rewritten = rewrite(skeleton("<xsl:template match=\"*\"><seen/></xsl:template>"));
        assertTrue(rewritten.contains("<xsl:apply-templates/>"), rewritten);
    }

    private static String skeleton(String extraRule) {
        return """
                <xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                                xmlns:svrl="http://purl.oclc.org/dsdl/svrl">
                  <xsl:template match="text()" priority="-1"/>
                  %s
                  <xsl:template match="/">
                    <svrl:schematron-output>
                      <svrl:active-pattern><xsl:apply-templates/></svrl:active-pattern>
                      <xsl:apply-templates select="/" mode="M1"/>
                    </svrl:schematron-output>
                  </xsl:template>
                  <xsl:template match="@*|node()" mode="M1" priority="-2"><xsl:apply-templates select="@*|*" mode="M1"/></xsl:template>
                </xsl:stylesheet>""".formatted(extraRule);
    }

    private static String rewrite(String stylesheet) throws Exception {
        XdmDestination out = new XdmDestination();
        compilers.skipIdleWalks().load30().transform(new StreamSource(new StringReader(stylesheet)), out);
        return out.getXdmNode().toString();
    }
}
