package org.silkgate.demo;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import org.silkgate.ap.AccessPoint;
import org.silkgate.network.DemoNetwork;
import org.silkgate.network.DemoStory;
import org.silkgate.network.DocumentOutcome;
import org.silkgate.network.NetworkOptions;
import org.silkgate.network.Participant;
import org.silkgate.network.Participants;
import org.silkgate.network.ReportsRound;
import org.silkgate.network.StoryDocument;
import org.silkgate.network.StoryPlayer;
import org.silkgate.network.StoryResult;
import org.silkgate.validation.Language;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./silkgate demo}: the three-country network on this machine, one story played through it, and a table of
 * what arrived. Exit 0 only when every document that should arrive did, with its receipt, in the right inbox, and
 * the broken invoice was refused at the sender's access point.
 */
@Command(
        name = "silkgate demo",
        mixinStandardHelpOptions = true,
        version = "SilkGate demo 0.1.0",
        description = "Runs the Middle Corridor demo network on 127.0.0.1 (a development PKI, the SMP registry and the"
                + " access points of Kazakhstan, Azerbaijan and Georgia), registers the participants and plays a"
                + " procurement, customs and invoicing story through it.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every document arrived with its receipt in the right inbox and an MLS AP, the broken invoice was refused,"
                    + " the waived tender was rejected by the receiver, and every access point's reports reached the"
                    + " secretariat",
            "1:something did not arrive, or the network did not start (each miss is named)",
            "2:bad options or an unusable --data folder"
        })
public final class DemoCommand implements Callable<Integer> {
    /** One document may take this long from submission to delivery before it counts as lost. */
    static final Duration DOCUMENT_DEADLINE = Duration.ofSeconds(30);

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "folder for the PKI, registry and access point data (default: a new temporary folder);"
                    + " must be empty or hold a previous demo, which is wiped")
    Path data;

    @Option(
            names = "--lang",
            paramLabel = "en|ru|zh",
            defaultValue = "en",
            description = "language of the refused invoice's rule message (default ${DEFAULT-VALUE})")
    String lang;

    @Option(names = "--keep-running", description = "leave the network up afterwards and print its URLs, until Ctrl-C")
    boolean keepRunning;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private long startNanos;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoCommand()).execute(args));
    }

    @Override
    public Integer call() {
        Language language;
        Path dataDir;
        try {
            language = Language.parse(lang);
            dataDir = data == null ? DemoDataDir.temporary() : DemoDataDir.prepare(data);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        startNanos = System.nanoTime();
        out.println("SilkGate demo: the Middle Corridor network (KZ, AZ, GE) on 127.0.0.1, data in " + dataDir);
        List<StoryDocument> story = DemoStory.documents();
        DemoNetwork network;
        try {
            network = DemoNetwork.start(NetworkOptions.demo(dataDir), this::progress);
        } catch (RuntimeException e) {
            out.println();
            out.println("the network did not start: " + e.getMessage());
            out.println("data kept in " + dataDir);
            return 1;
        }
        StoryResult result;
        ReportsRound.Result reports;
        try {
            progress("playing the story: " + story.size() + " documents");
            StoryPlayer player = new StoryPlayer(network, language, DOCUMENT_DEADLINE);
            int[] step = {0};
            result = player.play(story, outcome -> progress(stepLine(++step[0], story.size(), outcome)));
            progress("the month ends: each access point sends its Peppol reports to the "
                    + Participants.SECRETARIAT.shortName());
            reports = ReportsRound.run(network, YearMonth.now(ZoneOffset.UTC), DOCUMENT_DEADLINE);
            out.println();
            out.print(StoryReport.render(result, language));
            out.println();
            out.print(ReportsTable.render(reports));
            if (keepRunning) {
                printUrls(network);
                waitForCtrlC(network);
                return result.allAsExpected() && reports.complete() ? 0 : 1;
            }
        } finally {
            if (!keepRunning) network.close();
        }
        boolean asExpected = result.allAsExpected() && reports.complete();
        if (asExpected && data == null) DemoDataDir.delete(dataDir);
        else if (!asExpected) out.println("data kept in " + dataDir + " for inspection");
        return asExpected ? 0 : 1;
    }

    private void progress(String line) {
        out.printf("[%5.1f s] %s%n", (System.nanoTime() - startNanos) / 1e9, line);
    }

    private static String stepLine(int step, int total, DocumentOutcome o) {
        StoryDocument d = o.document();
        String head = "%2d/%d %-26s %s → %s"
                .formatted(step, total, d.label(), d.from().shortName(), d.to().shortName());
        if (d.atReceiver() && o.asExpected()) {
            return head + ": passed " + o.fromAp() + ", rejected at " + o.toAp() + " ("
                    + o.mls().map(DocumentOutcome.Status::shortText).orElse("") + "), " + o.millis() + " ms";
        }
        if (o.refusal().isPresent() && o.asExpected()) {
            return head + ": refused at " + o.fromAp() + " (" + d.refusedRule().orElseThrow() + "), " + o.millis()
                    + " ms";
        }
        if (o.asExpected()) {
            return head + ": delivered " + o.fromAp() + " → " + o.toAp() + " with receipt, MLS "
                    + o.mls().map(DocumentOutcome.Status::shortText).orElse("none") + ", " + o.millis() + " ms";
        }
        return head + ": NOT AS EXPECTED — " + o.problem().orElse("no receipt or not delivered");
    }

    private void printUrls(DemoNetwork network) {
        out.println();
        out.println("The network keeps running (Ctrl-C stops it).");
        out.println("  SMP registry      " + network.registry().baseUrl() + "   (writes: HTTP Basic "
                + DemoNetwork.OPERATOR + " / " + new String(network.operatorPassword()) + ")");
        out.println("  SMP console       " + network.registry().baseUrl() + "/console/   (the same sign-in)");
        for (AccessPoint ap : network.accessPoints().values()) {
            out.println("  " + ap.id() + "      API " + ap.apiUrl() + "/api/v1   AS4 " + ap.as4Url());
            out.println("                    operator token "
                    + network.operatorToken(ap.config().country()));
            out.println("                    console " + ap.apiUrl() + "/console/   (sign in as "
                    + DemoNetwork.CONSOLE_OPERATOR + " / "
                    + network.consolePassword(ap.config().country()) + ")");
            out.println("                    inbox " + ap.inbox().inbox());
        }
        out.println("  PKI               " + network.pkiDir() + "   (TLS: clients trust "
                + network.pkiDir().resolve("root-ca.pem") + " or tls-truststore.p12)");
        out.println("Participants:");
        for (Participant p : Participants.ALL) {
            out.println("  " + String.join(", ", p.identifiers()) + "  " + p.name() + " (" + p.role() + ", "
                    + Participants.apId(p.country()) + ")");
        }
        out.println("Send your own: curl --cacert " + network.pkiDir().resolve("root-ca.pem")
                + " -H 'Authorization: Bearer " + network.operatorToken("KZ") + "'"
                + " -H 'Content-Type: application/xml' --data-binary @invoice.xml "
                + network.accessPoint("KZ").apiUrl() + "/api/v1/outbound");
    }

    /** Returns only if interrupted; Ctrl-C runs the hook that stops the network, then the JVM ends. */
    private void waitForCtrlC(DemoNetwork network) {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            network.close();
                            out.println("network stopped; its data stays in " + network.dataDir());
                        },
                        "demo-shutdown"));
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
