package org.silkgate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.silkgate.validation.examples.Examples;
import org.silkgate.validation.examples.Examples.Example;

/**
 * The Peppol business responses (ApplicationResponse): Message Level Status 1.0, Message Level Response (T71) and
 * Invoice Response (T111) through the whole validator. Verdicts and rule IDs against phive are in
 * {@link PhiveAgreementTest}; this covers what is SilkGate's own: which rule set runs, the document-type finding, the
 * XSD stop, SBDH and languages.
 */
class PeppolResponsesTest {
    private static final Map<String, String> LAYER_BY_FOLDER =
            Map.of("mls", "PEPPOL-MLS", "mlr", "PEPPOLBIS-T71", "invoice-response", "PEPPOLBIS-T111");
    private static final Map<String, String> SPECIFICATION_BY_FOLDER = Map.of(
            "mls", "Peppol Message Level Status 1.0",
            "mlr", "Peppol BIS Message Level Response 3.0",
            "invoice-response", "Peppol BIS Invoice Response 3");

    private static ValidationReport validate(String xml, String name) {
        return SharedValidator.get().validate(xml.getBytes(StandardCharsets.UTF_8), name);
    }

    private static String text(Example example) {
        return new String(example.bytes(), StandardCharsets.UTF_8);
    }

    private static Example example(String folder, String file) {
        return Examples.of(folder, "ApplicationResponse").stream()
                .filter(e -> e.fileName().equals(file))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no example " + folder + "/ApplicationResponse/" + file));
    }

    static Stream<Example> responseExamples() {
        return LAYER_BY_FOLDER.keySet().stream().sorted().flatMap(folder -> Examples.of(folder).stream());
    }

