package org.silkgate.validation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.validation.SharedValidator;
import org.silkgate.validation.examples.Examples;
import org.silkgate.validation.examples.Examples.Example;
import picocli.CommandLine;

class ValidateCommandTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = ValidateCommand.commandLine(new ValidateCommand(SharedValidator::get));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path copy(Example example, String name) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, example.bytes());
    }

    @Test
    void exitsZeroWhenEveryDocumentIsValid() throws IOException {
        Path invoice = copy(Examples.valid("billing", "Invoice"), "invoice.xml");
        Run run = run(invoice.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().startsWith("VALID"), run.out());
    }

    @Test
    void peppolResponsesExitZeroWhenValidAndOneWhenABrokenOneIsAmongThem() throws IOException {
        for (String folder : new String[] {"mls", "mlr", "invoice-response"}) {
            for (Example e : Examples.of(folder)) {
                copy(e, (e.valid() ? "ok/" : "all/") + folder + "-" + e.fileName());
                if (e.valid()) copy(e, "all/" + folder + "-" + e.fileName());
            }
        }
        Run valid = run(dir.resolve("ok").toString());
        assertEquals(0, valid.exitCode(), valid.out() + valid.err());
        assertTrue(valid.out().contains("[Peppol Message Level Status 1.0, ApplicationResponse]"), valid.out());

        Run mixed = run(dir.resolve("all").toString());
        assertEquals(1, mixed.exitCode(), mixed.out() + mixed.err());
        for (String rule : new String[] {"SCH-MLS-25", "PEPPOL-T71-B02801", "PEPPOL-T111-R001"}) {
            assertTrue(mixed.out().contains(rule), mixed.out());
        }
    }

    @Test
    void exitsOneWhenADocumentIsInvalidAndPrintsTheRuleInTheChosenLanguage() throws IOException {
        Example broken = Examples.all().stream()
                .filter(e -> e.expectedRuleId().orElse("").startsWith("CAREC-ORD"))
                .findFirst()
                .orElseThrow();
        copy(Examples.valid("billing", "Invoice"), "in/a-valid.xml");
        copy(broken, "in/sub/b-broken.xml");
        Run run = run("--lang", "ru", dir.resolve("in").toString());
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains(broken.expectedRuleId().orElseThrow()), run.out());
        assertTrue(
                run.out().chars().anyMatch(c -> Character.UnicodeBlock.of(c) == Character.UnicodeBlock.CYRILLIC),
                "Russian message expected:\n" + run.out());
    }

    @Test
    void exitsTwoForNotXmlAndUnknownDocumentTypes() throws IOException {
        Path notXml = Files.writeString(dir.resolve("notes.xml"), "this is not xml");
        Path unknown = Files.writeString(dir.resolve("legacy.xml"), "<purchase/>");
        assertEquals(2, run(notXml.toString()).exitCode());
        Run run = run(
                unknown.toString(),
                copy(Examples.valid("billing", "Invoice"), "ok.xml").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.out().contains("UNKNOWN") && run.out().contains("'purchase'"), run.out());
    }

    @Test
    void exitsTwoForBadArgumentsAndMissingFiles() {
        assertEquals(2, run().exitCode());
        assertEquals(2, run("--lang", "fr", "x.xml").exitCode());
        assertEquals(2, run("--format", "yaml", "x.xml").exitCode());
        Run missing = run(dir.resolve("absent.xml").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    void jsonFormatPrintsAnArrayOfReportsAndShowsProgressForManyFiles() throws Exception {
        for (Example e : Examples.of("billing")) copy(e, e.documentType() + "-" + e.fileName());
        Run run = run("--format", "json", "--lang", "zh", dir.toString());
        JsonNode reports = new ObjectMapper().readTree(run.out());
        assertTrue(reports.isArray());
        assertEquals(Examples.of("billing").size(), reports.size());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("documents validated"), run.err());
    }
}
