package org.silkgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The CPU of a process outside the JVM (the PostgreSQL server), read from {@code /proc/PID/stat}. */
class ProcessTreeCpuTest {

    @Test
    void theTimesAreUserSystemAndEndedChildren() {
        // fields 14-17: utime 1200, stime 300, cutime 40, cstime 5
        String stat = "4242 (postgres) S 1 4242 4242 0 -1 4194560 5000 900 0 0 1200 300 40 5 20 0 1 0 100 "
                + "220000000 4000 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0";

        assertEquals(1545, ProcessTreeCpu.ticks(stat));
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesIsSkipped() {
        String stat = "77 (postgres: walwriter (x) ) S 4242 4242 4242 0 -1 4194368 90 0 0 0 3 4 0 0 20 0 1 0 "
                + "150 220000000 500 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 0 0 0 0 0 0";

        assertEquals(7, ProcessTreeCpu.ticks(stat));
    }

    @Test
    void thisJvmsOwnProcessIsReadable() {
        if (!java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/self/stat"))) return; // not Linux
        long nanos =
                ProcessTreeCpu.of(ProcessHandle.current().pid()).orElseThrow().nanos();
        assertTrue(nanos > 0, "a running JVM has used some CPU: " + nanos);
    }
}
