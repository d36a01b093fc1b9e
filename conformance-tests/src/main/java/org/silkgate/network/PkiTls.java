package org.silkgate.network;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.silkgate.ap.tls.ClientConnections;
import org.silkgate.pki.DevPki;
import org.silkgate.security.KeystoreException;
import org.silkgate.security.tls.TlsContexts;
import org.silkgate.security.tls.TlsPolicy;

/**
 * TLS with the files of a development PKI folder, for every client and loopback server of the demo, the conformance
 * kit and the benchmarks: clients trust the JDK's anchors plus the dev root ({@value DevPki#TLS_TRUSTSTORE_FILE})
 * and verify the server's host name (the dev TLS certificates name {@code localhost} and {@code 127.0.0.1}); servers
 * present a dev TLS certificate ({@code tls-CC.p12}, {@code tls-smp.p12}) with the policy's protocols and suites.
 */
public final class PkiTls {
    private PkiTls() {}

    /** The client anchor file: the dev root as the one trusted entry. */
    public static Path truststore(Path pkiDir) {
        return pkiDir.resolve(DevPki.TLS_TRUSTSTORE_FILE);
    }

    /** The TLS server keystore of a country's access point: {@code tls-CC.p12}. */
    public static Path accessPointKeystore(Path pkiDir, String country) {
        return pkiDir.resolve("tls-" + country + ".p12");
    }

    /** The TLS server keystore of the SMP registry: {@code tls-smp.p12}. */
    public static Path registryKeystore(Path pkiDir) {
        return pkiDir.resolve(DevPki.TLS_SMP + ".p12");
    }

    /**
     * A TLS server keystore of the folder for the kit's own loopback servers: the first {@code tls-CC.p12} by name.
     *
     * @throws IllegalArgumentException when the folder has none (a PKI made before the TLS certificates)
     */
    public static Path anyServerKeystore(Path pkiDir) {
        try (Stream<Path> files = Files.list(pkiDir)) {
            return files.filter(f -> f.getFileName().toString().matches("tls-[A-Z]{2}\\.p12"))
                    .sorted()
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no TLS server keystore tls-CC.p12 in " + pkiDir
                            + " (a PKI of ./silkgate pki init with TLS certificates is needed)"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + pkiDir, e);
        }
    }

    /** The client context: the JDK's anchors plus the dev root. */
    public static SSLContext clientContext(Path pkiDir) {
        Path truststore = truststore(pkiDir);
        try {
            return TlsContexts.client(truststore, Optional.empty());
        } catch (KeystoreException e) {
            throw new IllegalArgumentException("TLS trust store " + truststore + ": " + e.getMessage(), e);
        }
    }

    /** A JDK HTTP/1.1 client trusting the dev root, with the policy's protocols and suites and host-name checks. */
    public static HttpClient.Builder httpClient(Path pkiDir) {
        return httpClient(clientContext(pkiDir));
    }

    /** A JDK HTTP/1.1 client with this context, the policy's protocols and suites and host-name checks. */
    public static HttpClient.Builder httpClient(SSLContext context) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(context)
                .sslParameters(TlsPolicy.clientParameters());
    }

    /** How SilkGate's own clients (AS4 sender, SMP client) connect: trusting the dev root, https only. */
    public static ClientConnections connections(Path pkiDir) {
        return new ClientConnections(clientContext(pkiDir), false);
    }

    /** A server context presenting the key of {@code keystore}; its password from {@code passwords.properties} beside it. */
    public static SSLContext serverContext(Path keystore) {
        try {
            return TlsContexts.server(keystore, Optional.empty());
        } catch (KeystoreException e) {
            throw new IllegalArgumentException("TLS keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    /** Jetty's TLS for a listener presenting {@code keystore}: as the access point's listener. */
    public static SslContextFactory.Server jettyServer(Path keystore) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(serverContext(keystore));
        tls.setIncludeProtocols(TlsPolicy.protocols());
        tls.setIncludeCipherSuites(TlsPolicy.cipherSuites());
        tls.setUseCipherSuitesOrder(true);
        return tls;
    }

    /** A JDK HTTPS server on a free loopback port presenting {@code keystore}, not started. */
    public static HttpsServer loopbackHttpsServer(Path keystore) throws IOException {
        SSLContext context = serverContext(keystore);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                parameters.setSSLParameters(TlsPolicy.serverParameters());
            }
        });
        return server;
    }
}
