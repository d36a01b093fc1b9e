package org.silkgate.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.security.audit.AuditEntry;
import org.silkgate.smp.store.Database;

/** The registry's audit log on its default H2 store: what is appended, and {@code smp audit verify}. */
class SmpAuditTest {
    private static final String PARTICIPANT = "9970:980540001256";
    private static final char[] PASSWORD = "kz-operator-secret".toCharArray();

    @TempDir
    Path dir;

    @Test
    void everyRegistryWriteUserChangeAndRefusedLoginIsAuditedAndVerifyCountsThem() throws Exception {
        Path data = dir.resolve("data");
        assertEquals(
                0,
                SmpCli.run(
                                new String(PASSWORD) + "\n",
                                "user",
                                "add",
                                "--data",
                                data.toString(),
                                "--name",
                                "kz-operator",
                                "--icds",
                                "9970,0088")
                        .exit());

        try (SmpServer server = SmpServer.start(SmpConfig.defaults(data, DevPkiForTests.smpKeystore()))) {
            RawHttp http = new RawHttp(server.baseUrl());
            String group = SmpRegistryContract.groupPath(PARTICIPANT);
            String metadata = SmpRegistryContract.metadataPath(PARTICIPANT, SmpBodies.TENDER);
            String body = SmpBodies.serviceMetadata(
                    PARTICIPANT,
                    SmpBodies.TENDER,
                    SmpBodies.TENDERING,
                    "https://ap-kz.example/as4",
                    DevPkiForTests.base64(DevPkiForTests.apCertificate("KZ")));
            assertEquals(
                    201,
                    http.put(
                                    "127.0.0.5",
                                    group,
                                    SmpBodies.serviceGroup(PARTICIPANT, "Astana Steel Works LLP", "KZ"),
                                    "kz-operator",
                                    PASSWORD)
                            .status());
            assertEquals(
                    200,
                    http.put(
                                    "127.0.0.5",
                                    group,
                                    SmpBodies.serviceGroup(PARTICIPANT, "Astana Steel Works JSC", "KZ"),
                                    "kz-operator",
                                    PASSWORD)
                            .status());
            assertEquals(
                    201,
                    http.put("127.0.0.5", metadata, body, "kz-operator", PASSWORD)
                            .status());
            assertEquals(
                    200,
                    http.put("127.0.0.5", metadata, body, "kz-operator", PASSWORD)
                            .status());
            assertEquals(
                    200,
                    http.delete("127.0.0.5", metadata, "kz-operator", PASSWORD).status());
            assertEquals(
                    200,
                    http.delete("127.0.0.5", group, "kz-operator", PASSWORD).status());
            assertEquals(
                    401,
                    http.delete("127.0.0.6", group, "kz-operator", "guessed-password".toCharArray())
                            .status());
            assertEquals(
                    403,
                    http.put(
                                    "127.0.0.5",
                                    SmpRegistryContract.groupPath("9972:204493002"),
                                    SmpBodies.serviceGroup("9972:204493002", "Not mine", "GE"),
                                    "kz-operator",
                                    PASSWORD)
                            .status());

            List<AuditEntry> entries = server.audit().entries(1, 100);
            assertEquals(
                    List.of(
                            "user.add",
                            "participant.create",
                            "participant.update",
                            "metadata.create",
                            "metadata.update",
                            "metadata.delete",
                            "participant.delete",
                            "login.refused"),
                    entries.stream().map(AuditEntry::action).toList(),
                    "one entry per change and per refused login; a refused write changes nothing and is not an entry");
            AuditEntry created = entries.get(1);
            assertEquals("kz-operator", created.actor());
            assertEquals("iso6523-actorid-upis::" + PARTICIPANT, created.subject());
            assertEquals("127.0.0.5", created.clientAddress());
            assertTrue(
                    created.detail().startsWith("business card: name 'Astana Steel Works LLP', country KZ"),
                    created.detail());
            assertTrue(
                    entries.get(2).detail().contains("'Astana Steel Works JSC'"),
                    entries.get(2).detail());
            assertTrue(
                    entries.get(3).subject().endsWith("services busdox-docid-qns::" + SmpBodies.TENDER),
                    entries.get(3).subject());
            assertTrue(
                    entries.get(3).detail().matches("signed document SHA-256 [0-9a-f]{64}"),
                    entries.get(3).detail());
            AuditEntry refused = entries.get(7);
            assertEquals("kz-operator", refused.actor());
            assertEquals("127.0.0.6", refused.clientAddress());
            assertEquals("unknown user or wrong password", refused.detail());
        }

        SmpCli.Run verify = SmpCli.run(null, "audit", "verify", "--data", data.toString());
        assertEquals(0, verify.exit(), verify.err());
        assertTrue(verify.out().startsWith("audit log intact: 8 entries, last hash "), verify.out());
    }

    @Test
    void verifyExits1NamingTheFirstChangedEntry() throws Exception {
        Path data = threeUsers();
        sql(data, "UPDATE audit_log SET detail = 'ICDs *' WHERE seq = 2");

        SmpCli.Run verify = SmpCli.run(null, "audit", "verify", "--data", data.toString());
        assertEquals(1, verify.exit());
        assertEquals(
                "audit log BROKEN at entry 2 (CONTENT_CHANGED): entry 2 was changed: its content no longer matches its hash\n",
                verify.out());
    }

    @Test
    void verifyExits1NamingTheFirstDeletedEntry() throws Exception {
        Path data = threeUsers();
        sql(data, "DELETE FROM audit_log WHERE seq = 2");

        SmpCli.Run verify = SmpCli.run(null, "audit", "verify", "--data", data.toString());
        assertEquals(1, verify.exit());
        assertEquals(
                "audit log BROKEN at entry 2 (ENTRY_MISSING): entry 2 is missing (deleted): the log goes from entry 1 to entry 3\n",
                verify.out());
    }

    private Path threeUsers() throws Exception {
        Path data = dir.resolve("data");
        Path password = Files.writeString(dir.resolve("pw.txt"), "operator-password\n");
        for (String user : new String[] {"kz-operator", "ge-operator", "az-operator"}) {
            assertEquals(
                    0,
                    SmpCli.run(
                                    null,
                                    "user",
                                    "add",
                                    "--data",
                                    data.toString(),
                                    "--name",
                                    user,
                                    "--icds",
                                    "9970",
                                    "--password-file",
                                    password.toString())
                            .exit());
        }
        SmpCli.Run verify = SmpCli.run(null, "audit", "verify", "--data", data.toString());
        assertEquals(0, verify.exit());
        assertTrue(verify.out().startsWith("audit log intact: 3 entries"), verify.out());
        return data;
    }

    private static void sql(Path data, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(Database.h2Url(data), "", "");
                Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate(statement));
        }
    }
}
