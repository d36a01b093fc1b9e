package org.silkgate.ap;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.silkgate.ap.clients.ApiClient;
import org.silkgate.ap.clients.ApiClients;
import org.silkgate.ap.clients.Operators;
import org.silkgate.ap.files.Durability;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.reporting.EndUserStatistics;
import org.silkgate.ap.reporting.NetworkStatistics;
import org.silkgate.ap.reporting.PeppolReports;
import org.silkgate.ap.reporting.ReportValidator;
import org.silkgate.ap.reporting.TransactionStatistics;
import org.silkgate.security.audit.AuditVerification;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code ap} commands that work on an access point's journal database rather than on a running access point:
 * its API clients, its audit log and the Peppol reports. With the default H2 journal the access point must be stopped (H2 locks its
 * file); a running one manages its clients through {@code /api/v1/clients}.
 */
final class ApOfflineCommands {
    private ApOfflineCommands() {}

    /** Where an access point keeps its journal. */
    static final class JournalLocation {
        @Option(names = "--data", required = true, paramLabel = "DIR", description = "the access point's data folder")
        Path data;

        @Option(
                names = "--db",
                paramLabel = "JDBC-URL",
                description = "the journal database (default: H2 file under --data)")
        String db;

        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        /**
         * Runs {@code work} on the opened journal; exit 2 naming the command when the journal cannot be used, 1 when
         * {@code work} refuses its input (an {@link IllegalArgumentException}).
         */
        int with(String command, Function<Journal, Integer> work) {
            try (Journal journal = Journal.open(
                    db != null ? db : Journal.defaultJdbcUrl(data), Durability.PROCESS_CRASH, Clock.systemUTC())) {
                return work.apply(journal);
            } catch (IllegalArgumentException refused) {
                spec.commandLine().getErr().println(command + ": " + refused.getMessage());
                return 1;
            } catch (RuntimeException unusable) {
                spec.commandLine().getErr().println(command + ": " + unusable.getMessage());
                return 2;
            }
        }

        int withClients(String command, Function<ApiClients, Integer> work) {
            return with(
                    command,
                    journal -> work.apply(new ApiClients(journal.database(), journal.audit(), Clock.systemUTC())));
        }

        void println(String line) {
            spec.commandLine().getOut().println(line);
        }

        void print(String text) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
    }

    /** Who did it, as the audit log names a change made at the machine's console. */
    private static String console() {
        return "local:" + System.getProperty("user.name");
    }

