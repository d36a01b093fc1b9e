package org.silkgate.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/** What the policy allows, independent of any connection. */
class TlsPolicyTest {

    @Test
    void onlyTls13AndTls12AreAllowed() {
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(TlsPolicy.protocols()));
    }

    @Test
    void everySuiteIsTls13OrEphemeralEcdhWithAnAeadCipher() {
        for (String suite : TlsPolicy.cipherSuites()) {
            assertTrue(
                    suite.matches("TLS_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)")
                            || suite.matches("TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_128_GCM_SHA256|AES_256_GCM_SHA384"
                                    + "|CHACHA20_POLY1305_SHA256)"),
                    suite);
            assertFalse(suite.contains("CBC") || suite.startsWith("TLS_RSA_") || suite.endsWith("_SHA"), suite);
        }
        assertEquals(9, TlsPolicy.cipherSuites().length);
    }

    @Test
    void thisJdkSupportsEveryProtocolAndSuiteOfThePolicy() throws Exception {
        SSLParameters supported = SSLContext.getDefault().getSupportedSSLParameters();

        assertTrue(Set.of(supported.getProtocols()).containsAll(List.of(TlsPolicy.protocols())));
        assertTrue(
                Set.of(supported.getCipherSuites()).containsAll(List.of(TlsPolicy.cipherSuites())),
                "a suite the JDK does not know would be dropped silently by Jetty");
    }

    @Test
    void callersGetCopiesAndCannotWidenThePolicy() {
        TlsPolicy.protocols()[0] = "TLSv1";
        TlsPolicy.cipherSuites()[0] = "TLS_RSA_WITH_AES_128_CBC_SHA";

        assertEquals("TLSv1.3", TlsPolicy.protocols()[0]);
        assertEquals("TLS_AES_256_GCM_SHA384", TlsPolicy.cipherSuites()[0]);
    }

    @Test
    void serverParametersApplyThePolicyInTheServersOrderWithoutAskingForClientCertificates() {
        SSLParameters server = TlsPolicy.serverParameters();

        assertEquals(List.of(TlsPolicy.protocols()), List.of(server.getProtocols()));
        assertEquals(List.of(TlsPolicy.cipherSuites()), List.of(server.getCipherSuites()));
        assertTrue(server.getUseCipherSuitesOrder());
        assertFalse(server.getNeedClientAuth() || server.getWantClientAuth());
    }

    @Test
    void clientParametersVerifyTheHostNameAndSendItAsSniUnlessItIsAnAddress() {
        SSLParameters plain = TlsPolicy.clientParameters();
        SSLParameters named = TlsPolicy.clientParameters("smp.silkgate.example");

        assertEquals("HTTPS", plain.getEndpointIdentificationAlgorithm());
        assertEquals(List.of(TlsPolicy.protocols()), List.of(plain.getProtocols()));
        assertEquals(List.of(TlsPolicy.cipherSuites()), List.of(plain.getCipherSuites()));
        assertEquals("HTTPS", named.getEndpointIdentificationAlgorithm());
        assertEquals(List.of(new SNIHostName("smp.silkgate.example")), named.getServerNames());
        assertEquals(null, TlsPolicy.clientParameters("127.0.0.1").getServerNames());
        assertEquals(null, TlsPolicy.clientParameters("::1").getServerNames());
    }
}
