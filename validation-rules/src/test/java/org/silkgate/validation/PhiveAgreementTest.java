package org.silkgate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.silkgate.validation.examples.Examples;
import org.silkgate.validation.examples.Examples.Example;
import org.silkgate.validation.phive.PhiveValidator;

/** SilkGate and phive run the same Peppol artefacts and must reach the same verdicts with the same rule IDs. */
class PhiveAgreementTest {
    private static PhiveValidator phive;

    @BeforeAll
    static void createPhive() { phive = PhiveValidator.create(); }

    static Stream<Example> billingExamples() { return Examples.of("billing").stream(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("billingExamples")
    void silkGateAndPhiveAgreeOnVerdictAndRuleIds(Example example) {
        ValidationReport ours = SharedValidator.get().validate(example.bytes(), example.toString());
        PhiveValidator.Verdict theirs = phive.validate(example.bytes(), example.toString());

        assertEquals(theirs.valid(), ours.valid(), ours.toText(Language.EN));
        assertEquals(sorted(theirs.errorIds()), sorted(ours.errors().stream().map(Finding::ruleId).toList()),
                "fatal rule IDs");
        assertEquals(sorted(theirs.warningIds()), sorted(ours.warnings().stream().map(Finding::ruleId).toList()),
                "warning rule IDs");
    }

    private static List<String> sorted(List<String> ids) { return ids.stream().sorted().toList(); }
}
