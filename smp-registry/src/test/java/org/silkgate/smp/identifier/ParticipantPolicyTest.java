package org.silkgate.smp.identifier;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParticipantPolicyTest {

    private static SmpIdentifier participant(String value) throws IdentifierException {
        return SmpIdentifier.of(SmpIdentifier.Kind.PARTICIPANT, SmpIdentifier.ISO6523_SCHEME, value);
    }

    @ParameterizedTest(name = "demo participant {0} passes")
    @ValueSource(
            strings = {
                "9972:204493002",
                "0088:4860000000013",
                "9970:980540001256",
                "0088:4870000000012",
                "9970:010240003746",
                "9970:051140007292",
                "9972:204375445",
                "9972:405123456",
                "9976:1400057421"
            })
    void everyDemoParticipantOfTheNetworkPasses(String value) {
        assertDoesNotThrow(() -> ParticipantPolicy.check(participant(value)));
    }

    @ParameterizedTest(name = "{0} passes")
    @ValueSource(
            strings = {
                "9973:91350100M000100Y43",
                "9973:91110000600037341L",
                "9971:123456789",
                "9972:01234567890",
                "9974:1234567",
                "9975:1234567",
                "9975:1234567-8",
                "9977:12345678901234",
                "9978:123456789",
                "0192:987654321",
                "0007:5567321707",
                "9915:test"
            })
    void wellFormedIdentifiersPass(String value) {
        assertDoesNotThrow(() -> ParticipantPolicy.check(participant(value)));
    }

    @ParameterizedTest(name = "{0} breaks rule {1}")
    @CsvSource({
        "9970:980540001257, rule 9970",
        "9970:98054000125A, rule 9970",
        "9973:91350100M000100Y44, rule 9973",
        "9973:91350100M00010OY43, rule 9973",
        "0088:4860000000014, rule 0088",
        "9971:12345678, rule 9971",
        "9972:1234567890, rule 9972",
        "9974:123456, rule 9974",
        "9975:1234567-, rule 9975",
        "9976:123456789, rule 9976",
        "9977:1234567890123, rule 9977",
        "9978:12345678A, rule 9978",
        "12:345, rule ICD",
        "9970, rule ICD",
        "0192:-starts-with-dash, rule generic",
        "0192:with space, rule generic"
    })
    void identifiersThatBreakARuleAreRefusedNamingIt(String value, String rule) {
        IdentifierException e =
                assertThrows(IdentifierException.class, () -> ParticipantPolicy.check(participant(value)));
        assertTrue(e.getMessage().contains(rule), e.getMessage());
    }

    @Test
    void theCountryComesFromANationalIcdOnly() throws IdentifierException {
        assertEquals(Optional.of("KZ"), ParticipantPolicy.countryOf(participant("9970:980540001256")));
        assertEquals(Optional.of("CN"), ParticipantPolicy.countryOf(participant("9973:91350100M000100Y43")));
        assertEquals(Optional.empty(), ParticipantPolicy.countryOf(participant("0088:4870000000012")));
    }
}
