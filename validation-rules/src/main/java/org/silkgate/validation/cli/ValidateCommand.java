package org.silkgate.validation.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.silkgate.validation.DocumentValidator;
import org.silkgate.validation.Language;
import org.silkgate.validation.Outcome;
import org.silkgate.validation.ValidationReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./silkgate validate [--format text|json] [--lang en|ru|zh] PATH...}: validates files and directories
 * (recursively, *.xml). Exit 0 when every document is valid (warnings allowed), 1 when any is invalid, 2 when a file
 * is unreadable, not XML or of an unknown document type, or the arguments are wrong.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        version = "SilkGate validate 0.1.0",
        description = {
            "Validates UBL documents (plain or SBDH-wrapped) against the UBL XSD and the CAREC or Peppol "
                    + "rule sets (BIS Billing 3.0, Message Level Status, Message Level Response, Invoice Response).",
            "Exit codes: 0 all valid (warnings allowed), 1 any invalid, 2 unreadable, not XML, unknown document "
                    + "type or wrong arguments."
        })
public final class ValidateCommand implements Callable<Integer> {
    static final int ALL_VALID = 0;
    static final int SOME_INVALID = 1;
    static final int UNUSABLE = 2;
    private static final int PROGRESS_ABOVE = 5;

    enum Format {
        text,
        json
    }

    @Option(
            names = "--format",
            paramLabel = "text|json",
            defaultValue = "text",
            description = "text: one line per document, then its findings (default); json: an array of reports")
    Format format;

    @Option(
            names = "--lang",
            paramLabel = "en|ru|zh",
            defaultValue = "en",
            converter = LanguageConverter.class,
            description = "language of the messages; rules without a translation fall back to English (default en)")
    Language language;

    @Parameters(
            arity = "1..*",
            paramLabel = "PATH",
            description = "XML files or directories (searched recursively for *.xml)")
    List<Path> paths;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Supplier<DocumentValidator> validators;

    public ValidateCommand() {
        this(DocumentValidator::create);
    }

    /** For callers that already hold a validator (creating one compiles every rule set). */
    public ValidateCommand(Supplier<DocumentValidator> validators) {
        this.validators = validators;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new ValidateCommand()).execute(args));
    }

    /** The picocli command line with SilkGate's exit codes for bad arguments. */
    public static CommandLine commandLine(ValidateCommand command) {
        CommandLine cli = new CommandLine(command);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("validate: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return UNUSABLE;
        });
        return cli;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(p -> Files.isRegularFile(p)
                                    && p.getFileName().toString().endsWith(".xml"))
                            .sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    missing.add(path + ": cannot list directory: " + e.getMessage());
                }
            } else if (Files.exists(path)) {
                files.add(path);
            } else {
                missing.add(path + ": no such file or directory");
            }
        }
        missing.forEach(m -> err.println("validate: " + m));
        if (files.isEmpty()) {
            if (missing.isEmpty()) err.println("validate: no *.xml files found in " + paths);
            return UNUSABLE;
        }

        DocumentValidator validator = validators.get();
        List<ValidationReport> reports = new ArrayList<>();
        Progress progress = new Progress(err, files.size() > PROGRESS_ABOVE);
        for (Path file : files) {
            progress.show("validating " + (reports.size() + 1) + "/" + files.size() + " " + file.getFileName());
            ValidationReport report = validator.validate(file);
            reports.add(report);
            if (format == Format.text) {
                progress.clear();
                out.print(report.toText(language));
                out.flush();
            }
        }
        progress.finish(files.size() + " documents validated");
        if (format == Format.json) out.println(ValidationReport.toJson(reports, language));
        out.flush();
        return exitCode(reports, !missing.isEmpty());
    }

    /**
     * One self-overwriting status line on stderr, kept apart from the reports on stdout. When stderr is not a
     * terminal (a log, a pipe) only the closing line is written: carriage returns would litter the log.
     */
    private static final class Progress {
        private final PrintWriter err;
        private final boolean enabled;
        private final boolean interactive = System.console() != null;
        private int shown;

        Progress(PrintWriter err, boolean enabled) {
            this.err = err;
            this.enabled = enabled;
        }

        void show(String line) {
            if (!enabled || !interactive) return;
            clear();
            err.print(line);
            err.flush();
            shown = line.length();
        }

        void clear() {
            if (!enabled || shown == 0) return;
            err.print("\r" + " ".repeat(shown) + "\r");
            err.flush();
            shown = 0;
        }

        void finish(String line) {
            if (!enabled) return;
            clear();
            err.println(line);
            err.flush();
        }
    }

    static int exitCode(List<ValidationReport> reports, boolean somethingUnreadable) {
        boolean unusable = somethingUnreadable;
        boolean invalid = false;
        for (ValidationReport r : reports) {
            if (r.outcome() == Outcome.NOT_XML || r.outcome() == Outcome.UNKNOWN_DOCUMENT_TYPE) unusable = true;
            if (r.outcome() == Outcome.INVALID) invalid = true;
        }
        return unusable ? UNUSABLE : invalid ? SOME_INVALID : ALL_VALID;
    }

    static final class LanguageConverter implements CommandLine.ITypeConverter<Language> {
        @Override
        public Language convert(String value) {
            try {
                return Language.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
