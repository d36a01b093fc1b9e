package org.silkgate.ap.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.ApCommand;
import org.silkgate.ap.files.Durability;
import org.silkgate.ap.journal.Journal;

/** {@code ap node list} and {@code ap node remove}: an operator forgets a node that will not come back. */
class NodeCommandTest {
    @TempDir
    Path data;

    @Test
    void listsTheNodesAndForgetsAStoppedOneButNotALiveOne() {
        try (Journal journal =
                Journal.open(Journal.defaultJdbcUrl(data), Durability.PROCESS_CRASH, Clock.systemUTC())) {
            NodeMembership.join("retired", journal, Clock.systemUTC()).close();
            NodeMembership.join("running", journal, Clock.systemUTC()); // its heartbeat is seconds old: live
        }

        Result listed = ap("node", "list", "--data", data.toString());
        assertEquals(0, listed.exitCode(), listed.out());
        assertTrue(listed.out().contains("retired\tSTOPPED\t"), listed.out());
        assertTrue(listed.out().contains("running\tLIVE\t"), listed.out());

        Result live = ap("node", "remove", "--data", data.toString(), "--name", "running");
        assertEquals(1, live.exitCode(), live.out());
        assertTrue(live.out().contains("a live node cannot be removed"), live.out());
        Result missing = ap("node", "remove", "--data", data.toString(), "--name", "never-was");
        assertEquals(1, missing.exitCode(), missing.out());
        assertTrue(missing.out().contains("no lost or stopped node named never-was"), missing.out());

        Result removed = ap("node", "remove", "--data", data.toString(), "--name", "retired");
        assertEquals(0, removed.exitCode(), removed.out());
        String after = ap("node", "list", "--data", data.toString()).out();
        assertTrue(!after.contains("retired") && after.contains("running"), after);
    }

    private record Result(int exitCode, String out) {}

    private static Result ap(String... arguments) {
        StringWriter out = new StringWriter();
        int code = ApCommand.execute(new PrintWriter(out, true), new PrintWriter(out, true), arguments);
        return new Result(code, out.toString());
    }
}