    @Command(
            name = "client",
            mixinStandardHelpOptions = true,
            subcommands = {ClientAdd.class, ClientList.class, ClientRemove.class},
            description = {
                "The back-office API's clients. With the default H2 journal, stop the access point first, or "
                        + "manage clients through the API as an operator (POST/GET /api/v1/clients, DELETE /api/v1/clients/NAME)."
            })
    static final class Client implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing command: add, list or remove");
        }
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Create an API client; its token is printed once, as the last line, and kept only hashed.")
    static final class ClientAdd implements Callable<Integer> {
        @CommandLine.Mixin
        JournalLocation journal;

        @Option(names = "--name", required = true, description = "the client's name (letters, digits, . _ -)")
        String name;

        @Option(
                names = "--participants",
                paramLabel = "ICD:ID",
                split = ",",
                description = "the participants the client submits as and reads the messages of (9970:980540001256,…)")
        List<String> participants = new ArrayList<>();

        @Option(
                names = "--operator",
                description = "an operator: any participant, every message, resend, clients, /metrics")
        boolean operator;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ApiClient client;
            try {
                client = new ApiClient(
                        name, participants.stream().map(ParticipantId::parse).collect(Collectors.toSet()), operator);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            return journal.withClients("ap client add", clients -> {
                String token = clients.add(client, console());
                journal.println("API client " + name + " created; its token (shown only now):");
                journal.println(token);
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the API clients (never their tokens).")
    static final class ClientList implements Callable<Integer> {
        @CommandLine.Mixin
        JournalLocation journal;

        @Override
        public Integer call() {
            return journal.withClients("ap client list", clients -> {
                for (ApiClient client : clients.list()) {
                    journal.println(client.name() + (client.operator() ? "  operator" : "") + "  "
                            + client.participants().stream()
                                    .map(ParticipantId::uri)
                                    .sorted()
                                    .toList());
                }
                return 0;
            });
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Remove an API client: its token stops working.")
    static final class ClientRemove implements Callable<Integer> {
        @CommandLine.Mixin
        JournalLocation journal;

        @Option(names = "--name", required = true, description = "the client's name")
        String name;

        @Override
        public Integer call() {
            return journal.withClients("ap client remove", clients -> {
                if (!clients.remove(name, console())) throw new IllegalArgumentException("no client named " + name);
                journal.println("API client " + name + " removed");
                return 0;
            });
        }
    }

    @Command(
            name = "node",
            mixinStandardHelpOptions = true,
            subcommands = {NodeList.class, NodeRemove.class},
            description = {
                "The nodes of an access point that share its PostgreSQL journal, as /health lists them; remove one "
                        + "that was killed and will not come back, so that /health stops reporting it lost."
            })
    static final class Node implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing command: list or remove");
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the nodes: name, state, last heartbeat.")
    static final class NodeList implements Callable<Integer> {
        @CommandLine.Mixin
        JournalLocation journal;

        @Override
        public Integer call() {
            return journal.with("ap node list", opened -> {
                java.time.Instant liveSince = org.silkgate.ap.work.NodeMembership.liveSince(Clock.systemUTC());
                for (var run : opened.nodes().runs()) {
                    journal.println(run.node() + "\t" + run.state(liveSince) + "\t" + run.heartbeatAt());
                }
                return 0;
            });
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Forget a node that is lost or stopped (a live node is refused).")
    static final class NodeRemove implements Callable<Integer> {
        @CommandLine.Mixin
        JournalLocation journal;

        @Option(names = "--name", required = true, description = "the node's name")
        String name;

        @Override
        public Integer call() {
            return journal.with("ap node remove", opened -> {
                java.time.Instant liveSince = org.silkgate.ap.work.NodeMembership.liveSince(Clock.systemUTC());
                if (!opened.nodes().forget(name, liveSince)) {
                    throw new IllegalArgumentException("no lost or stopped node named " + name
                            + " (a live node cannot be removed: stop it first)");
                }
                journal.println("node " + name + " removed");
                return 0;
            });
        }
    }

    @Command(
            name = "operator",
            mixinStandardHelpOptions = true,
            subcommands = {OperatorAdd.class, OperatorList.class},
            description = {
                "The operators who sign in to the console (/console on the API listener). With the default H2 "
                        + "journal, stop the access point first (H2 locks its file)."
            })
    static final class Operator implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing command: add or list");
        }
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Create a console operator; the password is read from a file (its first line) and kept only"
                    + " as a salted PBKDF2 hash.")
    static final class OperatorAdd implements Callable<Integer> {
        @CommandLine.Mixin
        JournalLocation journal;

        @Option(names = "--name", required = true, description = "the operator's name (letters, digits, . _ -)")
        String name;

        @Option(
                names = "--password-file",
                required = true,
                paramLabel = "FILE",
                description = "a file whose first line is the password (at least " + Operators.MIN_PASSWORD_LENGTH
                        + " characters)")
        Path passwordFile;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            char[] password;
            try {
                // the first line only, so that the newline an editor adds is not part of the password
                password = java.nio.file.Files.readAllLines(passwordFile).stream()
                        .findFirst()
                        .orElse("")
                        .toCharArray();
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--password-file: cannot read " + passwordFile + ": " + e.getMessage());
            }
            try {
                return journal.with("ap operator add", opened -> {
                    new Operators(opened.database(), opened.audit(), Clock.systemUTC()).add(name, password, console());
                    journal.println("console operator " + name + " created");
                    return 0;
                });
            } finally {
                java.util.Arrays.fill(password, '\0');
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the console operators.")
    static final class OperatorList implements Callable<Integer> {
        @CommandLine.Mixin
        JournalLocation journal;

        @Override
        public Integer call() {
            return journal.with("ap operator list", opened -> {
                new Operators(opened.database(), opened.audit(), Clock.systemUTC())
                        .names()
                        .forEach(journal::println);
                return 0;
            });
        }
    }

    @Command(
            name = "audit",
            mixinStandardHelpOptions = true,
            subcommands = {AuditVerify.class},
            description = "The access point's tamper-evident audit log (in the journal's database).")
    static final class Audit implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing command: verify");
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description =
                    "Walk the audit log's hash chain: exit 0 with the entry count when intact, 1 naming the first "
                            + "broken entry when a row was changed or deleted, 2 when the journal cannot be opened. With the "
                            + "default H2 journal, stop the access point first (H2 locks its file).")
    static final class AuditVerify implements Callable<Integer> {
        @CommandLine.Mixin
        JournalLocation journal;

        @Override
        public Integer call() {
            return journal.with("ap audit verify", opened -> {
                AuditVerification result;
                try {
                    result = opened.audit().verify();
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                journal.println(result.report());
                return result.exitCode();
            });
        }
    }

    @Command(
            name = "report",
            mixinStandardHelpOptions = true,
            description = {
                "Write a month's Peppol Transaction Statistics Report (TSR 1.0) and End User Statistics Report (EUSR 1.1)"
                        + " from the journal, as tsr-YYYY-MM.xml and eusr-YYYY-MM.xml, after checking each against its"
                        + " official XSD and Schematron.",
                "Exit 0 when written, 1 naming the broken rule (nothing is written), 2 when the journal cannot be"
                        + " opened. With the default H2 journal, stop the access point first (H2 locks its file)."
            })
    static final class Report implements Callable<Integer> {
        @CommandLine.Mixin
        JournalLocation journal;

        @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "the month (UTC)")
        java.time.YearMonth month;

        @Option(
                names = "--out",
                paramLabel = "DIR",
                description = "where to write the reports (default: the current folder)")
        Path out = Path.of(".");

        @Option(
                names = "--ap-id",
                paramLabel = "ID",
                description = "this access point's id (default: the id it journaled its messages under)")
        String apId;

        @Override
        public Integer call() {
            return journal.with("ap report", opened -> {
                String reporter = apId != null
                        ? apId
                        : opened.lastAccessPointId()
                                .orElseThrow(() -> new IllegalArgumentException(
                                        "the journal does not name this access point: give --ap-id"));
                try {
                    PeppolReports.Written written =
                            PeppolReports.withOfficialRules().write(opened, month, reporter, out);
                    TransactionStatistics tsr = written.reports().transactions();
                    journal.println("TSR " + month + ": " + tsr.incoming() + " incoming, " + tsr.outgoing()
                            + " outgoing -> " + written.transactions());
                    EndUserStatistics.Counts users =
                            written.reports().endUsers().fullSet();
                    journal.println("EUSR " + month + ": " + users.sending() + " sending, " + users.receiving()
                            + " receiving, " + users.sendingOrReceiving() + " end users -> " + written.endUsers());
                    return 0;
                } catch (ReportValidator.ReportRefused refused) {
                    throw new IllegalArgumentException(refused.getMessage(), refused);
                } catch (java.io.UncheckedIOException unwritable) {
                    throw new IllegalArgumentException(unwritable.getMessage(), unwritable);
                }
            });
        }
    }

    @Command(
            name = "statistics",
            mixinStandardHelpOptions = true,
            description = {
                "At the reporting receiver (the CAREC Secretariat's access point): the month's cross-border table from the"
                        + " Transaction Statistics Reports received, per sender and receiver country and document type"
                        + " (each reporter's latest report of the month counts).",
                "Exit 0, 2 when the journal cannot be opened. With the default H2 journal, stop the access point first;"
                        + " a running one answers GET /api/v1/statistics?month=YYYY-MM."
            })
    static final class Statistics implements Callable<Integer> {
        @CommandLine.Mixin
        JournalLocation journal;

        @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "the month (UTC)")
        java.time.YearMonth month;

        @Option(names = "--format", defaultValue = "text", description = "text, csv or json (default ${DEFAULT-VALUE})")
        String format;

        @Override
        public Integer call() {
            return journal.with("ap statistics", opened -> {
                NetworkStatistics.Table table =
                        NetworkStatistics.of(opened, new MessageFiles(journal.data, Durability.PROCESS_CRASH), month);
                switch (format) {
                    case "text" -> journal.print(table.text());
                    case "csv" -> journal.print(table.csv());
                    case "json" -> journal.print(table.json());
                    default -> throw new IllegalArgumentException("--format: text, csv or json, got '" + format + "'");
                }
                return 0;
            });
        }
    }
}
