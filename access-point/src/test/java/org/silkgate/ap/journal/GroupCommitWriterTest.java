package org.silkgate.ap.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class GroupCommitWriterTest {
    @Test
    void aWriteWhoseCommitCannotBeForcedToDiskFailsButIsNeitherRolledBackNorRunAgain() throws Exception {
        String url = "jdbc:h2:mem:force-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        try (Connection reader = DriverManager.getConnection(url);
                Statement sql = reader.createStatement()) {
            sql.execute("CREATE TABLE item (name VARCHAR(20))");
            AtomicBoolean diskFails = new AtomicBoolean(true);
            try (GroupCommitWriter writer =
                    new GroupCommitWriter("test-writer", () -> DriverManager.getConnection(url), () -> {
                        if (diskFails.get()) throw new IllegalStateException("disk full");
                    })) {
                SQLException failure = assertThrows(
                        SQLException.class,
                        () -> writer.write(statements -> statements
                                .prepare("INSERT INTO item VALUES ('first')")
                                .executeUpdate()));
                assertTrue(failure.getMessage().contains("could not force the commit to disk"), failure.getMessage());
                assertTrue(failure.getMessage().contains("disk full"), failure.getMessage());

                diskFails.set(false);
                int inserted = writer.write(statements ->
                        statements.prepare("INSERT INTO item VALUES ('second')").executeUpdate());
                assertEquals(1, inserted);
            }
            try (ResultSet rows =
                    sql.executeQuery("SELECT COUNT(*), COUNT(CASE WHEN name = 'first' THEN 1 END) FROM item")) {
                rows.next();
                assertEquals(2, rows.getInt(1), "both writes committed once");
                assertEquals(1, rows.getInt(2), "the write whose force failed was not run again");
            }
        }
    }
}
