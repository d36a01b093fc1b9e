package org.silkgate.security.tls;

import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;

/**
 * The one TLS policy of every SilkGate listener and client: TLS 1.3 and 1.2 only; TLS 1.2 only with ephemeral ECDH
 * and an AEAD cipher, so every session has forward secrecy and no CBC padding oracle, static-RSA key exchange or
 * SHA-1 MAC is ever negotiable.
 *
 * <p>Jetty: {@code SslContextFactory.Server#setSslContext(TlsContexts.server(...))},
 * {@code setIncludeProtocols(TlsPolicy.protocols())}, {@code setIncludeCipherSuites(TlsPolicy.cipherSuites())},
 * {@code setUseCipherSuitesOrder(true)}. Apache HttpClient 5: {@code ClientTlsStrategyBuilder.create()
 * .setSslContext(TlsContexts.client(...)).setTlsVersions(TlsPolicy.protocols()).setCiphers(TlsPolicy.cipherSuites())}.
 * A plain JDK socket or engine: {@code setSSLParameters(TlsPolicy.serverParameters())} or
 * {@code clientParameters()}.
 */
public final class TlsPolicy {

    public static final String TLS_1_3 = "TLSv1.3";
    public static final String TLS_1_2 = "TLSv1.2";

    private static final List<String> PROTOCOLS = List.of(TLS_1_3, TLS_1_2);

    /** In the order a server prefers them: AES-256 first, ECDSA before RSA certificates in TLS 1.2. */
    private static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384",
            "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** What {@link SSLParameters#setEndpointIdentificationAlgorithm} needs for RFC 2818 host-name checks. */
    public static final String HOST_NAME_VERIFICATION = "HTTPS";

    private TlsPolicy() {}

    /** {@code TLSv1.3}, {@code TLSv1.2}; a fresh array each time, so callers cannot change the policy. */
    public static String[] protocols() {
        return PROTOCOLS.toArray(String[]::new);
    }

    /** The allowed cipher suites, TLS 1.3 suites first; a fresh array each time. */
    public static String[] cipherSuites() {
        return CIPHER_SUITES.toArray(String[]::new);
    }

    /** Policy protocols and suites; the server's suite order wins; no client certificate is asked for. */
    public static SSLParameters serverParameters() {
        SSLParameters parameters = new SSLParameters(cipherSuites(), protocols());
        parameters.setUseCipherSuitesOrder(true);
        return parameters;
    }

    /** Policy protocols and suites, and the server's certificate must name the host the client asked for. */
    public static SSLParameters clientParameters() {
        SSLParameters parameters = new SSLParameters(cipherSuites(), protocols());
        return withHostNameVerification(parameters);
    }

    /**
     * {@link #clientParameters()} that also send {@code hostName} as SNI, so that a server with several
     * certificates presents the one for that name; an IP literal is sent as no SNI (RFC 6066 forbids it).
     * Verification checks the certificate against the SNI name and, failing that, against the host the socket or
     * engine was created for: create it with the same name ({@code createSocket(host, port)},
     * {@code createSSLEngine(host, port)}), never with a bare address when a name is meant.
     */
    public static SSLParameters clientParameters(String hostName) {
        SSLParameters parameters = clientParameters();
        if (!isIpLiteral(hostName)) {
            parameters.setServerNames(List.of(new SNIHostName(hostName)));
        }
        return parameters;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    /**
     * Turns on RFC 2818 host-name verification in {@code parameters}: without it the JDK accepts any certificate
     * that chains to a trust anchor, whatever host it was issued for.
     */
    public static SSLParameters withHostNameVerification(SSLParameters parameters) {
        parameters.setEndpointIdentificationAlgorithm(HOST_NAME_VERIFICATION);
        return parameters;
    }
}
