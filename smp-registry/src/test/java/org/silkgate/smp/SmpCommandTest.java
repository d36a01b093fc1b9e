package org.silkgate.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SmpCommandTest {
    @TempDir
    Path dir;

    @Test
    void userAddStoresAUserTheServerThenAuthenticates() throws Exception {
        Path data = dir.resolve("data");
        Path passwordFile = Files.writeString(dir.resolve("pw.txt"), "file-password-1\n");
        assertEquals(0, execute(null, "user", "add", "--data", data.toString(), "--name", "from-file",
                "--password-file", passwordFile.toString()));
        assertEquals(0, execute("stdin-password-1\n", "user", "add", "--data", data.toString(), "--name", "from-stdin"));
        assertEquals(1, execute("stdin-password-1\n", "user", "add", "--data", data.toString(), "--name", "from-stdin"),
                "a second user with the same name is refused");
        assertEquals(1, execute("short\n", "user", "add", "--data", data.toString(), "--name", "weak"));

        try (SmpServer server = SmpServer.start(SmpConfig.defaults(data, DevPkiForTests.smpKeystore()))) {
            assertEquals(Optional.of("from-file"), server.users().authenticate("from-file", "file-password-1".toCharArray()));
            assertEquals(Optional.of("from-stdin"), server.users().authenticate("from-stdin", "stdin-password-1".toCharArray()));
            assertEquals(Optional.empty(), server.users().authenticate("from-stdin", "wrong-password".toCharArray()));
            assertEquals(Optional.empty(), server.users().authenticate("weak", "short".toCharArray()));
            assertTrue(server.baseUrl().startsWith("http://127.0.0.1:"));
        }
    }

    private static int execute(String stdin, String... args) {
        InputStream original = System.in;
        try {
            if (stdin != null) System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            return new CommandLine(new SmpCommand()).execute(args);
        } finally {
            System.setIn(original);
        }
    }
}
