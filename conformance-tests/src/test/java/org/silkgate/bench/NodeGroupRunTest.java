package org.silkgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The figures of {@code bench as4 --nodes}: per node and for the group, CPU per message, ratios to the baseline. */
class NodeGroupRunTest {

    private static NodeGroupRun run(String name, int messages, double seconds, double jvmCpuMillis, long... sent) {
        long[] latencies = new long[messages];
        Arrays.fill(latencies, 5_000_000L);
        return new NodeGroupRun(
                new As4Bench.Figures(name, "10k", seconds, latencies, jvmCpuMillis), sent, OptionalDouble.empty());
    }

    @Test
    void theNodesFiguresAddUpToTheGroups() {
        NodeGroupRun group = run("2 nodes", 1000, 4.0, 20_000, 600, 400);

        assertEquals(250.0, group.perSecond(), 1e-9);
        assertEquals(150.0, group.perSecondOf(0), 1e-9);
        assertEquals(100.0, group.perSecondOf(1), 1e-9);
        assertEquals(group.perSecond(), group.perSecondOf(0) + group.perSecondOf(1), 1e-9);
        assertEquals(2, group.nodes());
    }

    @Test
    void theCpuPerMessageCountsPostgresWhenItWasMeasured() {
        long[] latencies = new long[500];
        As4Bench.Figures figures = new As4Bench.Figures("1 node", "10k", 2.0, latencies, 5_000);

        NodeGroupRun withPostgres = new NodeGroupRun(figures, new long[] {500}, OptionalDouble.of(1_500));
        NodeGroupRun without = new NodeGroupRun(figures, new long[] {500}, OptionalDouble.empty());

        assertEquals(10.0, withPostgres.jvmCpuMillisPerMessage(), 1e-9);
        assertEquals(3.0, withPostgres.postgresCpuMillisPerMessage().getAsDouble(), 1e-9);
        assertEquals(13.0, withPostgres.cpuMillisPerMessage(), 1e-9);
        assertFalse(without.postgresCpuMillisPerMessage().isPresent());
        assertEquals(10.0, without.cpuMillisPerMessage(), 1e-9);
    }

    @Test
    void twoBaselineRunsAreOneFigureOverBothWindows() {
        NodeGroupRun first = run("1 node, run 1", 1000, 5.0, 10_000, 1000);
        NodeGroupRun second = run("1 node, run 2", 1000, 3.0, 8_000, 1000);

        NodeGroupRun baseline = first.plus(second, "baseline");

        assertEquals("baseline", baseline.name());
        assertEquals(2000, baseline.messages());
        assertEquals(2000 / 8.0, baseline.perSecond(), 1e-9, "messages over both windows, not a mean of rates");
        assertEquals(2000, baseline.sentBy(0));
        assertEquals(9.0, baseline.cpuMillisPerMessage(), 1e-9);
    }

    @Test
    void runsOfDifferentGroupsAreNotAdded() {
        NodeGroupRun one = run("1 node", 10, 1.0, 10, 10);
        NodeGroupRun two = run("2 nodes", 10, 1.0, 10, 5, 5);

        assertThrows(IllegalArgumentException.class, () -> one.plus(two, "mixed"));
    }

    @Test
    void theRatiosCompareTheGroupWithTheBaseline() {
        NodeGroupRun baseline = run("1 node", 1000, 10.0, 12_000, 1000);
        NodeGroupRun group = run("2 nodes", 1000, 8.0, 15_000, 510, 490);

        assertEquals(1.25, group.throughputRatioTo(baseline), 1e-9);
        assertEquals(1.25, group.cpuRatioTo(baseline), 1e-9);
    }

    @Test
    void aRunHasANode() {
        assertThrows(IllegalArgumentException.class, () -> run("no node", 10, 1.0, 10));
        assertTrue(run("one", 10, 1.0, 10, 10).nodes() == 1);
    }
}
