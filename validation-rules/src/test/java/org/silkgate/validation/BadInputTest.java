package org.silkgate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an attacker or a careless sender may send: each is refused with a message naming what is wrong. */
class BadInputTest {

    @BeforeAll
    static void compileRulesBeforeAnyTimedCheck() { SharedValidator.get(); }

    private static ValidationReport validate(String xml) {
        return SharedValidator.get().validate(xml.getBytes(StandardCharsets.UTF_8), "input.xml");
    }

    @Test
    void xxeReferencingALocalFileIsRejectedAndTheFileNeverAppears(@TempDir Path dir) throws IOException {
        String secret = "silkgate-secret-" + System.nanoTime();
        Path file = Files.writeString(dir.resolve("passwd"), secret);
        ValidationReport report = validate("<?xml version='1.0'?><!DOCTYPE Invoice [<!ENTITY x SYSTEM '"
                + file.toUri() + "'>]><Invoice xmlns='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'>"
                + "<ID xmlns='urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2'>&x;</ID></Invoice>");

        assertEquals(Outcome.NOT_XML, report.outcome());
        assertEquals("XML-DTD-FORBIDDEN", report.errors().get(0).ruleId());
        for (Language language : Language.values()) {
            assertFalse(report.toJson(language).contains(secret));
            assertFalse(report.toText(language).contains(secret));
        }
    }

    @Test
    void aBillionLaughsBombIsRejectedWithinASecond() {
        StringBuilder bomb = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>");
        for (int i = 1; i <= 9; i++) {
            bomb.append("<!ENTITY lol").append(i).append(" '")
                    .append(("&lol" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10)).append("'>");
        }
        bomb.append("]><lolz>&lol9;</lolz>");

        ValidationReport report = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> validate(bomb.toString()));
        assertEquals(Outcome.NOT_XML, report.outcome());
        assertTrue(report.errors().get(0).message(Language.EN).contains("DOCTYPE"));
    }

    @Test
    void a300MegabyteFileIsRefusedWithASizeError(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("huge-invoice.xml");
        try (OutputStream out = Files.newOutputStream(big)) {
            out.write("<Invoice xmlns='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'>".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "<Note>padding</Note>".repeat(4096).getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written < 300L * 1024 * 1024; written += chunk.length) out.write(chunk);
            out.write("</Invoice>".getBytes(StandardCharsets.US_ASCII));
        }
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
        ValidationReport report = validate("<Invoice xmlns='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'>\n<a></b>");
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
