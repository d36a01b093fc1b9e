package org.silkgate.security.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.silkgate.security.audit.AuditVerification.Broken;
import org.silkgate.security.audit.AuditVerification.Intact;
import org.silkgate.security.audit.AuditVerification.Problem;

/** The audit log's behaviour against a real database that a subclass provides, a fresh one per call. */
abstract class AuditLogContract {

    /** A new, empty database (or schema); each call gives another. */
    abstract DataSource freshDatabase() throws Exception;

    /** Another connection pool on the same database as {@code database}, as a second server node would have. */
    abstract DataSource secondPool(DataSource database) throws Exception;

    @Test
    void appendedEntriesAreChainedAndVerifyIntactWithTheirCount() throws Exception {
        AuditLog log = AuditLog.open(freshDatabase());
        assertEquals(
                1,
                log.append(AuditEvent.of("kz-operator", "participant.create", "iso6523-actorid-upis::9970:980540001256")
                        .withDetail("name 'Astana Steel Works LLP'")
                        .from("192.0.2.7")));
        assertEquals(
                2,
                log.append(
                        AuditEvent.of("kz-operator", "participant.delete", "iso6523-actorid-upis::9970:980540001256")));
        assertEquals(3, log.append(AuditEvent.of("admin", "user.add", "ge-operator")));

        List<AuditEntry> entries = log.entries(1, 10);
        assertEquals(3, entries.size());
        AuditEntry first = entries.get(0);
        assertEquals("kz-operator", first.actor());
        assertEquals("participant.create", first.action());
        assertEquals("name 'Astana Steel Works LLP'", first.detail());
        assertEquals("192.0.2.7", first.clientAddress());
        assertEquals(AuditEntry.GENESIS, first.previousHash());
        assertEquals(first.hash(), entries.get(1).previousHash());
        assertEquals(entries.get(1).hash(), entries.get(2).previousHash());
        assertEquals(new Intact(3, entries.get(2).hash()), log.verify());
    }

    @Test
    void anEmptyLogIsIntactWithNoEntries() throws Exception {
        assertEquals(
                new Intact(0, AuditEntry.GENESIS),
                AuditLog.open(freshDatabase()).verify());
    }

    @Test
    void aChangedRowIsTheFirstBrokenEntry() throws Exception {
        DataSource db = freshDatabase();
        AuditLog log = appendFive(db);
        sql(db, "UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 3");

        Broken broken = (Broken) log.verify();
        assertEquals(3, broken.seq());
        assertEquals(Problem.CONTENT_CHANGED, broken.problem());
        assertEquals("entry 3 was changed: its content no longer matches its hash", broken.message());
    }

    @Test
    void aChangedActorIsCaughtAsWellAsAChangedDetail() throws Exception {
        DataSource db = freshDatabase();
        AuditLog log = appendFive(db);
        sql(db, "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2");

        assertEquals(
                new Broken(2, Problem.CONTENT_CHANGED, "entry 2 was changed: its content no longer matches its hash"),
                log.verify());
    }

    @Test
    void aRowRewrittenWithAFreshHashBreaksTheChainAtTheNextEntry() throws Exception {
        DataSource db = freshDatabase();
        AuditLog log = appendFive(db);
        AuditEntry third = log.entries(3, 1).get(0);
        String forged = AuditEntry.hashOf(
                3,
                third.time(),
                third.actor(),
                third.action(),
                third.subject(),
                "nothing happened",
                third.clientAddress(),
                third.previousHash());
        sql(db, "UPDATE audit_log SET detail = 'nothing happened', entry_hash = '" + forged + "' WHERE seq = 3");

        Broken broken = (Broken) log.verify();
        assertEquals(4, broken.seq());
        assertEquals(Problem.CHAIN_BROKEN, broken.problem());
        assertEquals(
                "entry 4 does not follow entry 3: its previous-entry hash is not that entry's hash", broken.message());
    }

    @Test
    void aDeletedRowIsTheFirstBrokenEntry() throws Exception {
        DataSource db = freshDatabase();
        AuditLog log = appendFive(db);
        sql(db, "DELETE FROM audit_log WHERE seq = 2");

        assertEquals(
                new Broken(
                        2, Problem.ENTRY_MISSING, "entry 2 is missing (deleted): the log goes from entry 1 to entry 3"),
                log.verify());
    }

    @Test
    void deletedNewestEntriesAreMissingAgainstTheChainHead() throws Exception {
        DataSource db = freshDatabase();
        AuditLog log = appendFive(db);
        sql(db, "DELETE FROM audit_log WHERE seq >= 4");

        assertEquals(
                new Broken(
                        4,
                        Problem.ENTRY_MISSING,
                        "entries 4 to 5 are missing (deleted): the chain head records 5 entries but the log ends at entry 3"),
                log.verify());
    }

