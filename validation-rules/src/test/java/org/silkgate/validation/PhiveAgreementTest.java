package org.silkgate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.silkgate.validation.examples.Examples;
import org.silkgate.validation.examples.Examples.Example;
import org.silkgate.validation.phive.PhiveValidator;

/** SilkGate and phive run the same Peppol artefacts and must reach the same verdicts with the same rule IDs. */
class PhiveAgreementTest {
    /** The phive validation set that must judge the documents of each Peppol example folder. */
    private static final Map<String, String> PHIVE_SET_BY_FOLDER = Map.of(
            "billing", "eu.peppol.bis3:(invoice|creditnote):2025.11",
            "mls", "org\\.peppol:mls:1",
            "mlr", "eu.peppol.bis3:mlr:2025.11",
            "invoice-response", "eu.peppol.bis3:invoice-message-response:2025.11");

    private static PhiveValidator phive;

    @BeforeAll
    static void createPhive() {
        phive = PhiveValidator.create();
    }

    static Stream<Example> peppolExamples() {
        return Stream.of("billing", "mls", "mlr", "invoice-response").flatMap(folder -> Examples.of(folder).stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("peppolExamples")
    void silkGateAndPhiveAgreeOnVerdictAndRuleIds(Example example) {
        ValidationReport ours = SharedValidator.get().validate(example.bytes(), example.toString());
        PhiveValidator.Verdict theirs = phive.validate(example.bytes(), example.toString());

        assertTrue(
                theirs.set().matches(PHIVE_SET_BY_FOLDER.get(example.specification())),
                "phive judged " + example + " with " + theirs.set());
        // phive on its own confirms what the example claims, so agreement cannot come from both engines doing nothing
        assertEquals(example.valid(), theirs.valid(), "phive: " + theirs);
        example.expectedRuleId()
                .ifPresent(rule ->
                        assertTrue(theirs.errorIds().contains(rule), "phive does not report " + rule + ": " + theirs));

        assertEquals(theirs.valid(), ours.valid(), ours.toText(Language.EN));
        assertEquals(
                sorted(theirs.errorIds()),
                sorted(ours.errors().stream().map(Finding::ruleId).toList()),
                "fatal rule IDs");
        assertEquals(
                sorted(theirs.warningIds()),
                sorted(ours.warnings().stream().map(Finding::ruleId).toList()),
                "warning rule IDs");
    }

    private static List<String> sorted(List<String> ids) {
        return ids.stream().sorted().toList();
    }
}
