package org.silkgate.ap.tls;

import com.helger.http.tls.ETLSVersion;
import com.helger.http.tls.TLSConfigurationMode;
import com.helger.httpclient.HttpClientSettings;
import java.net.URI;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.silkgate.security.tls.TlsPolicy;

/**
 * How the access point connects as a client (AS4 sends, SMP look-ups, webhook deliveries): TLS 1.2 or 1.3 with the
 * policy's cipher suites, the server certificate checked against the client trust anchors and its host name, no
 * redirects (a redirect would send a signed message or a back office's document somewhere nobody chose), and
 * {@code http://} refused unless the operator asked for plain HTTP.
 *
 * @param tls the client context: the JDK's trust anchors plus the network's TLS root
 * @param insecureHttp whether {@code http://} URLs are allowed (a lab without TLS)
 */
public record ClientConnections(SSLContext tls, boolean insecureHttp) {

    /** Configures one of phase4's or ph-httpclient's client settings. */
    public void apply(HttpClientSettings settings) {
        settings.setSSLContext(tls)
                .setHostnameVerifier(new DefaultHostnameVerifier())
                .setTLSConfigurationMode(new TLSConfigurationMode(
                        new ETLSVersion[] {ETLSVersion.TLS_13, ETLSVersion.TLS_12}, TlsPolicy.cipherSuites()))
                .setFollowRedirects(false);
    }

    /** Whether a URL may be connected to: https, or http when plain HTTP was allowed. */
    public boolean allows(String url) {
        String scheme = URI.create(url).getScheme();
        return "https".equalsIgnoreCase(scheme) || (insecureHttp && "http".equalsIgnoreCase(scheme));
    }

    /**
     * @return the URL, when allowed
     * @throws IllegalArgumentException naming {@code what} and the URL otherwise
     */
    public String requireAllowed(String url, String what) {
        if (!allows(url)) {
            throw new IllegalArgumentException(
                    what + " URL " + url + " is not https; plain HTTP needs --insecure-http");
        }
        return url;
    }
}
