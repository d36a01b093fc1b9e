package org.silkgate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.schemas.xml.HostileXml;

/** What an attacker or a careless sender may send: each is refused with a message naming what is wrong. */
class BadInputTest {
    private static final String INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";

    @BeforeAll
    static void compileRulesBeforeAnyTimedCheck() {
        SharedValidator.get();
    }

    private static ValidationReport validate(String xml) {
        return SharedValidator.get().validate(xml.getBytes(StandardCharsets.UTF_8), "input.xml");
    }

    @Test
    void xxeReferencingALocalFileIsRejectedAndTheFileNeverAppears(@TempDir Path dir) throws IOException {
        String secret = "silkgate-secret-" + System.nanoTime();
        Path file = Files.writeString(dir.resolve("passwd"), secret);
        ValidationReport report = validate(HostileXml.xxe(file, "Invoice", INVOICE_NS));

        assertEquals(Outcome.NOT_XML, report.outcome());
        assertEquals("XML-DTD-FORBIDDEN", report.errors().get(0).ruleId());
        for (Language language : Language.values()) {
            assertFalse(report.toJson(language).contains(secret));
            assertFalse(report.toText(language).contains(secret));
        }
    }

    @Test
    void aBillionLaughsBombIsRejectedWithinASecond() {
        ValidationReport report =
                assertTimeoutPreemptively(Duration.ofSeconds(1), () -> validate(HostileXml.billionLaughs()));
        assertEquals(Outcome.NOT_XML, report.outcome());
        assertTrue(report.errors().get(0).message(Language.EN).contains("DOCTYPE"));
    }

    @Test
    void a300MegabyteFileIsRefusedWithASizeError(@TempDir Path dir) throws IOException {
        Path big = HostileXml.writeLargeDocument(
                dir.resolve("huge-invoice.xml"), 300L * 1024 * 1024, "Invoice", INVOICE_NS);
        ValidationReport report = SharedValidator.get().validate(big);
        assertEquals(Outcome.NOT_XML, report.outcome());
        assertEquals("XML-TOO-LARGE", report.errors().get(0).ruleId());
        assertTrue(report.errors().get(0).message(Language.EN).contains("too large"));
    }

    @Test
    void aNonUblDocumentIsAnUnknownDocumentTypeNamingItsRootElement() {
        ValidationReport report = validate("<purchase xmlns='urn:example:legacy'><item>bolts</item></purchase>");
        assertEquals(Outcome.UNKNOWN_DOCUMENT_TYPE, report.outcome());
        String message = report.errors().get(0).message(Language.EN);
        assertTrue(message.contains("'purchase'") && message.contains("urn:example:legacy"), message);
    }

    @Test
    void brokenXmlIsNotXmlWithItsLine() {
        ValidationReport report =
                validate("<Invoice xmlns='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'>\n<a></b>");
        assertEquals(Outcome.NOT_XML, report.outcome());
        assertEquals("XML-NOT-WELL-FORMED", report.errors().get(0).ruleId());
        assertEquals(2, report.errors().get(0).line());
    }

    @Test
    void aMissingFileIsReportedAsUnreadable(@TempDir Path dir) {
        ValidationReport report = SharedValidator.get().validate(dir.resolve("nope.xml"));
        assertEquals(Outcome.NOT_XML, report.outcome());
        assertEquals("XML-UNREADABLE", report.errors().get(0).ruleId());
    }
}
