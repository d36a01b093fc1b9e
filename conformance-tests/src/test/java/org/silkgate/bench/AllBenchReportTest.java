package org.silkgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table and the JSON of {@code bench all}, from rows given here (no benchmark runs in the build). */
class AllBenchReportTest {
    private static final List<BenchRow> ROWS = List.of(
            new BenchRow("validate, 1 thread (vs phive)", 30, 20, "docs/s", new BenchRow.LeastRatio(1.25)),
            new BenchRow(
                    "smp, hot signed metadata (vs static Jetty)",
                    9_000,
                    12_000,
                    "lookups/s",
                    new BenchRow.LeastFigure(10_000)),
            new BenchRow(
                    "as4 end to end 10 KB, validation on (vs stock phase4 pair)",
                    20,
                    25,
                    "msg/s",
                    new BenchRow.Informative()));

    @Test
    void judgesEachRowByItsOwnKindOfTarget() {
        assertTrue(ROWS.get(0).met(), "1.5× meets ≥ 1.25×");
        assertFalse(ROWS.get(1).met(), "9 000 lookups/s misses ≥ 10 000 even though the ratio is what it is");
        assertTrue(ROWS.get(2).met(), "an informative row has nothing to miss");
    }

    @Test
    void printsOneLinePerBenchmarkWithRatioTargetAndVerdict() {
        List<String> lines = AllBench.table(ROWS).lines().toList();
        assertEquals(4, lines.size());
        assertTrue(lines.get(0).startsWith("benchmark"));
        assertTrue(
                lines.get(1).contains("1.50×")
                        && lines.get(1).contains("≥ 1.25×")
                        && lines.get(1).endsWith("yes"),
                lines.get(1));
        assertTrue(
                lines.get(2).contains("0.75×")
                        && lines.get(2).contains("≥ 10000")
                        && lines.get(2).endsWith("NO"),
                lines.get(2));
    }

    @Test
    void writesRowsAndMachineFiguresAsJson(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("nested/bench-all.json");
        AllBench.writeJson(file, ROWS, Instant.parse("2026-11-28T22:00:00Z"), 1.5, 2.5);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(
                Runtime.getRuntime().availableProcessors(),
                json.path("machine").path("cores").asInt());
        assertEquals(1.5, json.path("machine").path("loadAverageAtStart").asDouble());
        assertEquals(2.5, json.path("machine").path("loadAverageAtEnd").asDouble());
        assertTrue(json.path("machine").path("jvm").asText().contains(System.getProperty("java.runtime.version")));
        assertEquals(3, json.path("results").size());
        JsonNode smp = json.path("results").get(1);
        assertEquals("lookups/s", smp.path("unit").asText());
        assertEquals(0.75, smp.path("ratio").asDouble(), 1e-9);
        assertFalse(smp.path("met").asBoolean());
    }
}
