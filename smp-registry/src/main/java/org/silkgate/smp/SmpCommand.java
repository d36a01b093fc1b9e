package org.silkgate.smp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.silkgate.security.audit.AuditVerification;
import org.silkgate.smp.store.Database;
import org.silkgate.smp.users.IcdScope;
import org.silkgate.smp.users.SmpUsers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./silkgate smp ...}: run the registry, manage its users, verify its audit log. */
@Command(
        name = "smp",
        mixinStandardHelpOptions = true,
        description = "The SilkGate SMP registry (Peppol SMP 1.x compatible).",
        subcommands = {SmpCommand.Serve.class, SmpCommand.User.class, SmpCommand.Audit.class})
public final class SmpCommand implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new SmpCommand()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Database options shared by every command that opens the registry's store. */
    static final class Storage {
        @Option(names = "--data", required = true, description = "data directory (the H2 database lives here)")
        Path data;

        @Option(
                names = "--db",
                description = "JDBC URL, e.g. jdbc:postgresql://127.0.0.1/smp (default: H2 file under --data)")
        String jdbcUrl;

        @Option(names = "--db-user", description = "database user")
        String dbUser;

        @Option(names = "--db-password-file", description = "file whose first line is the database password")
        Path dbPasswordFile;

        String dbPassword() throws IOException {
            if (dbPasswordFile == null) return null;
            return Files.readAllLines(dbPasswordFile, StandardCharsets.UTF_8).stream()
                    .findFirst()
                    .orElse("")
                    .strip();
        }

        String effectiveUrl() {
            return jdbcUrl != null ? jdbcUrl : Database.h2Url(data);
        }

        Database open() throws IOException {
            return Database.open(effectiveUrl(), dbUser, dbPassword());
        }
    }

    /** Runs a change to the users; a refusal (or the H2 file locked by a running server) is one line on stderr and exit 1. */
    static int change(String command, Storage storage, UserChange change, String done)
            throws IOException, SQLException {
        try (Database db = storage.open()) {
            change.apply(new SmpUsers(db));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("smp user " + command + ": " + e.getMessage());
            return 1;
        }
        System.out.println(done);
        return 0;
    }

    @FunctionalInterface
    interface UserChange {
        void apply(SmpUsers users) throws SQLException;
    }

    static char[] readPassword(Path passwordFile) throws IOException {
        String line;
        if (passwordFile != null) {
            line = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream()
                    .findFirst()
                    .orElse("");
        } else {
            line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        return line == null ? new char[0] : line.strip().toCharArray();
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the registry until interrupted.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin
        Storage storage = new Storage();

        @Option(
                names = "--port",
                defaultValue = "8081",
                description = "port (0 = any free port; default ${DEFAULT-VALUE})")
        int port;

        @Option(
                names = "--bind",
                defaultValue = SmpConfig.DEFAULT_BIND,
                description = "address to listen on (default ${DEFAULT-VALUE})")
        String bind;

        @Option(
                names = "--public-url",
                description = "base URL clients reach this registry at; used in ServiceGroup hrefs")
        String publicUrl;

        @Option(
                names = "--keystore",
                required = true,
                description = "PKCS#12 keystore with the SMP signing key (smp.p12)")
        Path keystore;

        @Option(
                names = "--keystore-password-file",
                description = "password file (default: passwords.properties beside the keystore)")
        Path keystorePasswordFile;

        @Option(names = "--key-alias", description = "signing key alias (default: the keystore's only key)")
        String keyAlias;

        @Option(
                names = "--tls-keystore",
                description =
                        "PKCS#12 with the TLS server key (the dev PKI's tls-smp.p12); required unless --insecure-http")
        Path tlsKeystore;

        @Option(
                names = "--tls-keystore-password-file",
                description = "password file (default: passwords.properties beside it)")
        Path tlsPasswordFile;

        @Option(
                names = "--insecure-http",
                description = "serve plain HTTP: a lab only (the write API's passwords would cross in clear)")
        boolean insecureHttp;

        @Option(
                names = "--hot-cache-mib",
                defaultValue = "" + SmpConfig.DEFAULT_HOT_CACHE_MIB,
                description = "heap the hot documents may take, in MiB (estimated; least recently looked-up "
                        + "participants are evicted past it; default ${DEFAULT-VALUE})")
        int hotCacheMib;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (hotCacheMib < 1) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--hot-cache-mib must be at least 1, not " + hotCacheMib);
            }
            if (tlsKeystore == null && !insecureHttp) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "the SMP serves TLS only: give --tls-keystore "
                                + "(the dev PKI's tls-smp.p12) or, in a lab, --insecure-http");
            }
            SmpConfig config = SmpConfig.defaults(storage.data, keystore)
                    .withPort(port)
                    .withBind(bind)
                    .withPublicUrl(publicUrl)
                    .withKey(keystorePasswordFile, keyAlias)
                    .withDatabase(storage.jdbcUrl, storage.dbUser, storage.dbPassword())
                    .withTls(tlsKeystore, tlsPasswordFile)
                    .withHotCacheMib(hotCacheMib);
            CountDownLatch stopped = new CountDownLatch(1);
            SmpServer server = SmpServer.start(config);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                server.close();
                                stopped.countDown();
                            },
                            "smp-shutdown"));
            System.out.println("SMP registry listening on " + server.baseUrl() + " (database "
                    + config.effectiveJdbcUrl() + ", hot cache " + hotCacheMib + " MiB)");
            stopped.await();
            return 0;
        }
    }

    @Command(
            name = "user",
            mixinStandardHelpOptions = true,
            description = "Manage the users who may write.",
            subcommands = {UserAdd.class, UserRemove.class, UserPassword.class, UserIcds.class})
    static final class User implements Runnable {
        @Override
        public void run() {
            CommandLine.usage(this, System.out);
        }
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Add a user. The password is read from --password-file or else from the first line of stdin. "
                    + "With the default H2 store, stop the server first (the database file is locked while it runs).")
    static final class UserAdd implements Callable<Integer> {
        @CommandLine.Mixin
        Storage storage = new Storage();

        @Option(names = "--name", required = true, description = "user name")
        String name;

        @Option(
                names = "--icds",
                required = true,
                paramLabel = "ICD[,ICD...]",
                description = "the ICDs the user may register participants under, e.g. 9970,0088; * for every ICD")
        String icds;

        @Option(names = "--password-file", description = "file whose first line is the password (default: stdin)")
        Path passwordFile;

        @Override
        public Integer call() throws Exception {
            IcdScope scope;
            try {
                scope = IcdScope.parse(icds);
            } catch (IllegalArgumentException e) {
                System.err.println("smp user add: --icds: " + e.getMessage());
                return 1;
            }
            char[] password = readPassword(passwordFile);
            try {
                return change(
                        "add",
                        storage,
                        users -> users.add(name, password, scope),
                        "user '" + name + "' added (ICDs " + scope + ")");
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Remove a user that owns no participants (stop an H2-backed server first).")
    static final class UserRemove implements Callable<Integer> {
        @CommandLine.Mixin
        Storage storage = new Storage();

        @Option(names = "--name", required = true, description = "user name")
        String name;

        @Override
        public Integer call() throws Exception {
            return change("remove", storage, users -> users.remove(name), "user '" + name + "' removed");
        }
    }

    @Command(
            name = "password",
            mixinStandardHelpOptions = true,
            description = "Set a user's password, read from --password-file or else from the first line of stdin.")
    static final class UserPassword implements Callable<Integer> {
        @CommandLine.Mixin
        Storage storage = new Storage();

        @Option(names = "--name", required = true, description = "user name")
        String name;

        @Option(names = "--password-file", description = "file whose first line is the password (default: stdin)")
        Path passwordFile;

        @Override
        public Integer call() throws Exception {
            char[] password = readPassword(passwordFile);
            try {
                return change(
                        "password",
                        storage,
                        users -> users.changePassword(name, password),
                        "password of '" + name + "' changed");
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Command(
            name = "icds",
            mixinStandardHelpOptions = true,
            description =
                    "Replace the ICDs a user may register participants under (users from before ICD scopes have none).")
    static final class UserIcds implements Callable<Integer> {
        @CommandLine.Mixin
        Storage storage = new Storage();

        @Option(names = "--name", required = true, description = "user name")
        String name;

        @Option(
                names = "--icds",
                required = true,
                paramLabel = "ICD[,ICD...]",
                description = "the ICDs, e.g. 9970,0088; * for every ICD")
        String icds;

        @Override
        public Integer call() throws Exception {
            IcdScope scope;
            try {
                scope = IcdScope.parse(icds);
            } catch (IllegalArgumentException e) {
                System.err.println("smp user icds: --icds: " + e.getMessage());
                return 1;
            }
            return change(
                    "icds",
                    storage,
                    users -> users.setIcds(name, scope),
                    "user '" + name + "' may now write under " + scope);
        }
    }

    @Command(
            name = "audit",
            mixinStandardHelpOptions = true,
            description = "The registry's tamper-evident audit log.",
            subcommands = {AuditVerify.class})
    static final class Audit implements Runnable {
        @Override
        public void run() {
            CommandLine.usage(this, System.out);
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description =
                    "Walk the audit log's hash chain: exit 0 with the entry count when intact, 1 naming the first "
                            + "broken entry (changed, deleted, or no longer chained). Stop an H2-backed server first.")
    static final class AuditVerify implements Callable<Integer> {
        @CommandLine.Mixin
        Storage storage = new Storage();

        @Override
        public Integer call() throws Exception {
            AuditVerification result;
            try (Database db = storage.open()) {
                result = db.audit().verify();
            } catch (IllegalStateException e) {
                System.err.println("smp audit verify: " + e.getMessage());
                return 2;
            }
            System.out.println(result.report());
            return result.exitCode();
        }
    }
}