    @Test
    void theFirstOfSeveralBreaksIsNamed() throws Exception {
        DataSource db = freshDatabase();
        AuditLog log = appendFive(db);
        sql(db, "DELETE FROM audit_log WHERE seq = 4");
        sql(db, "UPDATE audit_log SET subject = 'other' WHERE seq = 2");

        Broken broken = (Broken) log.verify();
        assertEquals(2, broken.seq());
        assertEquals(Problem.CONTENT_CHANGED, broken.problem());
    }

    @Test
    void concurrentAppendsFromManyThreadsKeepOneIntactChain() throws Exception {
        AuditLog log = AuditLog.open(freshDatabase());
        int threads = 8;
        int each = 25;
        List<Long> seqs = appendConcurrently(List.of(log), threads, each);

        assertEquals(threads * each, new HashSet<>(seqs).size(), "every append got its own sequence number");
        AuditVerification verification = log.verify();
        assertEquals(threads * each, ((Intact) verification).count(), verification.toString());
    }

    @Test
    void twoNodesOnSeparateConnectionPoolsShareOneIntactChain() throws Exception {
        DataSource first = freshDatabase();
        AuditLog nodeA = AuditLog.open(first);
        AuditLog nodeB = AuditLog.open(secondPool(first));
        List<Long> seqs = appendConcurrently(List.of(nodeA, nodeB), 6, 20);

        assertEquals(120, new HashSet<>(seqs).size());
        assertEquals(120, ((Intact) nodeB.verify()).count());
        assertEquals(nodeA.verify(), nodeB.verify());
    }

    @Test
    void anEntryCommitsAndRollsBackWithTheCallersTransaction() throws Exception {
        DataSource db = freshDatabase();
        AuditLog log = AuditLog.open(db);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            log.append(c, AuditEvent.of("kz-operator", "participant.create", "rolled back"));
            c.rollback();
            log.append(c, AuditEvent.of("kz-operator", "participant.create", "committed"));
            c.commit();
            c.setAutoCommit(true);
        }
        List<AuditEntry> entries = log.entries(1, 10);
        assertEquals(1, entries.size());
        assertEquals("committed", entries.get(0).subject());
        assertEquals(1, ((Intact) log.verify()).count());
    }

    @Test
    void theTablesLiveBesideTheServersOwnMigrationsAndReopeningKeepsTheChain() throws Exception {
        DataSource db = freshDatabase();
        org.flywaydb.core.Flyway.configure()
                .dataSource(db)
                .locations("classpath:db/server-under-test")
                .table("server_schema_history")
                .load()
                .migrate();
        AuditLog log = AuditLog.open(db);
        log.append(AuditEvent.of("a", "b", "c"));
        AuditLog reopened = AuditLog.open(db);
        reopened.append(AuditEvent.of("d", "e", "f"));

        assertEquals(2, ((Intact) reopened.verify()).count());
        sql(db, "INSERT INTO server_owned (id) VALUES (1)");
    }

    @Test
    void oversizedTextsAreCutInsteadOfFailingTheAppend() throws Exception {
        AuditLog log = AuditLog.open(freshDatabase());
        log.append(new AuditEvent("x".repeat(10_000), "login.refused", "y".repeat(5_000), "z".repeat(50_000), "::1"));

        AuditEntry entry = log.entries(1, 1).get(0);
        assertEquals(AuditEvent.ACTOR_MAX, entry.actor().length());
        assertTrue(entry.actor().endsWith("…"));
        assertEquals(AuditEvent.DETAIL_MAX, entry.detail().length());
        assertTrue(log.verify().intact());
    }

    private static AuditLog appendFive(DataSource db) throws SQLException {
        AuditLog log = AuditLog.open(db);
        for (int i = 1; i <= 5; i++) {
            log.append(AuditEvent.of("operator-" + i, "participant.update", "iso6523-actorid-upis::9970:" + i)
                    .withDetail("change " + i));
        }
        assertTrue(log.verify().intact());
        return log;
    }

    private static List<Long> appendConcurrently(List<AuditLog> logs, int threads, int each) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                AuditLog log = logs.get(t % logs.size());
                int thread = t;
                jobs.add(pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(log.append(AuditEvent.of("thread-" + thread, "test.append", "entry " + i)));
                    }
                    return mine;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> job : jobs) all.addAll(job.get());
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    static void sql(DataSource db, String statement) throws SQLException {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
