package org.silkgate.smp.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.security.audit.AuditEntry;
import org.silkgate.smp.store.Database;

class SmpUsersTest {
    private static final char[] PASSWORD = "operator-password".toCharArray();

    @TempDir
    Path dir;

    @Test
    void anUnknownUserNameCostsTheSamePbkdf2DerivationAsAWrongPassword() throws Exception {
        try (Database db = Database.open(Database.h2Url(dir), null, null)) {
            SmpUsers users = new SmpUsers(db);
            users.add("kz-operator", PASSWORD, IcdScope.of("9970"));

            assertEquals(
                    1,
                    derivationsFor(() -> assertEquals(Optional.empty(), users.authenticate("no-such-user", PASSWORD))),
                    "an unknown name runs one PBKDF2 derivation");
            assertEquals(
                    1,
                    derivationsFor(() -> assertEquals(
                            Optional.empty(), users.authenticate("kz-operator", "wrong-password".toCharArray()))),
                    "a known name with a wrong password runs one PBKDF2 derivation");
            assertEquals(
                    1,
                    derivationsFor(() ->
                            assertEquals(Optional.of("kz-operator"), users.authenticate("kz-operator", PASSWORD))));
            assertEquals(
                    0,
                    derivationsFor(() -> users.authenticate("kz-operator", PASSWORD)),
                    "a remembered success costs none");
            assertEquals(
                    1,
                    derivationsFor(() -> users.authenticate("no-such-user", PASSWORD)),
                    "an unknown name is never remembered");
        }
    }

    @Test
    void everyUserChangeIsAppendedToTheAuditLog() throws Exception {
        try (Database db = Database.open(Database.h2Url(dir), null, null)) {
            SmpUsers users = new SmpUsers(db, "local:admin");
            users.add("ge-operator", PASSWORD, IcdScope.of("9972"));
            users.changePassword("ge-operator", "another-password".toCharArray());
            users.setIcds("ge-operator", IcdScope.of("9972", "0088"));
            users.remove("ge-operator");

            List<AuditEntry> entries = db.audit().entries(1, 10);
            assertEquals(
                    List.of("user.add", "user.password", "user.icds", "user.remove"),
                    entries.stream().map(AuditEntry::action).toList());
            assertTrue(entries.stream()
                    .allMatch(
                            e -> e.actor().equals("local:admin") && e.subject().equals("ge-operator")));
            assertEquals("ICDs 9972", entries.get(0).detail());
            assertEquals("ICDs 9972 -> 0088,9972", entries.get(2).detail());
            assertTrue(db.audit().verify().intact());
            assertEquals(Optional.empty(), users.authenticate("ge-operator", "another-password".toCharArray()));
        }
    }

    @Test
    void refusedChangesNameTheProblemAndLeaveNoAuditEntry() throws Exception {
        try (Database db = Database.open(Database.h2Url(dir), null, null)) {
            SmpUsers users = new SmpUsers(db);
            users.add("kz-operator", PASSWORD, IcdScope.of("9970"));

            assertEquals(
                    "user 'kz-operator' exists already",
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> users.add("kz-operator", PASSWORD, IcdScope.of("9970")))
                            .getMessage());
            assertEquals(
                    "there is no user 'nobody'",
                    assertThrows(IllegalArgumentException.class, () -> users.remove("nobody"))
                            .getMessage());
            assertEquals(
                    "'99x' in the ICD list '9970,99x' is not an ICD: an ICD is four digits, e.g. 9970",
                    assertThrows(IllegalArgumentException.class, () -> IcdScope.parse("9970,99x"))
                            .getMessage());
            assertEquals(1, db.audit().entries(1, 10).size(), "only the first add");
        }
    }

    @Test
    void aUserWhoOwnsParticipantsCannotBeRemoved() throws Exception {
        try (Database db = Database.open(Database.h2Url(dir), null, null)) {
            SmpUsers users = new SmpUsers(db);
            users.add("kz-operator", PASSWORD, IcdScope.of("9970"));
            db.inTransaction(c -> {
                try (PreparedStatement ps =
                        c.prepareStatement("INSERT INTO participant (participant_key, scheme, id_value, owner_name, "
                                + "updated_at) VALUES ('iso6523-actorid-upis::9970:980540001256', 'iso6523-actorid-upis', '9970:980540001256', "
                                + "'kz-operator', ?)")) {
                    ps.setTimestamp(1, Timestamp.from(Instant.now()));
                    return ps.executeUpdate();
                }
            });

            IllegalArgumentException refused =
                    assertThrows(IllegalArgumentException.class, () -> users.remove("kz-operator"));
            assertTrue(
                    refused.getMessage().startsWith("user 'kz-operator' still owns 1 participant(s)"),
                    refused.getMessage());
        }
    }

    @Test
    void usersFromBeforeIcdScopesAreMigratedWithNoIcdsAndKeepTheirPassword() throws Exception {
        String url = Database.h2Url(dir);
        Flyway.configure()
                .dataSource(url, "", "")
                .locations("classpath:db/smp")
                .table("smp_schema_history")
                .target("1")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url, "", "");
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO smp_user (name, password_hash, created_at) VALUES (?, ?, ?)")) {
            ps.setString(1, "old-operator");
            ps.setString(2, PasswordHash.hash(PASSWORD));
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }

        try (Database db = Database.open(url, null, null)) {
            SmpUsers users = new SmpUsers(db);
            assertEquals(Optional.of("old-operator"), users.authenticate("old-operator", PASSWORD));
            assertEquals(Optional.of(IcdScope.NONE), users.icds("old-operator"));
            users.setIcds("old-operator", IcdScope.of("9970"));
            assertEquals(Optional.of(IcdScope.of("9970")), users.icds("old-operator"));
            assertTrue(db.audit().verify().intact());
        }
    }

    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    private static long derivationsFor(Check check) throws Exception {
        long before = PasswordHash.DERIVATIONS.get();
        check.run();
        return PasswordHash.DERIVATIONS.get() - before;
    }
}
