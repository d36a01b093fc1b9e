package org.silkgate.conformance;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.silkgate.ap.ApConfig;
import org.silkgate.ap.as4.Phase4Runtime;
import org.silkgate.ap.discovery.Endpoint;
import org.silkgate.ap.discovery.SmpEndpointResolver;
import org.silkgate.ap.model.Envelope;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.outbound.OutboundMessage;
import org.silkgate.ap.outbound.OutboundPreparation;
import org.silkgate.ap.tls.ClientConnections;
import org.silkgate.ap.trust.CertificateTrust;
import org.silkgate.ap.trust.CrlFiles;
import org.silkgate.ap.trust.PemFiles;
import org.silkgate.conformance.cases.CaseContext;
import org.silkgate.conformance.cases.CaseResult;
import org.silkgate.conformance.cases.ConformanceCase;
import org.silkgate.conformance.cases.DeliveryProbe;
import org.silkgate.conformance.cases.JournalApiProbe;
import org.silkgate.conformance.cases.ProfileCases;
import org.silkgate.conformance.cases.SendingIdentities;
import org.silkgate.conformance.cases.Target;
import org.silkgate.network.PkiTls;
import org.silkgate.pki.DevPki;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./silkgate conformance}: runs the AS4 profile cases of the conformance kit against a running access point and
 * writes a JUnit XML and an HTML report. The target's certificate comes from the SMP (its registration of the test
 * receiver for the test document); the sending keys from the PKI folder.
 */
@Command(
        name = "silkgate conformance",
        mixinStandardHelpOptions = true,
        version = "SilkGate conformance 0.1.0",
        description = "Checks a running access point against the Peppol AS4 profile cases of the SilkGate conformance"
                + " kit and writes conformance.xml (JUnit) and conformance.html into the report folder.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every case passed, or did not apply to the target's policy (mls-rejected-names-rule under REJECT)",
            "1:at least one case failed (see the report)",
            "2:bad options, or the target, SMP or PKI could not be used"
        })
public final class ConformanceCommand implements Callable<Integer> {
    @Option(
            names = "--ap",
            required = true,
            paramLabel = "URL",
            description = "the AS4 endpoint of the access point under test")
    String apUrl;

    @Option(
            names = "--smp",
            required = true,
            paramLabel = "URL",
            description =
                    "the SMP that registers the test receiver at the target (its certificate is taken from there)")
    String smpUrl;

