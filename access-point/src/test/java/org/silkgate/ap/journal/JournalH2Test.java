package org.silkgate.ap.journal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.files.Durability;

class JournalH2Test extends JournalContract {
    @TempDir
    static Path data;

    static Journal journal;

    @BeforeAll
    static void open() {
        journal = Journal.open(Journal.defaultJdbcUrl(data), Durability.POWER_LOSS, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        journal.close();
    }

    @Override
    Journal journal() {
        return journal;
    }

    @Test
    void housekeepingRewritesTheSparseChunksThatCommitByCommitWritingLeavesBehind(@TempDir Path own) throws Exception {
        // A short retention so that chunks are old enough to rewrite within the test (the default is 45 s).
        try (Journal small = Journal.open(
                Journal.defaultJdbcUrl(own) + ";RETENTION_TIME=500", Durability.PROCESS_CRASH, Clock.systemUTC())) {
            for (int i = 0; i < 1500; i++) {
                String id = UUID.randomUUID().toString();
                small.insert(record(Direction.OUTBOUND, id, Instant.now()));
                small.sent(id, "SG-AP-GE-001");
            }
            int afterWriting = small.h2ChunksFillRate().orElseThrow();
            int fill = afterWriting;
            for (int waited = 0; waited < 30 && fill < 50; waited++) {
                Thread.sleep(1000);
                fill = small.h2ChunksFillRate().orElseThrow();
            }
            assertTrue(
                    afterWriting < 50,
                    "every commit wrote a chunk that later commits mostly superseded: " + afterWriting + " % live");
            assertTrue(
                    fill >= 50,
                    "housekeeping rewrote the sparse chunks: " + afterWriting + " % live after writing, " + fill
                            + " % now");
        }
    }
}
