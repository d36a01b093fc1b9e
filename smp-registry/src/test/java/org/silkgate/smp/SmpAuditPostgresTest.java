package org.silkgate.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.testing.TestPostgres;

/** {@code smp user add} and {@code smp audit verify} against PostgreSQL, with the --db options. */
class SmpAuditPostgresTest {
    @TempDir
    Path dir;

    @Test
    void verifyCountsTheEntriesAndNamesADeletedOneThroughTheDbOptions() throws Exception {
        try (TestPostgres postgres = TestPostgres.start("smp_audit_test_")) {
            List<String> db =
                    new ArrayList<>(List.of("--data", dir.resolve("data").toString(), "--db", postgres.schemaUrl()));
            if (postgres.user() != null) db.addAll(List.of("--db-user", postgres.user()));
            if (postgres.password() != null) {
                db.addAll(List.of(
                        "--db-password-file",
                        Files.writeString(dir.resolve("pg.txt"), postgres.password() + "\n")
                                .toString()));
            }
            for (String user : new String[] {"kz-operator", "ge-operator", "az-operator"}) {
                assertEquals(
                        0,
                        SmpCli.run(
                                        "operator-password\n",
                                        args(List.of("user", "add", "--name", user, "--icds", "9970"), db))
                                .exit());
            }
            SmpCli.Run intact = SmpCli.run(null, args(List.of("audit", "verify"), db));
            assertEquals(0, intact.exit(), intact.err());
            assertTrue(intact.out().startsWith("audit log intact: 3 entries"), intact.out());

            try (Connection c =
                            DriverManager.getConnection(postgres.schemaUrl(), postgres.user(), postgres.password());
                    Statement s = c.createStatement()) {
                assertEquals(1, s.executeUpdate("DELETE FROM audit_log WHERE seq = 3"));
            }
            SmpCli.Run broken = SmpCli.run(null, args(List.of("audit", "verify"), db));
            assertEquals(1, broken.exit());
            assertEquals(
                    "audit log BROKEN at entry 3 (ENTRY_MISSING): entry 3 is missing (deleted): the chain head records 3 "
                            + "entries but the log ends at entry 2\n",
                    broken.out());
        }
    }

    private static String[] args(List<String> command, List<String> db) {
        List<String> all = new ArrayList<>(command);
        all.addAll(db);
        return all.toArray(String[]::new);
    }
}
