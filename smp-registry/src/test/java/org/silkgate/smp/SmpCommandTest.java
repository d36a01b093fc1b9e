package org.silkgate.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkgate.smp.users.IcdScope;

class SmpCommandTest {
    @TempDir
    Path dir;

    @Test
    void userAddStoresAUserTheServerThenAuthenticates() throws Exception {
        Path data = dir.resolve("data");
        Path passwordFile = Files.writeString(dir.resolve("pw.txt"), "file-password-1\n");
        assertEquals(
                0,
                SmpCli.run(
                                null,
                                "user",
                                "add",
                                "--data",
                                data.toString(),
                                "--name",
                                "from-file",
                                "--icds",
                                "9970,0088",
                                "--password-file",
                                passwordFile.toString())
                        .exit());
        assertEquals(
                0,
                SmpCli.run(
                                "stdin-password-1\n",
                                "user",
                                "add",
                                "--data",
                                data.toString(),
                                "--name",
                                "from-stdin",
                                "--icds",
                                "*")
                        .exit());
        SmpCli.Run taken = SmpCli.run(
                "stdin-password-1\n",
                "user",
                "add",
                "--data",
                data.toString(),
                "--name",
                "from-stdin",
                "--icds",
                "9970");
        assertEquals(1, taken.exit(), "a second user with the same name is refused");
        assertEquals("smp user add: user 'from-stdin' exists already\n", taken.err());
        assertEquals(
                1,
                SmpCli.run("short\n", "user", "add", "--data", data.toString(), "--name", "weak", "--icds", "9970")
                        .exit());

        try (SmpServer server = SmpServer.start(SmpConfig.defaults(data, DevPkiForTests.smpKeystore()))) {
            assertEquals(
                    Optional.of("from-file"),
                    server.users().authenticate("from-file", "file-password-1".toCharArray()));
            assertEquals(
                    Optional.of("from-stdin"),
                    server.users().authenticate("from-stdin", "stdin-password-1".toCharArray()));
            assertEquals(Optional.empty(), server.users().authenticate("from-stdin", "wrong-password".toCharArray()));
            assertEquals(Optional.empty(), server.users().authenticate("weak", "short".toCharArray()));
            assertEquals(
                    Optional.of(IcdScope.of("0088", "9970")), server.users().icds("from-file"));
            assertEquals(Optional.of(IcdScope.ALL), server.users().icds("from-stdin"));
            assertTrue(server.baseUrl().startsWith("http://127.0.0.1:"));
        }
    }

    @Test
    void userAddNeedsWellFormedIcds() {
        Path data = dir.resolve("data");
        SmpCli.Run missing =
                SmpCli.run("operator-password\n", "user", "add", "--data", data.toString(), "--name", "kz-operator");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("Missing required option: '--icds=ICD[,ICD...]'"), missing.err());

        SmpCli.Run malformed = SmpCli.run(
                "operator-password\n",
                "user",
                "add",
                "--data",
                data.toString(),
                "--name",
                "kz-operator",
                "--icds",
                "9970,KZ");
        assertEquals(1, malformed.exit());
        assertEquals(
                "smp user add: --icds: 'KZ' in the ICD list '9970,KZ' is not an ICD: an ICD is four digits, e.g. 9970\n",
                malformed.err());
    }

    @Test
    void userPasswordIcdsAndRemoveChangeAnExistingUser() throws Exception {
        Path data = dir.resolve("data");
        String d = data.toString();
        assertEquals(
                0,
                SmpCli.run("first-password\n", "user", "add", "--data", d, "--name", "ge-operator", "--icds", "9972")
                        .exit());
        assertEquals(
                0,
                SmpCli.run("second-password\n", "user", "password", "--data", d, "--name", "ge-operator")
                        .exit());
        SmpCli.Run icds = SmpCli.run(null, "user", "icds", "--data", d, "--name", "ge-operator", "--icds", "9972,0088");
        assertEquals(0, icds.exit(), icds.err());
        assertEquals("user 'ge-operator' may now write under 0088,9972\n", icds.out());
        SmpCli.Run unknown = SmpCli.run(null, "user", "icds", "--data", d, "--name", "nobody", "--icds", "9972");
        assertEquals(1, unknown.exit());
        assertEquals("smp user icds: there is no user 'nobody'\n", unknown.err());

        try (SmpServer server = SmpServer.start(SmpConfig.defaults(data, DevPkiForTests.smpKeystore()))) {
            assertEquals(Optional.empty(), server.users().authenticate("ge-operator", "first-password".toCharArray()));
            assertEquals(
                    Optional.of("ge-operator"),
                    server.users().authenticate("ge-operator", "second-password".toCharArray()));
            assertEquals(
                    Optional.of(IcdScope.of("9972", "0088")), server.users().icds("ge-operator"));
        }
        assertEquals(
                0,
                SmpCli.run(null, "user", "remove", "--data", d, "--name", "ge-operator")
                        .exit());
        SmpCli.Run verify = SmpCli.run(null, "audit", "verify", "--data", d);
        assertEquals(0, verify.exit());
        assertTrue(verify.out().startsWith("audit log intact: 4 entries"), verify.out());
    }

    @Test
    void serveRefusesToStartWithoutATlsKeystoreUnlessToldPlainHttpIsMeant() throws Exception {
        SmpCli.Run refused = SmpCli.run(
                null,
                "serve",
                "--data",
                dir.resolve("tls-data").toString(),
                "--keystore",
                DevPkiForTests.smpKeystore().toString(),
                "--port",
                "0");

        assertEquals(2, refused.exit(), refused.out() + refused.err());
        assertTrue(
                refused.err().contains("--tls-keystore") && refused.err().contains("--insecure-http"), refused.err());
    }

    @Test
    void serveRefusesAHotCacheOfNoBytes() throws Exception {
        SmpCli.Run refused = SmpCli.run(
                null,
                "serve",
                "--data",
                dir.resolve("cache-data").toString(),
                "--keystore",
                DevPkiForTests.smpKeystore().toString(),
                "--insecure-http",
                "--port",
                "0",
                "--hot-cache-mib",
                "0");

        assertEquals(2, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.err().contains("--hot-cache-mib must be at least 1"), refused.err());
    }

    @Test
    void theHotCacheBudgetIsTheConfiguredMebibytes() throws Exception {
        SmpConfig config = SmpConfig.defaults(dir, DevPkiForTests.smpKeystore());
        assertEquals(SmpConfig.DEFAULT_HOT_CACHE_MIB * 1024L * 1024L, config.hotCacheBytes());
        assertEquals(3L * 1024 * 1024, config.withHotCacheMib(3).hotCacheBytes());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> config.withHotCacheMib(0));
    }
}
