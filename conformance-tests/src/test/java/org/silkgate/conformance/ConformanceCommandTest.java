package org.silkgate.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.AccessPoint;
import org.silkgate.conformance.cases.ConformanceCase;
import org.silkgate.conformance.cases.ProfileCases;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/**
 * {@code ./silkgate conformance} run against the Georgian access point of the in-process network, as against a remote
 * one: over TLS to the access point, its journal API and the SMP, trusting the PKI's {@code tls-truststore.p12}.
 */
@ExtendWith(SharedNetwork.class)
class ConformanceCommandTest {
    @TempDir
    static Path reports;

    private static int exitCode;
    private static String console;

    @BeforeAll
    static void runTheKitAgainstGeorgia() throws Exception {
        AccessPoint georgia = SharedNetwork.network().accessPoint("GE");
        Path token = java.nio.file.Files.writeString(
                reports.resolve("operator.token"), SharedNetwork.network().operatorToken("GE"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        exitCode = new CommandLine(new ConformanceCommand(new PrintStream(printed, true, StandardCharsets.UTF_8)))
                .execute(
                        "--ap",
                        georgia.as4Url(),
                        "--smp",
                        SharedNetwork.network().registry().baseUrl(),
                        "--pki",
                        SharedNetwork.network().pkiDir().toString(),
                        "--report",
                        reports.toString(),
                        "--api",
                        georgia.apiUrl(),
                        "--api-token-file",
                        token.toString(),
                        "--max-payload-bytes",
                        String.valueOf(SharedNetwork.GEORGIAN_MAX_PAYLOAD_BYTES));
        console = printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void passesEveryCaseAgainstTheGeorgianAccessPointAndExitsZero() {
        assertTrue(
                SharedNetwork.network().accessPoint("GE").as4Url().startsWith("https://"),
                "the kit talks TLS to the target");
        assertTrue(SharedNetwork.network().registry().baseUrl().startsWith("https://"), "and to the SMP");
        assertEquals(0, exitCode, console);
        int cases = ProfileCases.all().size();
        assertTrue(console.contains("passed: " + cases + " of " + cases), console);
    }

    @Test
    void writesAWellFormedJUnitReportWithEveryCasePassed() throws Exception {
        Document xml = parse(reports.resolve(ConformanceReport.XML_FILE));
        Element suite = xml.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals(String.valueOf(ProfileCases.all().size()), suite.getAttribute("tests"));
        assertEquals("0", suite.getAttribute("failures"));
        NodeList testcases = suite.getElementsByTagName("testcase");
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < testcases.getLength(); i++) names.add(((Element) testcases.item(i)).getAttribute("name"));
        assertEquals(ProfileCases.all().stream().map(ConformanceCase::id).collect(Collectors.toSet()), names);
        assertEquals(0, suite.getElementsByTagName("failure").getLength());
    }

    @Test
    void writesAnHtmlReportWithOnePassedRowPerCaseAndItsEvidence() throws Exception {
        String html = Files.readString(reports.resolve(ConformanceReport.HTML_FILE));
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        Document page = parse(reports.resolve(ConformanceReport.HTML_FILE));
        NodeList rows = page.getElementsByTagName("tr");
        assertEquals(ProfileCases.all().size() + 1, rows.getLength(), "a header row and one row per case");
        for (int i = 1; i < rows.getLength(); i++) {
            NodeList cells = ((Element) rows.item(i)).getElementsByTagName("td");
            assertEquals("passed", cells.item(2).getTextContent(), cells.item(0).getTextContent());
            assertTrue(
                    !cells.item(4).getTextContent().isBlank(),
                    "evidence of " + cells.item(0).getTextContent());
        }
        assertTrue(html.contains("journal API of the target"), "remote cases say what they could observe: " + html);
    }

    /** Parses as XML; the HTML report is written as well-formed XHTML-compatible markup so this works for both. */
    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(file.toFile());
    }
}
