package org.silkgate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.silkgate.validation.examples.Examples;
import org.silkgate.validation.examples.Examples.Example;

/** Every rule set against its examples: each valid example passes, each invalid one fails with its named rule. */
class ExamplesTest {

    static Stream<Example> validExamples() {
        return Examples.all().stream().filter(Example::valid);
    }

    static Stream<Example> invalidExamples() {
        return Examples.all().stream().filter(e -> !e.valid());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void validExamplePasses(Example example) {
        ValidationReport report = SharedValidator.get().validate(example.bytes(), example.toString());
        assertEquals(Outcome.VALID, report.outcome(), report.toText(Language.EN));
        assertEquals(example.documentType(), report.documentType().orElseThrow().rootName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidExamples")
    void invalidExampleFailsWithItsNamedRule(Example example) {
        ValidationReport report = SharedValidator.get().validate(example.bytes(), example.toString());
        assertEquals(Outcome.INVALID, report.outcome(), report.toText(Language.EN));
        Set<String> fatal = report.errors().stream().map(Finding::ruleId).collect(Collectors.toSet());
        String expected = example.expectedRuleId().orElseThrow();
        assertTrue(
                fatal.contains(expected),
                "expected " + expected + " among the fatal findings:\n" + report.toText(Language.EN));
    }

    @Test
    void everyDocumentTypeOfTheNetworkHasAValidExampleAndThreeInvalidOnes() {
        for (DocumentTypeRegistry.Specification spec :
                DocumentTypeRegistry.standard().specifications()) {
            for (String doc : spec.documents()) {
                List<Example> examples = Examples.all().stream()
                        .filter(e -> e.documentType().equals(doc))
                        .toList();
                assertTrue(examples.stream().anyMatch(Example::valid), "no valid example for " + doc);
                assertTrue(
                        examples.stream().filter(e -> !e.valid()).count() >= 3,
                        "fewer than 3 invalid examples for " + doc);
            }
        }
    }

    @Test
    void aLargeInvoiceRunsItsRuleSetsInParallelWithTheSameVerdicts() {
        // a 700 KB note takes the document past the size from which rule sets run concurrently
        String note = "<cbc:Note>" + "Delivery notes for lot 3. ".repeat(28_000);
        for (String file : List.of("valid.xml", "invalid-BR-CO-15.xml")) {
            Example example = Examples.of("billing", "Invoice").stream()
                    .filter(e -> e.fileName().equals(file))
                    .findFirst()
                    .orElseThrow();
            String big = new String(example.bytes(), StandardCharsets.UTF_8).replaceFirst("<cbc:Note>", note);
            ValidationReport report =
                    SharedValidator.get().validate(big.getBytes(StandardCharsets.UTF_8), "big-" + file);
            assertEquals(example.valid(), report.valid(), report.toText(Language.EN));
            assertEquals(
                    example.expectedRuleId().map(List::of).orElse(List.of()),
                    report.errors().stream().map(Finding::ruleId).toList());
            assertTrue(SharedValidator.get()
                    .svrl(big.getBytes(StandardCharsets.UTF_8), "big-" + file)
                    .get("PEPPOL-EN16931-UBL")
                    .contains("svrl:schematron-output"));
        }
    }

    @Test
    void aWaivedRuleLeavesItsFindingAsAWarningAndTheDocumentValidOnlyWhenNothingElseFails() {
        Example example = Examples.of("billing", "Invoice").stream()
                .filter(e -> e.fileName().equals("invalid-BR-CO-15.xml"))
                .findFirst()
                .orElseThrow();
        ValidationReport strict = SharedValidator.get().validate(example.bytes(), "strict");
        ValidationReport waived = strict.waiving(Set.of("BR-CO-15"));

        assertEquals(Outcome.VALID, waived.outcome(), waived.toText(Language.EN));
        Finding kept = waived.warnings().stream()
                .filter(f -> f.ruleId().equals("BR-CO-15"))
                .findFirst()
                .orElseThrow();
        assertTrue(kept.message(Language.EN).startsWith("(waived) "), kept.message(Language.EN));
        assertEquals(Outcome.INVALID, strict.waiving(Set.of("BR-CO-16")).outcome(), "another rule waives nothing");
    }
}
