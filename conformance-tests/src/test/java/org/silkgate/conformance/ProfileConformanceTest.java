package org.silkgate.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.silkgate.conformance.cases.CaseContext;
import org.silkgate.conformance.cases.CaseResult;
import org.silkgate.conformance.cases.ConformanceCase;
import org.silkgate.conformance.cases.ProfileCases;
import org.silkgate.conformance.cases.SendingIdentities;
import org.silkgate.conformance.cases.Target;

/**
 * The AS4 profile cases of the conformance kit against the Georgian access point of the in-process demo network,
 * observed on both sides: the AS4 answer the sender gets and the receiver's inbox and journal.
 */
@ExtendWith(SharedNetwork.class)
class ProfileConformanceTest {
    private static CaseContext context;

    @BeforeAll
    static void target() {
        Target georgia = SharedNetwork.georgianTarget();
        context = CaseContext.of(
                georgia,
                SendingIdentities.load(SharedNetwork.network().pkiDir(), georgia.certificate()),
                SharedNetwork.network().pkiDir());
    }

    static Stream<ConformanceCase> cases() {
        return ProfileCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theGeorgianAccessPointBehavesAsTheProfileRequires(ConformanceCase conformanceCase) {
        CaseResult result = conformanceCase.run(context);
        // what each case saw, kept in the surefire output: a pass is only as good as its evidence
        System.out.println(result.id() + " " + result.outcome() + ": " + result.evidence());
        assertTrue(result.passed(), conformanceCase.title() + "\n  observed: " + result.evidence());
    }
}
