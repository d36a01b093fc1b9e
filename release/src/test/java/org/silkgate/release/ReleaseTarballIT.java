package org.silkgate.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unpacks the built silkgate-VERSION.tar.gz and runs {@code bin/silkgate} from it as an operator would on a machine
 * with a JDK alone: the PATH holds java, bash and a few coreutils, and nothing of Maven.
 */
class ReleaseTarballIT {

    private static final Path ROOT = Path.of(System.getProperty("silkgate.root"));
    private static final String VERSION = System.getProperty("silkgate.version");
    private static final Path EXAMPLES = ROOT.resolve("validation-rules/src/test/resources/examples/billing/Invoice");

    @TempDir
    static Path work;

    static Path home;
    static Path path;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball = Path.of(System.getProperty("silkgate.tarball"));
        assertTrue(Files.isRegularFile(tarball), "no tarball at " + tarball);
        Path unpacked = Files.createDirectories(work.resolve("opt"));
        Result tar = run(unpacked, List.of("tar", "xzf", tarball.toString()), System.getenv("PATH"));
        assertEquals(0, tar.exit, tar.output);
        home = unpacked.resolve("silkgate-" + VERSION);

        // Only coreutils and bash, which every Linux has, besides the JDK: a launcher that needs more fails here.
        path = Files.createDirectories(work.resolve("path"));
        for (String tool : List.of("bash", "cat", "dirname", "readlink")) {
            Path found = Stream.of("/usr/bin", "/bin")
                    .map(dir -> Path.of(dir, tool))
                    .filter(Files::isExecutable)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + tool + " on this machine"));
            Files.createSymbolicLink(path.resolve(tool), found);
        }
    }

    @Test
    void helpListsEveryVerbOfTheSourceTreeAndEachVerbStarts() throws Exception {
        Result help = silkgate("--help");
        assertEquals(0, help.exit, help.output);
        assertFalse(help.output.contains("missing from lib/"), help.output);
        Set<String> listed = new TreeSet<>();
        Matcher verb = Pattern.compile("(?m)^  (\\S+) ").matcher(help.output);
        while (verb.find()) listed.add(verb.group(1));
        assertEquals(sourceTreeVerbs(), listed, help.output);

        // each verb's main class loads from lib/ with its dependencies
        for (String each : listed) {
            Result verbHelp = silkgate(each, "--help");
            assertEquals(0, verbHelp.exit, each + ": " + verbHelp.output);
            assertTrue(verbHelp.output.contains("Usage:"), each + ": " + verbHelp.output);
        }
        Result unknown = silkgate("no-such-verb");
        assertEquals(2, unknown.exit, unknown.output);
        assertTrue(unknown.output.contains("unknown verb 'no-such-verb'"), unknown.output);
    }

    @Test
    void validatesAValidAndAnInvalidInvoice() throws Exception {
        Path valid = EXAMPLES.resolve("valid.xml");
        Path invalid = EXAMPLES.resolve("invalid-BR-CO-15.xml");
        Result result = silkgate("validate", valid.toString(), invalid.toString());
        assertEquals(1, result.exit, result.output);
        assertTrue(result.output.contains("VALID    " + valid), result.output);
        assertTrue(result.output.contains("INVALID  " + invalid), result.output);
        assertTrue(result.output.contains("BR-CO-15"), result.output);
    }

    @Test
    void createsTheDevelopmentPki() throws Exception {
        Path pki = work.resolve("pki");
        Result init = silkgate("pki", "init", "--dir", pki.toString(), "--countries", "KZ");
        assertEquals(0, init.exit, init.output);
        for (String file : List.of("root-ca.pem", "truststore.p12", "ap-KZ.p12", "tls-KZ.p12", "smp.p12")) {
            assertTrue(Files.size(pki.resolve(file)) > 0, file + " missing; " + init.output);
        }
        Result show = silkgate("pki", "show", pki.toString());
        assertEquals(0, show.exit, show.output);
        assertTrue(show.output.contains("KZ"), show.output);
    }

    @Test
    void runsThroughASymlinkAndTellsItsVersion() throws Exception {
        Path link = Files.createDirectories(work.resolve("usr-local-bin")).resolve("silkgate");
        Files.createSymbolicLink(link, home.resolve("bin/silkgate"));
        Result version = run(work, List.of(link.toString(), "--version"), pathVariable());
        assertEquals(0, version.exit, version.output);
        assertEquals("SilkGate " + VERSION, version.output.strip());
    }

    /** lib/ holds exactly the class path the launcher reads, each module's libraries at their version or newer. */
    @Test
    void libHoldsEveryModulesLibrariesOnce() throws Exception {
        String classpath =
                Files.readString(home.resolve("lib/launcher/classpath")).strip();
        Set<String> listed = Arrays.stream(classpath.split(":"))
                .map(entry -> entry.replace("@LIB@/", ""))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> present;
        try (Stream<Path> files = Files.list(home.resolve("lib"))) {
            present = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".jar"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(listed, present);

        Map<String, String> lib = libraries(Path.of(System.getProperty("silkgate.libraries")));
        List<String> older = new ArrayList<>();
        for (String module : List.of("certs-dev", "validation-rules", "smp-registry", "access-point")) {
            libraries(ROOT.resolve(module).resolve("target/classpath.txt")).forEach((artifact, version) -> {
                String shipped = lib.get(artifact);
                if (shipped == null || compareVersions(shipped, version) < 0) {
                    older.add(module + " needs " + artifact + ":" + version + ", lib/ has " + shipped);
                }
            });
        }
        assertTrue(older.isEmpty(), "pin the newer versions in release/pom.xml: " + older);
    }

    /** groupId:artifactId[:classifier] to version, for the entries of a class path file in the local repository. */
    private static Map<String, String> libraries(Path classpathFile) throws IOException {
        Path repository = Path.of(System.getProperty("silkgate.localRepository"));
        Map<String, String> libraries = new LinkedHashMap<>();
        for (String entry : Files.readString(classpathFile).strip().split(":")) {
            Path jar = Path.of(entry);
            if (!jar.startsWith(repository)) continue; // a module of this build: every verb's --help runs it
            Path relative = repository.relativize(jar);
            int n = relative.getNameCount();
            String version = relative.getName(n - 2).toString();
            String artifactId = relative.getName(n - 3).toString();
            String groupId = relative.subpath(0, n - 3).toString().replace('/', '.');
            String rest = relative.getFileName().toString().substring((artifactId + "-" + version).length());
            String classifier = rest.substring(0, rest.length() - ".jar".length());
            libraries.put(groupId + ":" + artifactId + classifier.replace('-', ':'), version);
        }
        assertFalse(libraries.isEmpty(), classpathFile + " lists no library");
        return libraries;
    }

    static int compareVersions(String a, String b) {
        String[] left = a.split("[.-]");
        String[] right = b.split("[.-]");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            if (i >= left.length) return -1;
            if (i >= right.length) return 1;
            int order = left[i].matches("\\d+") && right[i].matches("\\d+")
                    ? Long.compare(Long.parseLong(left[i]), Long.parseLong(right[i]))
                    : left[i].compareTo(right[i]);
            if (order != 0) return order;
        }
        return 0;
    }

    private static Set<String> sourceTreeVerbs() throws IOException {
        Set<String> verbs = new TreeSet<>();
        Matcher line =
                Pattern.compile("(?m)^  \"([a-z]+)\\|").matcher(Files.readString(ROOT.resolve("launcher/dispatch.sh")));
        while (line.find()) verbs.add(line.group(1));
        assertTrue(verbs.contains("demo") && verbs.contains("ap"), "no verb table in launcher/dispatch.sh");
        return verbs;
    }

    private static String pathVariable() {
        return path + ":" + Path.of(System.getProperty("java.home"), "bin");
    }

    private static Result silkgate(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/silkgate").toString());
        command.addAll(List.of(args));
        return run(work, command, pathVariable());
    }

    private static Result run(Path directory, List<String> command, String pathVariable) throws Exception {
        Path log = Files.createTempFile(work, "run", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> environment = builder.environment();
        environment.clear(); // no JAVA_HOME, MAVEN_HOME or M2_HOME from the build
        environment.put("PATH", pathVariable);
        environment.put("HOME", work.toString());
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail(command + " did not end within 2 minutes: " + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    private record Result(int exit, String output) {}
}
