package org.silkgate.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.silkgate.validation.DocumentValidator;

/** The documents of {@code bench as4}: the sizes asked for, and valid for SilkGate. */
class BenchTenderTest {
    @Test
    void buildsTenKbAndOneMbTendersThatPassSilkGateValidation() {
        BenchTender small = BenchTender.ofSize("10k");
        BenchTender large = BenchTender.ofSize("1M");
        assertTrue(
                small.xml().length <= 10 * 1024 && small.xml().length > 10 * 1024 - 80, "10 KB: " + small.xml().length);
        assertTrue(
                large.xml().length <= 1024 * 1024 && large.xml().length > 1024 * 1024 - 80,
                "1 MB: " + large.xml().length);
        assertDoesNotThrow(() -> BenchTender.requireValid(DocumentValidator.create(), List.of(small, large)));
    }

    @Test
    void refusesAnUnknownSizeNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchTender.ofSize("5k"));
        assertTrue(e.getMessage().contains("'5k'"), e.getMessage());
    }
}
