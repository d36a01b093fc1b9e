package org.silkgate.ap.as4;

import com.helger.http.header.HttpHeaderMap;
import com.helger.httpclient.HttpClientFactory;
import com.helger.httpclient.HttpClientManager;
import com.helger.phase4.messaging.http.BasicHttpPoster;
import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;

/**
 * phase4's poster opens and closes a new HTTP client (and connection) for every message. This one keeps a single
 * pooled client for the life of the access point, so connections to a peer are reused.
 */
final class PooledHttpPoster extends BasicHttpPoster implements AutoCloseable {
    private final HttpClientManager client;

    PooledHttpPoster(HttpClientFactory factory) {
        setHttpClientFactory(factory);
        this.client = new HttpClientManager(factory);
    }

    @Override
    public <T> T sendGenericMessage(
            String url,
            HttpHeaderMap customHeaders,
            HttpEntity entity,
            HttpClientResponseHandler<? extends T> responseHandler)
            throws IOException {
        HttpPost post = new HttpPost(url);
        if (customHeaders != null) customHeaders.forEachSingleHeader(post::addHeader, true, isQuoteHttpHeaders());
        post.setEntity(entity);
        if (getHttpCustomizer() != null) getHttpCustomizer().accept(post);
        return client.execute(post, responseHandler);
    }

    @Override
    public void close() {
        client.close();
    }
}
