package org.silkgate.ap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.ap.files.Durability;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.validation.InvalidDocumentPolicy;
import picocli.CommandLine;

class ApCommandTest {
    @TempDir
    Path folder;

    @Test
    void aConfigFileSuppliesTheOptionsAndTheCommandLineOverridesThem() throws Exception {
        Path file = folder.resolve("ap.properties");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "id=SG-AP-KZ-001",
                        "country=kz",
                        "port=9443",
                        "public-url=https://ap.kz.example/",
                        "smp=http://127.0.0.1:8088/",
                        "keystore=pki/ap-KZ.p12",
                        "truststore=pki/truststore.p12",
                        "data=kz-data",
                        "serve=9970:980540001256,9970:010240003746",
                        "retry-base=PT1S",
                        "route=9972:204493002=http://127.0.0.1:9444/as4|pki/ap-GE.pem",
                        "invalid-documents=DELIVER_FLAGGED",
                        "mls-type=FAILURE_ONLY",
                        "durability=power-loss"));
        String[] args = {"serve", "--config", file.toString(), "--port", "0"};
        CommandLine commandLine = new CommandLine(new ApCommand());
        commandLine
                .getSubcommands()
                .get("serve")
                .setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(file.toFile()));

        CommandLine.ParseResult parsed = commandLine.parseArgs(args);
        ApConfig config = ((ApCommand.Serve) parsed.subcommand().commandSpec().userObject()).toConfig();

        assertEquals("SG-AP-KZ-001", config.id());
        assertEquals("KZ", config.country());
        assertEquals(0, config.port());
        assertEquals(Optional.of("https://ap.kz.example/"), config.publicUrl());
        assertEquals(
                Set.of(ParticipantId.parse("9970:980540001256"), ParticipantId.parse("9970:010240003746")),
                config.servedParticipants());
        assertEquals(Duration.ofSeconds(1), config.retry().base());
        assertEquals(
                "http://127.0.0.1:9444/as4",
                config.staticRoutes().get(ParticipantId.parse("9972:204493002")).url());
        assertEquals(InvalidDocumentPolicy.DELIVER_FLAGGED, config.invalidDocuments());
        assertEquals(org.silkgate.ap.model.Mls.Type.FAILURE_ONLY, config.mlsType());
        assertEquals(Durability.POWER_LOSS, config.effectiveDurability());
    }

    @Test
    void durabilityIsPowerLossWithPostgresAndProcessCrashWithTheH2FileUnlessAskedFor() {
        ApConfig h2 = ApConfig.of("SG-AP-KZ-001", "KZ", Path.of("ap.p12"), Path.of("trust.p12"), folder);
        ApConfig postgres = h2.withJdbcUrl("jdbc:postgresql://127.0.0.1:5432/journal");

        assertEquals(Durability.PROCESS_CRASH, h2.effectiveDurability());
        assertEquals(Durability.POWER_LOSS, postgres.effectiveDurability());
        assertEquals(
                Durability.POWER_LOSS, h2.withDurability(Durability.POWER_LOSS).effectiveDurability());
        assertEquals(
                Durability.PROCESS_CRASH,
                postgres.withDurability(Durability.PROCESS_CRASH).effectiveDurability());
    }

    @Test
    void anUnknownDurabilityIsRefusedWithTheValuesThatWork() {
        StringWriter err = new StringWriter();
        int exit = ApCommand.execute(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                "serve",
                "--id",
                "SG-AP-KZ-001",
                "--country",
                "KZ",
                "--keystore",
                "ap.p12",
                "--truststore",
                "trust.p12",
                "--data",
                folder.toString(),
                "--durability",
                "fsync");

        assertNotEquals(0, exit);
        assertTrue(
                err.toString().contains("durability must be process-crash or power-loss, got 'fsync'"), err.toString());
    }

    @Test
    void aMissingRequiredOptionIsNamed() {
        StringWriter err = new StringWriter();
        int exit = ApCommand.execute(
                new PrintWriter(new StringWriter()), new PrintWriter(err), "serve", "--id", "SG-AP-KZ-001");

        assertNotEquals(0, exit);
        assertTrue(err.toString().contains("--country") || err.toString().contains("--keystore"), err.toString());
    }

    @Test
    void theBrokerRefusesPlainTcpUnlessInsecureTcpIsGiven() throws Exception {
        Path password = Files.writeString(folder.resolve("broker.password"), "secret\n");
        StringWriter err = new StringWriter();
        int exit = ApCommand.execute(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                "broker",
                "--data",
                folder.resolve("broker").toString(),
                "--port",
                "0",
                "--user",
                "silkgate-ap",
                "--password-file",
                password.toString());

        assertEquals(2, exit, err.toString());
        assertTrue(err.toString().contains("--tls-keystore is missing"), err.toString());
        assertTrue(err.toString().contains("--insecure-tcp"), err.toString());
    }

    @Test
    void theBrokerNeedsAUserAndItsPasswordFile() {
        StringWriter err = new StringWriter();
        int exit = ApCommand.execute(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                "broker",
                "--data",
                folder.resolve("broker").toString(),
                "--insecure-tcp");

        assertEquals(2, exit, err.toString());
        assertTrue(err.toString().contains("--user") && err.toString().contains("--password-file"), err.toString());
    }

    @Test
    void aBrokerOfAPairNeedsItsPeerAndTheClusterSecret() throws Exception {
        Path password = Files.writeString(folder.resolve("broker.password"), "secret\n");
        List<String> single = List.of(
                "broker",
                "--data",
                folder.resolve("broker").toString(),
                "--port",
                "0",
                "--user",
                "silkgate-ap",
                "--password-file",
                password.toString(),
                "--insecure-tcp");
        // each pair of options, and what the refusal names
        java.util.Map<List<String>, String> refused = java.util.Map.of(
                List.of("--ha", "primary"), "--ha needs --ha-peer HOST:PORT",
                List.of("--ha", "backup", "--ha-peer", "broker-a"), "--ha needs --ha-peer HOST:PORT",
                List.of("--ha", "BACKUP", "--ha-peer", "127.0.0.1:61616"), "--ha needs --ha-cluster-password-file",
                List.of("--ha-peer", "127.0.0.1:61616", "--ha-cluster-password-file", password.toString()),
                        "need --ha");
        refused.forEach((pair, expected) -> {
            List<String> arguments = new ArrayList<>(single);
            arguments.addAll(pair);
            StringWriter err = new StringWriter();
            int exit = ApCommand.execute(
                    new PrintWriter(new StringWriter()), new PrintWriter(err), arguments.toArray(String[]::new));

            assertEquals(2, exit, pair + ": " + err);
            assertTrue(err.toString().contains(expected), pair + ": " + err);
        });
    }

    @Test
    void theBrokerNamesAnEmptyPasswordFile() throws Exception {
        Path empty = Files.writeString(folder.resolve("empty.password"), "\n");
        StringWriter err = new StringWriter();
        int exit = ApCommand.execute(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                "broker",
                "--data",
                folder.resolve("broker").toString(),
                "--user",
                "silkgate-ap",
                "--password-file",
                empty.toString(),
                "--insecure-tcp");

        assertEquals(2, exit, err.toString());
        assertTrue(err.toString().contains("password file " + empty + " is empty"), err.toString());
    }

    @Test
    void theBrokerUserAndPasswordFileOfServeGoWithTheBroker() {
        String url = "tcp://broker.kz.internal:61616?sslEnabled=true&trustStorePath=tls-truststore.p12";
        CommandLine.ParseResult parsed = new CommandLine(new ApCommand())
                .parseArgs(
                        "serve",
                        "--id",
                        "SG-AP-KZ-001",
                        "--country",
                        "KZ",
                        "--keystore",
                        "ap.p12",
                        "--truststore",
                        "trust.p12",
                        "--data",
                        folder.toString(),
                        "--broker",
                        url,
                        "--broker-user",
                        "silkgate-ap",
                        "--broker-password-file",
                        "broker.password");
        ApConfig config = ((ApCommand.Serve) parsed.subcommand().commandSpec().userObject()).toConfig();

        assertEquals(
                Optional.of(new ApConfig.ExternalBroker(
                        url, Optional.of("silkgate-ap"), Optional.of(Path.of("broker.password")))),
                config.externalBroker());
        assertEquals(Optional.of(url), config.brokerUrl());
    }

    @Test
    void aBrokerUserWithoutItsPasswordFileOrWithoutABrokerIsRefused() {
        for (String[] broker : List.of(
                new String[] {"--broker", "tcp://127.0.0.1:61616", "--broker-user", "silkgate-ap"},
                new String[] {"--broker-user", "silkgate-ap", "--broker-password-file", "broker.password"})) {
            List<String> args = new ArrayList<>(List.of(
                    "serve",
                    "--id",
                    "SG-AP-KZ-001",
                    "--country",
                    "KZ",
                    "--keystore",
                    "ap.p12",
                    "--truststore",
                    "trust.p12",
                    "--data",
                    folder.toString()));
            args.addAll(List.of(broker));
            StringWriter err = new StringWriter();
            int exit = ApCommand.execute(
                    new PrintWriter(new StringWriter()), new PrintWriter(err), args.toArray(String[]::new));

            assertEquals(2, exit, err.toString());
            assertTrue(
                    err.toString().contains("--broker-password-file")
                            || err.toString().contains("broker-password-file"),
                    err.toString());
        }
    }

    @TempDir
    static Path sharedFolder;

    private static Path sharedPki;

    /** One dev PKI for the tests that only read it (making one costs seconds of key generation). */
    private static synchronized Path sharedPki() {
        if (sharedPki == null) sharedPki = TestNetwork.createPki(sharedFolder);
        return sharedPki;
    }

    /** The required options of {@code ap serve} for Kazakhstan's access point with a dev PKI, then {@code extra}. */
    private String[] serve(Path pki, Path keystore, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "serve",
                "--id",
                TestNetwork.KZ_AP,
                "--country",
                "KZ",
                "--port",
                "0",
                "--keystore",
                keystore.toString(),
                "--truststore",
                pki.resolve("truststore.p12").toString(),
                "--data",
                folder.resolve("data").toString(),
                "--invalid-documents",
                "OFF"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void aMalformedWebhookUrlExitsWithAUsageErrorNamingTheWebhook() {
        Path pki = sharedPki();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = ApCommand.execute(
                new PrintWriter(out),
                new PrintWriter(err),
                serve(pki, pki.resolve("ap-KZ.p12"), "--webhook", "ftp//backoffice.kz.example/inbox"));

        assertEquals(2, exit, err.toString());
        assertTrue(err.toString().contains("webhook"), err.toString());
        assertTrue(err.toString().contains("ftp//backoffice.kz.example/inbox"), err.toString());
        assertFalse(out.toString().contains("serving at"), out.toString());
    }

    @Test
    void aWebhookUrlThatIsNoUrlAtAllExitsWithAUsageErrorNamingTheWebhook() {
        Path pki = sharedPki();
        StringWriter err = new StringWriter();

        int exit = ApCommand.execute(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                serve(pki, pki.resolve("ap-KZ.p12"), "--webhook", "http://back office/{id}"));

        assertEquals(2, exit, err.toString());
        assertTrue(err.toString().contains("webhook"), err.toString());
    }

    @Test
    void aMissingKeystoreExitsWithAUsageErrorNamingTheKeystore() {
        Path pki = sharedPki();
        Path missing = pki.resolve("ap-XX.p12");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = ApCommand.execute(new PrintWriter(out), new PrintWriter(err), serve(pki, missing));

        assertEquals(2, exit, err.toString());
        assertTrue(err.toString().contains("keystore"), err.toString());
        assertTrue(err.toString().contains("ap-XX.p12"), err.toString());
        assertFalse(out.toString().contains("serving at"), out.toString());
        assertFalse(
                Files.exists(folder.resolve("data").resolve("journal")),
                "the journal was opened for a refused configuration");
    }

    @Test
    void aKeystoreThatIsNoPkcs12ExitsWithAUsageErrorNamingTheKeystore() throws Exception {
        Path pki = TestNetwork.createPki(folder);
        Path garbage = pki.resolve("ap-KZ.p12");
        Files.writeString(garbage, "not a PKCS#12 keystore");
        StringWriter err = new StringWriter();

        int exit = ApCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), serve(pki, garbage));

        assertEquals(2, exit, err.toString());
        assertTrue(err.toString().contains("keystore"), err.toString());
        assertTrue(err.toString().contains("ap-KZ.p12"), err.toString());
    }

    @Test
    void anAccessPointWithoutATlsKeystoreRefusesToStartUnlessToldPlainHttpIsMeant() {
        Path pki = sharedPki();
        StringWriter err = new StringWriter();

        int exit = ApCommand.execute(
                new PrintWriter(new StringWriter()), new PrintWriter(err), serve(pki, pki.resolve("ap-KZ.p12")));

        assertEquals(2, exit, err.toString());
        assertTrue(
                err.toString().contains("tls-keystore") && err.toString().contains("--insecure-http"), err.toString());
    }
}
