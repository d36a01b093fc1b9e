package org.silkgate.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.smp.RawHttp.Reply;
import org.silkgate.smp.store.Database;
import org.silkgate.smp.users.IcdScope;

/** Operators write only participants under their own ICDs, and only those they registered, over real HTTP. */
class SmpOperatorScopeTest {
    private static final char[] PASSWORD = "operator-password".toCharArray();
    private static final String FROM = "127.0.0.1";

    @TempDir
    static Path data;

    static SmpServer server;
    static RawHttp http;

    @BeforeAll
    static void start() throws Exception {
        server = SmpServer.start(SmpConfig.defaults(data, DevPkiForTests.smpKeystore()));
        server.users().add("kz-operator", PASSWORD, IcdScope.of("9970", "0088"));
        server.users().add("kz-second", PASSWORD, IcdScope.of("9970"));
        server.users().add("ge-operator", PASSWORD, IcdScope.of("9972"));
        http = new RawHttp(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void anOperatorRegistersUnderItsIcdsAndIsRefusedAnotherIcdWith403NamingIt() throws Exception {
        assertEquals(201, putGroup("9970:980540001256", "kz-operator").status());
        assertEquals(201, putGroup("0088:4870000000012", "kz-operator").status());

        Reply refused = putGroup("9972:204493002", "kz-operator");
        assertEquals(403, refused.status());
        assertTrue(refused.body().contains("may not write participants under ICD 9972"), refused.body());
        assertTrue(refused.body().contains("its ICDs are 0088,9970"), refused.body());
        assertEquals(
                404, http.get(SmpRegistryContract.groupPath("9972:204493002")).status(), "nothing was stored");
    }

    @Test
    void metadataAndDeletesOutsideTheOperatorsIcdsAre403NamingTheIcd() throws Exception {
        assertEquals(201, putGroup("9970:010240003746", "kz-operator").status());

        Reply metadata = http.put(
                FROM,
                SmpRegistryContract.metadataPath("9970:010240003746", SmpBodies.TENDER),
                SmpBodies.serviceMetadata(
                        "9970:010240003746",
                        SmpBodies.TENDER,
                        SmpBodies.TENDERING,
                        "https://evil.example/as4",
                        DevPkiForTests.base64(DevPkiForTests.apCertificate("GE"))),
                "ge-operator",
                PASSWORD);
        assertEquals(403, metadata.status());
        assertTrue(metadata.body().contains("ICD 9970"), metadata.body());
        Reply delete = http.delete(FROM, SmpRegistryContract.groupPath("9970:010240003746"), "ge-operator", PASSWORD);
        assertEquals(403, delete.status());
        assertTrue(delete.body().contains("ICD 9970"), delete.body());
        assertEquals(
                200,
                http.get(SmpRegistryContract.groupPath("9970:010240003746")).status(),
                "still registered");
    }

    @Test
    void anOperatorWithTheSameIcdStillCannotEditAParticipantItDoesNotOwn() throws Exception {
        assertEquals(201, putGroup("9970:051140007292", "kz-operator").status());

        Reply change = putGroup("9970:051140007292", "kz-second");
        assertEquals(403, change.status());
        assertTrue(change.body().contains("belongs to another user than 'kz-second'"), change.body());
        assertEquals(
                403,
                http.delete(FROM, SmpRegistryContract.groupPath("9970:051140007292"), "kz-second", PASSWORD)
                        .status());
        assertEquals(
                200,
                http.delete(FROM, SmpRegistryContract.groupPath("9970:051140007292"), "kz-operator", PASSWORD)
                        .status());
    }

    @Test
    void aUserFromBeforeIcdScopesMayNotWriteUntilGivenIcds() throws Exception {
        server.users().add("old-operator", PASSWORD, IcdScope.of("9974"));
        // What the V2 migration leaves for a user that existed before: no ICDs at all.
        try (Connection c = DriverManager.getConnection(Database.h2Url(data), "", "");
                PreparedStatement ps =
                        c.prepareStatement("UPDATE smp_user SET icds = NULL WHERE name = 'old-operator'")) {
            assertEquals(1, ps.executeUpdate());
        }

        Reply refused = putGroup("9974:1234567", "old-operator");
        assertEquals(403, refused.status());
        assertTrue(refused.body().contains("user 'old-operator' has no ICDs yet"), refused.body());

        server.users().setIcds("old-operator", IcdScope.of("9974"));
        assertEquals(201, putGroup("9974:1234567", "old-operator").status());
    }

    @Test
    void aUserWithEveryIcdMayWriteAnyIcd() throws Exception {
        server.users().add("registry-admin", PASSWORD, IcdScope.ALL);
        assertEquals(201, putGroup("9976:1400057421", "registry-admin").status());
        assertEquals(201, putGroup("9977:12345678901234", "registry-admin").status());
    }

    @Test
    void anOperatorListsOnlyTheParticipantsItOwns() throws Exception {
        server.users().add("az-operator", PASSWORD, IcdScope.of("9976"));
        server.users().add("az-second", PASSWORD, IcdScope.of("9976"));
        assertEquals(201, putGroup("9976:1000000001", "az-operator").status());
        assertEquals(201, putGroup("9976:1000000002", "az-second").status());

        Reply own = http.send(FROM, "GET", "/api/v1/operator/participants", null, "az-operator", PASSWORD);
        assertEquals(200, own.status());
        assertTrue(own.body().contains("\"value\":\"9976:1000000001\""), own.body());
        assertTrue(
                !own.body().contains("9976:1000000002"), "another operator's participant is not listed: " + own.body());
        assertEquals(
                401,
                http.send(FROM, "GET", "/api/v1/operator/participants", null, null, null)
                        .status());
        assertTrue(
                http.get("/api/v1/participants?q=9976").body().contains("9976:1000000002"),
                "the public directory still lists all");
    }

    private static Reply putGroup(String participant, String user) throws Exception {
        return http.put(
                FROM,
                SmpRegistryContract.groupPath(participant),
                SmpBodies.serviceGroup(participant, "Some Company", "KZ"),
                user,
                PASSWORD);
    }
}
