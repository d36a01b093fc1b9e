package org.silkgate.validation.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.silkgate.validation.DocumentTypeRegistry;
import org.silkgate.validation.DocumentValidator;
import org.silkgate.validation.Finding;
import org.silkgate.validation.Language;
import org.silkgate.validation.ValidationReport;
import org.silkgate.validation.examples.Examples;
import org.silkgate.validation.examples.Examples.Example;
import org.silkgate.validation.rules.CarecRuleSets.Rule;
import org.silkgate.validation.rules.CarecRuleSets.RuleSet;

/**
 * The CAREC examples against the CAREC rule sets: each valid example passes, each invalid example breaks exactly the
 * rule it is named after (no other CAREC rule is fatal and the XSD still passes) with its message in English, Russian and
 * Chinese, and every fatal rule has an example.
 */
class CarecExamplesTest {
    private static final Map<String, List<String>> DOCUMENT_TYPES = Map.of(
            "tendering", List.of("ContractNotice", "CallForTenders", "Tender", "TenderReceipt", "AwardedNotification"),
            "ordering", List.of("Order", "OrderResponse", "DespatchAdvice"),
            "paperless-trade",
                    List.of(
                            "ExportCustomsDeclaration",
                            "ImportCustomsDeclaration",
                            "TransitCustomsDeclaration",
                            "CertificateOfOrigin"));

    private static DocumentValidator validator;

    @BeforeAll
    static void compileTheCarecRuleSets() {
        validator = DocumentValidator.create(
                new DocumentTypeRegistry(DocumentTypeRegistry.standard().specifications().stream()
                        .filter(spec -> spec.name().startsWith("CAREC"))
                        .toList()));
    }

    static Stream<Example> carecExamples() {
        return Arrays.stream(RuleSet.values()).flatMap(set -> Examples.of(set.exampleFolder).stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("carecExamples")
    void judgesTheExampleAsItsNameSaysAndExplainsTheBrokenRuleInEveryLanguage(Example example) {
        ValidationReport report = validator.validate(example.bytes(), example.toString());
        assertEquals(List.of(), report.findingsByLayer().getOrDefault("xsd", List.of()), "UBL 2.4 XSD findings");
        assertEquals(example.documentType(), report.documentType().orElseThrow().rootName());
        Set<String> fatalCarecRules = report.errors().stream()
                .map(Finding::ruleId)
                .filter(id -> id.startsWith("CAREC-"))
                .collect(Collectors.toCollection(TreeSet::new));
        if (example.valid()) {
            assertTrue(report.valid(), () -> "valid example has errors: " + report.toText(Language.EN));
        } else {
            assertFalse(report.valid());
            String ruleId = example.expectedRuleId().orElseThrow();
            assertEquals(Set.of(ruleId), fatalCarecRules);
            Finding finding = report.errors().stream()
                    .filter(f -> f.ruleId().equals(ruleId))
                    .findFirst()
                    .orElseThrow();
            assertFalse(finding.location().isEmpty(), "location of " + ruleId);
            for (Language language : List.of(Language.RU, Language.ZH)) {
                assertTrue(finding.message(language).startsWith("[" + ruleId + "]-"), finding.message(language));
                assertNotEquals(finding.message(Language.EN), finding.message(language), language + " message");
            }
        }
    }

    @Test
    void everyCarecDocumentTypeHasAValidExampleAndAtLeastThreeInvalidOnes() {
        DOCUMENT_TYPES.forEach((folder, documentTypes) -> {
            for (String documentType : documentTypes) {
                List<Example> examples = Examples.of(folder, documentType);
                assertEquals(
                        1,
                        examples.stream().filter(Example::valid).count(),
                        folder + "/" + documentType + " valid.xml");
                assertTrue(
                        examples.stream().filter(e -> !e.valid()).count() >= 3,
                        folder + "/" + documentType + " invalid examples");
            }
        });
    }

    @Test
    void everyFatalCarecRuleIsBrokenByAnExample() {
        Set<String> exercised =
                carecExamples().flatMap(e -> e.expectedRuleId().stream()).collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>();
        for (RuleSet set : RuleSet.values()) {
            CarecRuleSets.rules(set).stream()
                    .filter(Rule::fatal)
                    .map(Rule::id)
                    .filter(id -> !exercised.contains(id))
                    .forEach(missing::add);
        }
        assertEquals(Set.of(), missing, "fatal rules without an invalid example");
    }
}
