package org.silkgate.ap.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.ApCommand;
import org.silkgate.ap.files.Durability;

/** Every state change of the journal is in the audit log, and {@code ap audit verify} finds a changed or deleted row. */
class AuditVerifyCommandTest {
    @TempDir
    Path data;

    @Test
    void everyStateChangeIsAuditedAndVerifyFindsTheFirstChangedAndThenTheFirstDeletedEntry() throws Exception {
        String id = UUID.randomUUID() + "@test";
        try (Journal journal =
                Journal.open(Journal.defaultJdbcUrl(data), Durability.PROCESS_CRASH, Clock.systemUTC())) {
            journal.insert(JournalContract.record(Direction.OUTBOUND, id, Instant.now()), "api:kz-erp");
            journal.failed(id, "no endpoint");
            journal.reopened(id, "resend requested", "api:kz-operator");
            journal.sent(id, "SG-AP-GE-001");
            var entries = journal.audit().entries(1, 10);
            assertEquals(4, entries.size());
            assertEquals("api:kz-erp", entries.get(0).actor());
            assertEquals("message.accepted", entries.get(0).action());
            assertEquals("api:kz-operator", entries.get(2).actor());
            assertEquals("outbound " + id, entries.get(3).subject());
        }
        assertEquals(0, verify().exitCode(), verify().out());

        sql("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2");
        Result changed = verify();
        assertEquals(1, changed.exitCode());
        assertTrue(changed.out().contains("BROKEN at entry 2"), changed.out());

        sql("UPDATE audit_log SET actor = '" + Journal.SYSTEM + "' WHERE seq = 2");
        sql("DELETE FROM audit_log WHERE seq = 3");
        Result deleted = verify();
        assertEquals(1, deleted.exitCode());
        assertTrue(deleted.out().contains("BROKEN at entry 3"), deleted.out());
    }

    private record Result(int exitCode, String out) {}

    private Result verify() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ApCommand.execute(
                new PrintWriter(out, true), new PrintWriter(err, true), "audit", "verify", "--data", data.toString());
        return new Result(code, out + err.toString());
    }

    private void sql(String statement) throws Exception {
        try (Connection connection = DriverManager.getConnection(Journal.defaultJdbcUrl(data))) {
            connection.createStatement().executeUpdate(statement);
        }
    }
}
