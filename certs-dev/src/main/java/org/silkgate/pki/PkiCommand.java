package org.silkgate.pki;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.silkgate.security.Keystores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./silkgate pki}: create, show and extend the development PKI. Exit codes: 0 ok, 2 bad input. */
@Command(
        name = "silkgate pki",
        description = "Create and inspect the CAREC development PKI (certificates, CRLs, trust store).",
        subcommands = {PkiCommand.Init.class, PkiCommand.Show.class, PkiCommand.Issue.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:unexpected internal error (with a stack trace)",
            "2:bad input (unknown country, unwritable directory, bad password file, ...) or usage"
        })
public final class PkiCommand implements Runnable {

    public static final int BAD_INPUT = 2;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int exitCode = execute(out, err, args);
        out.flush();
        err.flush();
        System.exit(exitCode);
    }

    /** Runs one command line; what {@code main} does, without exiting the JVM. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new PkiCommand())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    if (e instanceof PkiException) {
                        line.getErr().println("silkgate pki: " + e.getMessage());
                        return BAD_INPUT;
                    }
                    throw e;
                });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: init, show or issue");
    }

    @Command(name = "init", description = "Create a complete development PKI in a new or empty directory.")
    static final class Init extends Subcommand {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "PKI directory to create")
        Path dir;

        @Option(
                names = "--countries",
                split = ",",
                paramLabel = "CC",
                description = "CAREC countries that get an access point (default: ${DEFAULT-VALUE}); "
                        + "one of AF, AZ, CN, GE, KZ, KG, MN, PK, TJ, TM, UZ")
        List<String> countries = new ArrayList<>(PkiOptions.DEFAULT_COUNTRIES);

        @Option(
                names = "--validity-days",
                paramLabel = "DAYS",
                description = "validity of the end-entity certificates and the CRLs (default: ${DEFAULT-VALUE})")
        int validityDays = PkiOptions.DEFAULT_VALIDITY_DAYS;

        @Option(
                names = "--password-file",
                paramLabel = "FILE",
                description = "one password for every keystore (else generated into passwords.properties)")
        Path passwordFile;

        @Option(names = "--force", description = "replace the PKI files of a non-empty directory")
        boolean force;

        @Option(
                names = "--hostname",
                paramLabel = "NAME",
                split = ",",
                description = "a further name (DNS name or IP address) the TLS server certificates are valid for, "
                        + "besides localhost and 127.0.0.1; repeatable")
        List<String> hostnames = new ArrayList<>();

        @Override
        public Integer call() throws PkiException {
            PkiManifest manifest = DevPki.init(
                    new PkiOptions(dir, countries, validityDays, Optional.ofNullable(passwordFile), force, hostnames));
            PrintWriter out = out();
            out.printf(
                    "created the development PKI in %s: %d files%n",
                    dir.toAbsolutePath().normalize(), manifest.files().size());
            out.println(
                    passwordFile == null
                            ? "keystore passwords: " + dir.resolve(Keystores.PASSWORDS_FILE) + " (mode 0600)"
                            : "keystore passwords: the content of " + passwordFile);
            return 0;
        }
    }

    @Command(name = "show", description = "Print the manifest (pki.json) as a table.")
    static final class Show extends Subcommand {
        @Parameters(paramLabel = "DIR", description = "PKI directory")
        Path dir;

        @Override
        public Integer call() throws PkiException {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"FILE", "PURPOSE", "SUBJECT", "NOT BEFORE", "NOT AFTER", "SERIAL", "SHA-256"});
            for (PkiEntry e : DevPki.load(dir).entries()) {
                rows.add(new String[] {
                    e.file(),
                    e.purpose(),
                    e.subject(),
                    day(e.notBefore()),
                    day(e.notAfter()),
                    e.serial(),
                    e.sha256Fingerprint()
                });
            }
            out().print(table(rows));
            return 0;
        }

        private static String day(java.time.Instant instant) {
            return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
        }
    }

    @Command(
            name = "issue",
            description = "Add one access point certificate (ap-CC.p12, ap-CC.pem) and its TLS server certificate "
                    + "(tls-CC.p12, tls-CC.pem) to an existing PKI.")
    static final class Issue extends Subcommand {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "existing PKI directory")
        Path dir;

        @Option(names = "--country", required = true, paramLabel = "CC", description = "CAREC country code")
        String country;

        @Option(names = "--validity-days", paramLabel = "DAYS", description = "validity (default: ${DEFAULT-VALUE})")
        int validityDays = PkiOptions.DEFAULT_VALIDITY_DAYS;

        @Option(
                names = "--password-file",
                paramLabel = "FILE",
                description = "the PKI's password file, if it was created with one")
        Path passwordFile;

        @Option(
                names = "--hostname",
                paramLabel = "NAME",
                split = ",",
                description = "a further name (DNS name or IP address) the TLS server certificate is valid for, "
                        + "besides localhost and 127.0.0.1; repeatable")
        List<String> hostnames = new ArrayList<>();

        @Override
        public Integer call() throws PkiException {
            PkiManifest manifest =
                    DevPki.issue(dir, country, validityDays, Optional.ofNullable(passwordFile), hostnames);
            CarecCountry added = CarecCountry.of(country);
            for (String file : List.of(added.keystoreFile(), added.tlsKeystoreFile())) {
                PkiEntry entry = manifest.entry(file).orElseThrow();
                out().printf("issued %s: %s, valid until %s%n", file, entry.subject(), entry.notAfter());
            }
            return 0;
        }
    }

    /** What every subcommand has: {@code --help} and its output stream. */
    abstract static class Subcommand implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    /** {@code -h}/{@code --help} on every command; no {@code --version}, the launcher has none. */
    static final class HelpOption {
        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "Show this help message and exit.")
        boolean requested;
    }

    static String table(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                text.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            text.append(System.lineSeparator());
        }
        return text.toString();
    }
}
