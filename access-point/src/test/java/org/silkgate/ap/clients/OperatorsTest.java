package org.silkgate.ap.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.ApCommand;
import org.silkgate.ap.files.Durability;
import org.silkgate.ap.journal.Journal;
import org.silkgate.security.audit.AuditEntry;

/** {@code ap operator add} keeps a salted hash, a sign-in checks it, and every refusal is audited. */
class OperatorsTest {
    @TempDir
    Path data;

    @Test
    void anOperatorAddedOfflineSignsInWithItsPasswordOnlyAndEachRefusalIsAudited() throws Exception {
        Path passwordFile = data.resolve("password.txt");
        Files.writeString(passwordFile, "correct horse battery\n", StandardCharsets.UTF_8);

        Result added = run(
                "operator",
                "add",
                "--data",
                data.toString(),
                "--name",
                "aigerim",
                "--password-file",
                passwordFile.toString());
        assertEquals(0, added.exitCode(), added.err());
        assertTrue(added.out().contains("console operator aigerim created"), added.out());
        Result again = run(
                "operator",
                "add",
                "--data",
                data.toString(),
                "--name",
                "aigerim",
                "--password-file",
                passwordFile.toString());
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("an operator named aigerim exists already"), again.err());

        try (Journal journal =
                Journal.open(Journal.defaultJdbcUrl(data), Durability.PROCESS_CRASH, Clock.systemUTC())) {
            Operators operators = new Operators(journal.database(), journal.audit(), Clock.systemUTC());
            assertEquals(List.of("aigerim"), operators.names());
            assertEquals(
                    Optional.of("aigerim"),
                    operators.signIn("aigerim", "correct horse battery".toCharArray(), "192.0.2.1"));
            assertEquals(
                    Optional.empty(), operators.signIn("aigerim", "correct horse battery ".toCharArray(), "192.0.2.2"));
            assertEquals(
                    Optional.empty(), operators.signIn("nobody", "correct horse battery".toCharArray(), "192.0.2.3"));

            List<AuditEntry> refusals = journal.audit().entries(1, 100).stream()
                    .filter(e -> e.action().equals("console.sign-in-refused"))
                    .toList();
            assertEquals(2, refusals.size());
            assertEquals("wrong password for aigerim", refusals.get(0).detail());
            assertEquals("192.0.2.2", refusals.get(0).clientAddress());
            assertEquals("unknown operator nobody", refusals.get(1).detail());
            try (var connection = journal.database().getConnection();
                    var rows =
                            connection.createStatement().executeQuery("SELECT password_hash FROM console_operator")) {
                assertTrue(rows.next());
                String stored = rows.getString(1);
                assertTrue(stored.startsWith("pbkdf2-sha512$210000$"), stored);
                assertFalse(stored.contains("horse"));
            }
        }
    }

    @Test
    void afterFiveWrongPasswordsForANameEvenTheRightOneWaitsAndTheWaitIsAudited() throws Exception {
        Path folder = data.resolve("throttled");
        try (Journal journal =
                Journal.open(Journal.defaultJdbcUrl(folder), Durability.PROCESS_CRASH, Clock.systemUTC())) {
            Operators operators = new Operators(journal.database(), journal.audit(), Clock.systemUTC());
            operators.add("bolat", "the right password".toCharArray(), "test");
            for (int i = 1; i <= 5; i++) {
                assertEquals(
                        Optional.empty(), operators.signIn("bolat", ("guess " + i).toCharArray(), "198.51.100." + i));
            }

            Operators.Throttled waiting = org.junit.jupiter.api.Assertions.assertThrows(
                    Operators.Throttled.class,
                    () -> operators.signIn("bolat", "the right password".toCharArray(), "198.51.100.9"));

            assertTrue(waiting.seconds() > 0 && waiting.seconds() <= 15 * 60, waiting.getMessage());
            assertTrue(waiting.getMessage().contains("too many failed logins for user 'bolat'"), waiting.getMessage());
            assertEquals(
                    1,
                    journal.audit().entries(1, 100).stream()
                            .filter(e -> e.action().equals("console.sign-in-throttled"))
                            .count());
            assertEquals(
                    Optional.of("rustam"),
                    signInAnother(operators, "rustam"),
                    "another operator from another address is not held back");
        }
    }

    private static Optional<String> signInAnother(Operators operators, String name) {
        operators.add(name, "another right password".toCharArray(), "test");
        return operators.signIn(name, "another right password".toCharArray(), "203.0.113.7");
    }

    @Test
    void aShortPasswordOrAMissingFileIsRefusedNamingWhatIsWrong() throws Exception {
        Path shortPassword = data.resolve("short.txt");
        Files.writeString(shortPassword, "hunter2\n");

        Result tooShort = run(
                "operator",
                "add",
                "--data",
                data.toString(),
                "--name",
                "kz-ops",
                "--password-file",
                shortPassword.toString());
        Result missing = run(
                "operator",
                "add",
                "--data",
                data.toString(),
                "--name",
                "kz-ops",
                "--password-file",
                data.resolve("nowhere.txt").toString());

        assertEquals(1, tooShort.exitCode());
        assertTrue(tooShort.err().contains("must have at least 12 characters"), tooShort.err());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("--password-file: cannot read"), missing.err());
    }

    @Test
    void twoHashesOfOnePasswordDifferByTheirSalt() {
        String first = PasswordHash.hash("the same password".toCharArray());
        String second = PasswordHash.hash("the same password".toCharArray());
        assertFalse(first.equals(second));
        assertTrue(PasswordHash.matches("the same password".toCharArray(), first));
        assertTrue(PasswordHash.matches("the same password".toCharArray(), second));
        assertFalse(PasswordHash.matches("the same passworD".toCharArray(), first));
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ApCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