    @Option(
            names = "--pki",
            required = true,
            paramLabel = "DIR",
            description = "the PKI folder: truststore.p12, smp-ca.pem, CRLs, an ap-XX.p12 other than the target's,"
                    + " ap-revoked.p12, ap-expired.p12, ap-untrusted.p12, and for TLS tls-truststore.p12 (the anchor of every"
                    + " connection, added to the JDK's) and a tls-XX.p12 (the kit's own loopback endpoint)")
    Path pki;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            defaultValue = "conformance-report",
            description = "where conformance.xml and conformance.html go (default ./${DEFAULT-VALUE})")
    Path report;

    @Option(
            names = "--api",
            paramLabel = "URL",
            description =
                    "the target's back-office API listener, to see its journal (https://HOST:8444); without it only"
                            + " the AS4 answers are checked and the API and Message Level Status cases fail as not run")
    String apiUrl;

    @Option(
            names = "--api-token-file",
            paramLabel = "FILE",
            description =
                    "an operator's API client token of the target (./silkgate ap client add --operator), first line")
    Path apiTokenFile;

    @Option(
            names = "--sender",
            paramLabel = "PARTICIPANT",
            defaultValue = "9970:980540001256",
            description = "the participant the test messages come from (default ${DEFAULT-VALUE}, the KZ supplier)")
    String sender;

    @Option(
            names = "--receiver",
            paramLabel = "PARTICIPANT",
            defaultValue = "9972:204493002",
            description = "a participant the target serves for Tenders (default ${DEFAULT-VALUE}, the GE ministry)")
    String receiver;

    @Option(
            names = "--max-message-bytes",
            paramLabel = "BYTES",
            defaultValue = "" + ApConfig.DEFAULT_MAX_MESSAGE_BYTES,
            description =
                    "the target's AS4 size limit; a request one byte larger must get HTTP 413 (default ${DEFAULT-VALUE})")
    long maxMessageBytes;

    @Option(
            names = "--max-payload-bytes",
            paramLabel = "BYTES",
            defaultValue = "" + ApConfig.DEFAULT_MAX_PAYLOAD_BYTES,
            description =
                    "the target's limit on a payload once decompressed; a compressed payload inflating 1 MiB beyond it"
                            + " must get EBMS:0303 (default ${DEFAULT-VALUE}; the kit holds that much plus 1 MiB in memory)")
    long maxPayloadBytes;

    @Option(
            names = "--unserved",
            paramLabel = "PARTICIPANT",
            defaultValue = "9970:010240003746",
            description = "a participant the target does not serve (default ${DEFAULT-VALUE}, KZ customs)")
    String unserved;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;

    public ConformanceCommand() {
        this(new PrintStream(System.out, true, StandardCharsets.UTF_8));
    }

    ConformanceCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConformanceCommand()).execute(args));
    }

    @Override
    public Integer call() {
        CaseContext context;
        try {
            context = context();
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            spec.commandLine().getErr().println("silkgate conformance: " + e.getMessage());
            return 2;
        }
        out.println("SilkGate conformance kit: " + ProfileCases.all().size() + " cases against " + apUrl
                + " (sending as " + context.identities().sender().apId() + ")");
        Instant started = Instant.now();
        List<CaseResult> results = new ArrayList<>();
        Phase4Runtime.acquire(); // phase4's senders need its global scope, as an access point's do
        try {
            for (ConformanceCase conformanceCase : ProfileCases.all()) {
                CaseResult result = conformanceCase.run(context);
                out.println(
                        (result.passed() ? "  passed  " : result.failed() ? "  FAILED  " : "  n/a     ") + result.id());
                results.add(result);
            }
        } finally {
            Phase4Runtime.release();
        }
        ConformanceReport conformance = new ConformanceReport(apUrl, started, results);
        conformance.writeTo(report);
        out.println();
        out.print(conformance.table());
        out.println("report: " + report.toAbsolutePath().resolve(ConformanceReport.HTML_FILE) + ", "
                + report.toAbsolutePath().resolve(ConformanceReport.XML_FILE));
        // a case that does not apply (the target runs the policy another case checks) is no failure
        return conformance.allPassed() ? 0 : 1;
    }

    /**
     * The target (certificate from the SMP), the sending keys, how to see the target's journal, and TLS: every
     * connection trusts the JDK's anchors plus the PKI's {@code tls-truststore.p12} and checks host names; the SMP's
     * answer counts only when signed under the PKI's {@code smp-ca.pem}.
     */
    private String apiToken() {
        if (apiTokenFile == null)
            throw new IllegalArgumentException("--api needs --api-token-file with an operator's token");
        try {
            return Files.readAllLines(apiTokenFile).get(0).strip();
        } catch (java.io.IOException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException(
                    "cannot read the token from --api-token-file " + apiTokenFile + ": " + e.getMessage(), e);
        }
    }

    private CaseContext context() {
        if (!Files.isDirectory(pki)) throw new IllegalArgumentException("--pki " + pki + " is not a folder");
        ClientConnections connections = PkiTls.connections(pki);
        Path smpCa = pki.resolve(DevPki.SMP_CA + ".pem");
        CertificateTrust smpSigners;
        try {
            smpSigners = new CertificateTrust(
                    PemFiles.certificates(smpCa), new CrlFiles(SendingIdentities.crlFiles(pki), Clock.systemUTC()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "cannot use the SMP CA " + smpCa + " or the CRLs of " + pki + ": " + e.getMessage(), e);
        }
        OutboundMessage probe = new OutboundPreparation("SG-AP-XX-000", "XX", Clock.systemUTC())
                .prepare(
                        CaseContext.resource(CaseContext.VALID_DOCUMENT),
                        ParticipantId.parse(sender),
                        ParticipantId.parse(receiver));
        Envelope envelope = probe.envelope();
        Endpoint registered;
        try {
            registered = new SmpEndpointResolver(smpUrl, smpSigners, connections, Duration.ZERO, Clock.systemUTC())
                    .resolve(envelope.receiver(), envelope.documentType(), envelope.process());
        } catch (Exception e) {
            throw new IllegalStateException(
                    "the SMP " + smpUrl + " gives no endpoint for " + envelope.receiver() + " and "
                            + envelope.documentType() + ": " + e.getMessage(),
                    e);
        }
        if (!registered.url().equals(apUrl)) {
            out.println("note: the SMP registers " + registered.url() + " for " + receiver + "; testing --ap " + apUrl
                    + " with the certificate registered there");
        }
        java.util.Optional<Target.Api> api =
                apiUrl == null ? java.util.Optional.empty() : java.util.Optional.of(new Target.Api(apiUrl, apiToken()));
        DeliveryProbe delivery = api.<DeliveryProbe>map(
                        a -> new JournalApiProbe(a.url(), a.operatorToken(), connections.tls()))
                .orElse((r, id, expect) ->
                        DeliveryProbe.Observation.unobservable("no --api given, so only the AS4 answer was checked"));
        Target target = new Target(
                apUrl,
                registered.certificate(),
                sender,
                receiver,
                unserved,
                delivery,
                maxMessageBytes,
                maxPayloadBytes,
                api);
        return new CaseContext(
                target,
                SendingIdentities.load(pki, registered.certificate()),
                connections,
                PkiTls.anyServerKeystore(pki));
    }
}
