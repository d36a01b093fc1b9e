package org.silkgate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.silkgate.validation.DocumentTypeRegistry.Resolution;
import org.silkgate.validation.DocumentTypeRegistry.RuleSource;
import org.silkgate.validation.DocumentTypeRegistry.Specification;

/** The registry on its own: which specification and rule sets a root element and its identifiers select. */
class DocumentTypeRegistryTest {
    private static final String APPLICATION_RESPONSE_NS = DocumentTypeRegistry.UBL_NS_PREFIX + "ApplicationResponse-2";
    private static final DocumentTypeRegistry REGISTRY = DocumentTypeRegistry.standard();

    private static Resolution applicationResponse(String customizationId, String profileId) {
        return REGISTRY.resolve(APPLICATION_RESPONSE_NS, "ApplicationResponse", customizationId, profileId, null);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "urn:peppol:edec:mls:1.0|Peppol Message Level Status 1.0|urn:peppol:edec:mls|PEPPOL-MLS|external/schematron/mls/1.0.0/xslt/peppol-mls-1.0.0.xslt",
                "urn:fdc:peppol.eu:poacc:trns:mlr:3|Peppol BIS Message Level Response 3.0|urn:fdc:peppol.eu:poacc:bis:mlr:3|PEPPOLBIS-T71|external/schematron/openpeppol/2025.11/xslt/PEPPOLBIS-T71.xslt",
                "urn:fdc:peppol.eu:poacc:trns:invoice_response:3|Peppol BIS Invoice Response 3|urn:fdc:peppol.eu:poacc:bis:invoice_response:3|PEPPOLBIS-T111|external/schematron/openpeppol/2025.11/xslt/PEPPOLBIS-T111.xslt"
            })
    void anApplicationResponseIsJudgedByTheSpecificationItsCustomizationIdNames(
            String customizationId, String specification, String profileId, String layer, String resource) {
        Resolution resolution = applicationResponse(customizationId, profileId);
        assertEquals("", resolution.problem());
        Specification spec = resolution.specification().orElseThrow();
        assertEquals(specification, spec.name());
        assertEquals("2.1", spec.ublVersion());
        assertEquals(List.of(RuleSource.xslt(layer, resource)), spec.ruleSets());
        assertNotNull(getClass().getClassLoader().getResource(resource), resource + " must be on the class path");
        assertNotNull(getClass().getClassLoader().getResource(spec.knownGoodSample()), spec.knownGoodSample());

        DocumentType type = resolution.documentType().orElseThrow();
        assertEquals("ApplicationResponse", type.rootName());
        assertEquals(specification, type.specification());
        assertEquals("2.1", type.ublVersion());
    }

    @Test
    void theProfileIdOfAPeppolResponseIsLeftToItsRules() {
        // as phive: SCH-MLS-02 judges the ProfileID, the registry adds no finding of its own
        Resolution resolution =
                applicationResponse(DocumentTypeRegistry.PEPPOL_MLS_CUSTOMIZATION, "urn:fdc:peppol.eu:poacc:bis:mlr:3");
        assertEquals(
                "Peppol Message Level Status 1.0",
                resolution.specification().orElseThrow().name());
        assertEquals("", resolution.problem());
    }

    @Test
    void anApplicationResponseWithAnotherCustomizationIdIsOfNoKnownTypeAndTheProblemNamesTheThreeExpectedOnes() {
        Resolution resolution = applicationResponse("urn:fdc:peppol.eu:poacc:trns:catalogue_response:3", null);
        assertTrue(resolution.specification().isEmpty());
        assertTrue(resolution.documentType().isEmpty());
        String problem = resolution.problem();
        assertTrue(
                problem.startsWith("unknown document type: ApplicationResponse has CustomizationID "
                        + "'urn:fdc:peppol.eu:poacc:trns:catalogue_response:3', expected "),
                problem);
        for (String expected : List.of(
                DocumentTypeRegistry.PEPPOL_MLS_CUSTOMIZATION,
                DocumentTypeRegistry.PEPPOL_MLR_CUSTOMIZATION,
                DocumentTypeRegistry.PEPPOL_INVOICE_RESPONSE_CUSTOMIZATION)) {
            assertTrue(problem.contains("'" + expected + "'"), problem);
        }
        assertTrue(applicationResponse(null, null).problem().contains("has CustomizationID none"));
    }

    @Test
    void applicationResponseIsUbl21AndTheEarlierSpecificationsAreUnchanged() {
        assertEquals(
                "2.1",
                REGISTRY.ublVersionFor(APPLICATION_RESPONSE_NS, "ApplicationResponse")
                        .orElseThrow());
        assertEquals(
                "2.1",
                REGISTRY.ublVersionFor(DocumentTypeRegistry.UBL_NS_PREFIX + "Invoice-2", "Invoice")
                        .orElseThrow());
        assertEquals(
                "2.4",
                REGISTRY.ublVersionFor(DocumentTypeRegistry.UBL_NS_PREFIX + "Order-2", "Order")
                        .orElseThrow());
        Resolution invoice = REGISTRY.resolve(
                DocumentTypeRegistry.UBL_NS_PREFIX + "Invoice-2",
                "Invoice",
                DocumentTypeRegistry.PEPPOL_BILLING_CUSTOMIZATION,
                DocumentTypeRegistry.PEPPOL_BILLING_PROFILE,
                "2.1");
        assertEquals(
                "Peppol BIS Billing 3.0", invoice.specification().orElseThrow().name());
        assertEquals(9, REGISTRY.specifications().size());
    }

    @Test
    void oneRootElementCannotBeUbl21AndUbl24() {
        Specification peppol = applicationResponse(DocumentTypeRegistry.PEPPOL_MLS_CUSTOMIZATION, null)
                .specification()
                .orElseThrow();
        Specification other = new Specification(
                "Some UBL 2.4 response",
                "urn:example:response",
                "urn:example:profile",
                "2.4",
                List.of("ApplicationResponse"),
                List.of(),
                null);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new DocumentTypeRegistry(List.of(peppol, other)));
        assertTrue(e.getMessage().contains("ApplicationResponse cannot be UBL 2.1 and 2.4"), e.getMessage());
    }

    @Test
    void thePeppolReportsAreASyntaxOfTheirOwnWhoseVersionEndsTheDocumentType() {
        Resolution tsr = REGISTRY.resolve(
                DocumentTypeRegistry.PEPPOL_TSR_NAMESPACE,
                "TransactionStatisticsReport",
                DocumentTypeRegistry.PEPPOL_TSR_CUSTOMIZATION,
                DocumentTypeRegistry.PEPPOL_REPORTING_PROFILE,
                null);
        assertEquals("", tsr.problem());
        assertEquals("1.0", tsr.documentType().orElseThrow().ublVersion());
        assertFalse(tsr.specification().orElseThrow().ubl());
        Resolution eusrWithUblNamespace = REGISTRY.resolve(
                DocumentTypeRegistry.UBL_NS_PREFIX + "EndUserStatisticsReport-2",
                "EndUserStatisticsReport",
                DocumentTypeRegistry.PEPPOL_EUSR_CUSTOMIZATION,
                DocumentTypeRegistry.PEPPOL_REPORTING_PROFILE,
                null);
        assertTrue(eusrWithUblNamespace.specification().isEmpty(), eusrWithUblNamespace.problem());

        DocumentTypeRegistry reports = REGISTRY.only(DocumentTypeRegistry.PEPPOL_TSR, DocumentTypeRegistry.PEPPOL_EUSR);
        assertEquals(2, reports.specifications().size());
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> REGISTRY.only("Peppol Fax 1.0"));
        assertTrue(unknown.getMessage().contains("Peppol Fax 1.0"), unknown.getMessage());
    }
}