    @Test
    void eachSpecificationHasAValidExampleAndAtLeastThreeInvalidOnes() {
        for (String folder : LAYER_BY_FOLDER.keySet()) {
            List<Example> examples = Examples.of(folder, "ApplicationResponse");
            assertTrue(examples.stream().anyMatch(e -> e.fileName().equals("valid.xml")), folder);
            assertTrue(examples.stream().filter(e -> !e.valid()).count() >= 3, folder);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responseExamples")
    void anExampleRunsTheRuleSetOfItsOwnSpecificationOnly(Example example) {
        ValidationReport report = SharedValidator.get().validate(example.bytes(), example.toString());
        assertEquals(
                SPECIFICATION_BY_FOLDER.get(example.specification()),
                report.documentType().orElseThrow().specification());
        assertEquals(
                List.of("xml", "xsd", LAYER_BY_FOLDER.get(example.specification())),
                List.copyOf(report.findingsByLayer().keySet()),
                report.toText(Language.EN));
        assertTrue(
                report.findingsByLayer().get("xsd").isEmpty(),
                "the examples are XSD-valid:\n" + report.toText(Language.EN));
    }

    @Test
    void aNegativeMlsWithABusinessRuleViolationIssueIsValid() {
        Example rejection = example("mls", "valid-rejection.xml");
        String xml = text(rejection);
        assertTrue(xml.contains("<cbc:ResponseCode>RE</cbc:ResponseCode>"));
        assertTrue(xml.contains("<cbc:StatusReasonCode>BV</cbc:StatusReasonCode>"));
        assertTrue(xml.contains("[BR-CO-15]"), "the issue names the broken rule");
        ValidationReport report = validate(xml, rejection.toString());
        assertEquals(Outcome.VALID, report.outcome(), report.toText(Language.EN));
        assertTrue(report.findings().isEmpty(), report.toText(Language.EN));

        // the same issue with an unknown reason code: the MLS rules name it, and the rejection then has no failure
        ValidationReport unknownReason = validate(xml.replace(">BV<", ">XX<"), "unknown-reason.xml");
        assertEquals(
                List.of("SCH-MLS-24", "SCH-MLS-31"),
                unknownReason.errors().stream().map(Finding::ruleId).sorted().toList(),
                unknownReason.toText(Language.EN));
    }

    @Test
    void aFindingOfAResponseRuleHasItsLocationAndLineAndFallsBackToEnglish() {
        ValidationReport report = SharedValidator.get()
                .validate(example("mls", "invalid-SCH-MLS-25.xml").bytes(), "mls-25.xml");
        Finding finding = report.errors().get(0);
        assertEquals("SCH-MLS-25", finding.ruleId());
        assertEquals("PEPPOL-MLS", finding.layer());
        assertEquals("/ApplicationResponse/cac:DocumentResponse[1]", finding.location());
        assertTrue(finding.line() > 0, "line of the DocumentResponse");
        assertTrue(
                finding.message(Language.EN).contains("A positive MLS MUST NOT contain Issues with failures"),
                finding.message(Language.EN));
        assertEquals(finding.message(Language.EN), finding.message(Language.RU));
        assertEquals(finding.message(Language.EN), finding.message(Language.ZH));
    }

    @Test
    void anApplicationResponseWithAnUnknownCustomizationIdGetsTheDocumentTypeFindingInEveryLanguage() {
        String catalogueResponse = text(Examples.valid("mlr", "ApplicationResponse"))
                .replace("urn:fdc:peppol.eu:poacc:trns:mlr:3", "urn:fdc:peppol.eu:poacc:trns:catalogue_response:3");
        ValidationReport report = validate(catalogueResponse, "catalogue-response.xml");
        assertEquals(Outcome.UNKNOWN_DOCUMENT_TYPE, report.outcome(), report.toText(Language.EN));
        assertTrue(report.findingsByLayer().get("xsd").isEmpty(), "the XSD of the root element still ran");
        Finding finding = report.errors().get(0);
        assertEquals("SG-DOCUMENT-TYPE", finding.ruleId());
        assertEquals("document-type", finding.layer());
        assertEquals("/ApplicationResponse", finding.location());
        String message = finding.message(Language.EN);
        assertTrue(message.contains("'urn:peppol:edec:mls:1.0' (Peppol Message Level Status 1.0)"), message);
        assertTrue(
                message.contains("'urn:fdc:peppol.eu:poacc:trns:mlr:3' (Peppol BIS Message Level Response 3.0)"),
                message);
        assertTrue(
                message.contains("'urn:fdc:peppol.eu:poacc:trns:invoice_response:3' (Peppol BIS Invoice Response 3)"),
                message);
        for (Language language : Language.values()) {
            assertEquals(message, finding.message(language));
            assertTrue(report.toText(language).contains("SG-DOCUMENT-TYPE: " + message), report.toText(language));
            assertTrue(report.toJson(language).contains("SG-DOCUMENT-TYPE"), report.toJson(language));
        }
    }

    @Test
    void aResponseTheXsdRejectsIsNotRunThroughItsRules() {
        // IssueTime after SenderParty: out of the UBL 2.1 sequence
        String xml = text(Examples.valid("mls", "ApplicationResponse"));
        String time = "  <cbc:IssueTime>14:05:12+04:00</cbc:IssueTime>\n";
        assertTrue(xml.contains(time));
        String broken = xml.replace(time, "").replace("  </cac:SenderParty>\n", "  </cac:SenderParty>\n" + time);
        ValidationReport report = validate(broken, "mls-xsd.xml");
        assertEquals(Outcome.INVALID, report.outcome());
        assertEquals("xsd", report.errors().get(0).layer());
        assertTrue(report.errors().get(0).message(Language.EN).contains("IssueTime"), report.toText(Language.EN));
        assertFalse(report.findingsByLayer().containsKey("PEPPOL-MLS"));
    }

    @Test
    void anSbdhWrappedMlsIsValidatedByItsPayload() {
        String wrapped = """
                <?xml version="1.0" encoding="UTF-8"?>
                <sh:StandardBusinessDocument xmlns:sh="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">
                  <sh:StandardBusinessDocumentHeader>
                    <sh:HeaderVersion>1.0</sh:HeaderVersion>
                    <sh:Sender><sh:Identifier Authority="iso6523-actorid-upis">0242:000203</sh:Identifier></sh:Sender>
                    <sh:Receiver><sh:Identifier Authority="iso6523-actorid-upis">0242:000101</sh:Identifier></sh:Receiver>
                    <sh:DocumentIdentification>
                      <sh:Standard>urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2</sh:Standard>
                      <sh:TypeVersion>2.1</sh:TypeVersion><sh:InstanceIdentifier>0c7d2e55-93a1-4f0b-8e6c-51b2a4d7e930</sh:InstanceIdentifier>
                      <sh:Type>ApplicationResponse</sh:Type><sh:CreationDateAndTime>2026-11-20T14:31:40+04:00</sh:CreationDateAndTime>
                    </sh:DocumentIdentification>
                  </sh:StandardBusinessDocumentHeader>
                %s
                </sh:StandardBusinessDocument>
                """;
        String payload = text(example("mls", "valid-rejection.xml")).replaceFirst("<\\?xml[^>]*>", "");
        ValidationReport report = validate(wrapped.formatted(payload), "mls-sbd.xml");
        assertEquals(Outcome.VALID, report.outcome(), report.toText(Language.EN));
        assertEquals("ApplicationResponse", report.documentType().orElseThrow().rootName());
        assertEquals(
                "Peppol Message Level Status 1.0",
                report.documentType().orElseThrow().specification());

        String warningOnly = text(example("mls", "invalid-SCH-MLS-24.xml")).replaceFirst("<\\?xml[^>]*>", "");
        ValidationReport rejected = validate(wrapped.formatted(warningOnly), "mls-sbd-24.xml");
        assertEquals(Outcome.INVALID, rejected.outcome());
        assertEquals(
                List.of("SCH-MLS-24"),
                rejected.errors().stream().map(Finding::ruleId).toList(),
                rejected.toText(Language.EN));
    }
}
