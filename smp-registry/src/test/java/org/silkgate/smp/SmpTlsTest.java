package org.silkgate.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmpTlsTest {
    @TempDir
    Path data;

    @Test
    void servesHttpsWithTheGivenKeystoreToAClientThatTrustsTheDevRoot() throws Exception {
        Path keystore = DevPkiForTests.smpKeystore();
        try (SmpServer server =
                SmpServer.start(SmpConfig.defaults(data, keystore).withTls(keystore, null))) {
            assertTrue(server.baseUrl().startsWith("https://127.0.0.1:"), server.baseUrl());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(DevPkiForTests.truststore());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(
                                    URI.create(server.baseUrl() + "/iso6523-actorid-upis%3A%3A9970%3A980540001256"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, r.statusCode(), "TLS handshake with host name check succeeded; nothing registered yet");
        }
    }
}
