package org.silkgate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.silkgate.validation.DocumentTypeRegistry.RuleSource;
import org.silkgate.validation.DocumentTypeRegistry.Specification;

/** The engine's own path, proven with a one-rule test set: XSD, SchXslt, SVRL collection, translations, locations. */
class SchematronPipelineTest {
    private static final String CUSTOMIZATION = "urn:silkgate:test:order";
    private static final String PROFILE = "urn:silkgate:test:order:01";
    private static DocumentValidator validator;

    @BeforeAll
    static void compileTheTestRules() {
        validator = DocumentValidator.create(registry("test-rules/order-test.sch"));
    }

    private static DocumentTypeRegistry registry(String schematron) {
        return new DocumentTypeRegistry(List.of(new Specification(
                "Test Ordering",
                CUSTOMIZATION,
                PROFILE,
                "2.4",
                List.of("Order"),
                List.of(RuleSource.schematron("TEST-ORDERING", schematron)),
                null)));
    }

    static String order(String quantity, String note, String customization) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"
                       xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
                       xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
                  <cbc:UBLVersionID>2.4</cbc:UBLVersionID>
                  <cbc:CustomizationID>%s</cbc:CustomizationID>
                  <cbc:ProfileID>%s</cbc:ProfileID>
                  <cbc:ID>PO-1</cbc:ID>
                  <cbc:IssueDate>2026-11-28</cbc:IssueDate>
                  <cac:BuyerCustomerParty><cac:Party><cac:PartyName><cbc:Name>Ministry</cbc:Name></cac:PartyName></cac:Party></cac:BuyerCustomerParty>
                  <cac:SellerSupplierParty><cac:Party><cac:PartyName><cbc:Name>Steel Works</cbc:Name></cac:PartyName></cac:Party></cac:SellerSupplierParty>
                  <cac:OrderLine>
                    <cac:LineItem>
                      <cbc:ID>1</cbc:ID>%s
                      <cbc:Quantity unitCode="TNE">5</cbc:Quantity>
                      <cac:Item><cbc:Name>Rebar</cbc:Name></cac:Item>
                    </cac:LineItem>
                  </cac:OrderLine>
                  <cac:OrderLine>
                    <cac:LineItem>
                      <cbc:ID>2</cbc:ID>%s
                      <cbc:Quantity unitCode="TNE">%s</cbc:Quantity>
                      <cac:Item><cbc:Name>Beams</cbc:Name></cac:Item>
                    </cac:LineItem>
                  </cac:OrderLine>
                </Order>
                """.formatted(customization, PROFILE, note, note, quantity).strip();
    }

    private static java.util.Map<String, String> svrl(String xml) {
        return validator.svrl(xml.getBytes(StandardCharsets.UTF_8), "order.xml");
    }

    private static ValidationReport validate(String xml) {
        return validator.validate(xml.getBytes(StandardCharsets.UTF_8), "order.xml");
    }

    @Test
    void aGoodOrderIsValid() {
        String order = order("3", "<cbc:Note>n</cbc:Note>", CUSTOMIZATION);
        ValidationReport report = validate(order);
        assertEquals(Outcome.VALID, report.outcome(), report.toText(Language.EN));
        assertEquals(
                List.of("xml", "xsd", "TEST-ORDERING"),
                report.layers().stream().map(LayerResult::layer).toList());
        assertEquals("Test Ordering", report.documentType().orElseThrow().specification());
        assertTrue(svrl(order).get("TEST-ORDERING").contains("http://purl.oclc.org/dsdl/svrl"));
    }

    @Test
    void aFailedRuleIsReportedInThreeLanguagesWithItsLineAndReadableLocation() {
        String order = order("0", "<cbc:Note>n</cbc:Note>", CUSTOMIZATION);
        ValidationReport report = validate(order);

        assertEquals(Outcome.INVALID, report.outcome());
        Finding finding = report.errors().get(0);
        assertEquals("TEST-R001", finding.ruleId());
        assertEquals(Severity.FATAL, finding.severity());
        assertEquals("An order line quantity must be positive.", finding.message(Language.EN));
        assertEquals("Количество в строке заказа должно быть положительным.", finding.message(Language.RU));
        assertEquals("订单行数量必须为正数。", finding.message(Language.ZH));
        assertEquals("/Order/cac:OrderLine[2]/cac:LineItem[1]", finding.location());
        assertEquals(20, finding.line());
        assertTrue(finding.column() > 0);
        assertTrue(svrl(order).get("TEST-ORDERING").contains("failed-assert"));
    }

    @Test
    void warningsKeepADocumentValid() {
        ValidationReport report = validate(order("3", "", CUSTOMIZATION));
        assertTrue(report.valid());
        assertEquals(2, report.warnings().size());
        assertEquals("TEST-R002", report.warnings().get(0).ruleId());
        assertEquals("订单行应有备注。", report.warnings().get(0).message(Language.ZH));
    }

    @Test
    void anXsdErrorIsReportedWithItsLineAndTheRulesAreNotRun() {
        String broken = order("3", "<cbc:Note>n</cbc:Note>", CUSTOMIZATION)
                .replace("<cbc:ID>PO-1</cbc:ID>", "<cbc:Colour>red</cbc:Colour>");
        ValidationReport report = validate(broken);
        assertEquals(Outcome.INVALID, report.outcome());
        Finding xsd = report.errors().get(0);
        assertEquals("xsd", xsd.layer());
        assertTrue(xsd.message(Language.EN).contains("Colour"), xsd.message(Language.EN));
        assertEquals(8, xsd.line());
        assertFalse(report.findingsByLayer().containsKey("TEST-ORDERING"));
    }

    @Test
    void anSbdhWrappedOrderIsValidatedByItsPayload() {
        String payload = order("0", "<cbc:Note>n</cbc:Note>", CUSTOMIZATION).replaceFirst("<\\?xml[^>]*>", "");
        String wrapped = """
                <?xml version="1.0" encoding="UTF-8"?>
                <sh:StandardBusinessDocument xmlns:sh="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader"
                    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
                  <sh:StandardBusinessDocumentHeader>
                    <sh:HeaderVersion>1.0</sh:HeaderVersion>
                    <sh:Sender><sh:Identifier Authority="iso6523-actorid-upis">9972:204493002</sh:Identifier></sh:Sender>
                    <sh:Receiver><sh:Identifier Authority="iso6523-actorid-upis">9970:980540001256</sh:Identifier></sh:Receiver>
                    <sh:DocumentIdentification>
                      <sh:Standard>urn:oasis:names:specification:ubl:schema:xsd:Order-2</sh:Standard>
                      <sh:TypeVersion>2.4</sh:TypeVersion><sh:InstanceIdentifier>b7e1</sh:InstanceIdentifier>
                      <sh:Type>Order</sh:Type><sh:CreationDateAndTime>2026-11-28T10:00:00Z</sh:CreationDateAndTime>
                    </sh:DocumentIdentification>
                  </sh:StandardBusinessDocumentHeader>
                %s
                </sh:StandardBusinessDocument>
                """.formatted(payload);
        ValidationReport report = validate(wrapped);
        assertEquals(Outcome.INVALID, report.outcome(), report.toText(Language.EN));
        assertEquals(
                List.of("TEST-R001"),
                report.errors().stream().map(Finding::ruleId).toList());
        assertEquals("Order", report.documentType().orElseThrow().rootName());

        ValidationReport badEnvelope = validate(wrapped.replace("<sh:HeaderVersion>1.0</sh:HeaderVersion>", ""));
        assertEquals(Outcome.INVALID, badEnvelope.outcome());
        assertTrue(
                badEnvelope.errors().get(0).message(Language.EN).startsWith("SBDH envelope"),
                badEnvelope.toText(Language.EN));
    }

    @Test
    void aKnownRootWithAnUnknownCustomizationIdNamesTheExpectedOne() {
        ValidationReport report = validate(order("3", "<cbc:Note>n</cbc:Note>", "urn:somebody:else"));
        assertEquals(Outcome.INVALID, report.outcome());
        Finding finding = report.errors().get(0);
        assertEquals("SG-DOCUMENT-TYPE", finding.ruleId());
        assertTrue(finding.message(Language.EN).contains(CUSTOMIZATION), finding.message(Language.EN));
    }

    @Test
    void reportsSerialiseToJsonAndText() throws Exception {
        ValidationReport report = validate(order("0", "<cbc:Note>n</cbc:Note>", CUSTOMIZATION));
        JsonNode json = new ObjectMapper().readTree(report.toJson(Language.RU));
        assertEquals("INVALID", json.get("outcome").asText());
        JsonNode finding = json.get("layers").get(2).get("findings").get(0);
        assertEquals("TEST-R001", finding.get("ruleId").asText());
        assertEquals(
                "Количество в строке заказа должно быть положительным.",
                finding.get("message").asText());
        assertEquals(20, finding.get("line").asInt());
        String text = report.toText(Language.ZH);
        assertTrue(text.startsWith("INVALID  order.xml"), text);
        assertTrue(text.contains("订单行数量必须为正数。"), text);
    }

    @Test
    void aMissingRuleSetFailsCreationNamingTheFile() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> DocumentValidator.create(registry("test-rules/no-such-rules.sch")));
        assertTrue(e.getMessage().contains("test-rules/no-such-rules.sch"), e.getMessage());
    }
}
