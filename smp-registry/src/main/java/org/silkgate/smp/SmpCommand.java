package org.silkgate.smp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.silkgate.smp.store.Database;
import org.silkgate.smp.users.SmpUsers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./silkgate smp ...}: run the registry, manage its users. */
@Command(name = "smp", mixinStandardHelpOptions = true, description = "The SilkGate SMP registry (Peppol SMP 1.x compatible).",
        subcommands = {SmpCommand.Serve.class, SmpCommand.User.class})
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

        @Option(names = "--db", description = "JDBC URL, e.g. jdbc:postgresql://127.0.0.1/smp (default: H2 file under --data)")
        String jdbcUrl;

        @Option(names = "--db-user", description = "database user")
        String dbUser;

        @Option(names = "--db-password-file", description = "file whose first line is the database password")
        Path dbPasswordFile;

        String dbPassword() throws IOException {
            if (dbPasswordFile == null) return null;
            return Files.readAllLines(dbPasswordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        }

        String effectiveUrl() {
            return jdbcUrl != null ? jdbcUrl : Database.h2Url(data);
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the registry until interrupted.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin
        Storage storage = new Storage();

        @Option(names = "--port", defaultValue = "8081", description = "port (0 = any free port; default ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--bind", defaultValue = SmpConfig.DEFAULT_BIND, description = "address to listen on (default ${DEFAULT-VALUE})")
        String bind;

        @Option(names = "--public-url", description = "base URL clients reach this registry at; used in ServiceGroup hrefs")
        String publicUrl;

        @Option(names = "--keystore", required = true, description = "PKCS#12 keystore with the SMP signing key (smp.p12)")
        Path keystore;

        @Option(names = "--keystore-password-file", description = "password file (default: passwords.properties beside the keystore)")
        Path keystorePasswordFile;

        @Option(names = "--key-alias", description = "signing key alias (default: the keystore's only key)")
        String keyAlias;

        @Option(names = "--tls-keystore", description = "PKCS#12 keystore for HTTPS (plain HTTP without it)")
        Path tlsKeystore;

        @Option(names = "--tls-keystore-password-file", description = "password file (default: passwords.properties beside it)")
        Path tlsPasswordFile;

        @Override
        public Integer call() throws Exception {
            SmpConfig config = SmpConfig.defaults(storage.data, keystore)
                    .withPort(port).withBind(bind).withPublicUrl(publicUrl)
                    .withKey(keystorePasswordFile, keyAlias)
                    .withDatabase(storage.jdbcUrl, storage.dbUser, storage.dbPassword())
                    .withTls(tlsKeystore, tlsPasswordFile);
            CountDownLatch stopped = new CountDownLatch(1);
            SmpServer server = SmpServer.start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "smp-shutdown"));
            System.out.println("SMP registry listening on " + server.baseUrl() + " (database " + config.effectiveJdbcUrl() + ")");
            stopped.await();
            return 0;
        }
    }

    @Command(name = "user", mixinStandardHelpOptions = true, description = "Manage the users who may write.",
            subcommands = {UserAdd.class})
    static final class User implements Runnable {
        @Override
        public void run() {
            CommandLine.usage(this, System.out);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a user. The password is read from --password-file or else from the first line of stdin. "
                    + "With the default H2 store, stop the server first (the database file is locked while it runs).")
    static final class UserAdd implements Callable<Integer> {
        @CommandLine.Mixin
        Storage storage = new Storage();

        @Option(names = "--name", required = true, description = "user name")
        String name;

        @Option(names = "--password-file", description = "file whose first line is the password (default: stdin)")
        Path passwordFile;

        @Override
        public Integer call() throws Exception {
            char[] password = readPassword();
            try (Database db = Database.open(storage.effectiveUrl(), storage.dbUser, storage.dbPassword())) {
                new SmpUsers(db).add(name, password);
            } catch (IllegalArgumentException | IllegalStateException e) {
                // e.g. a taken name, a weak password, or the H2 file locked by a running server
                System.err.println("smp user add: " + e.getMessage());
                return 1;
            } finally {
                Arrays.fill(password, '\0');
            }
            System.out.println("user '" + name + "' added");
            return 0;
        }

        private char[] readPassword() throws IOException {
            String line;
            if (passwordFile != null) {
                line = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            } else {
                line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
            return line == null ? new char[0] : line.strip().toCharArray();
        }
    }
}
