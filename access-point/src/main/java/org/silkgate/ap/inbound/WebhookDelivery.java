package org.silkgate.ap.inbound;

import com.helger.httpclient.HttpClientManager;
import com.helger.httpclient.HttpClientSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.silkgate.ap.tls.ClientConnections;

/**
 * POSTs each received document to the back office's URL, with the metadata as {@code X-SilkGate-*} headers. Anything
 * but a 2xx answer fails the delivery, which the broker then retries with back-off; the back office recognises a
 * repeat by {@code X-SilkGate-Message-Id}. One pooled, blocking HTTP client for the life of the access point: the
 * delivery thread does the I/O itself, with kept-alive connections and no extra hand-off threads.
 */
public final class WebhookDelivery implements BackOfficeChannel, AutoCloseable {
    private final String url;
    private final HttpClientManager http;

    /** @throws IllegalArgumentException when the URL is not https and plain HTTP was not allowed */
    public WebhookDelivery(String url, ClientConnections connections) {
        this.url = connections.requireAllowed(url, "webhook");
        HttpClientSettings settings = new HttpClientSettings()
                .setConnectTimeout(Timeout.ofSeconds(10))
                .setResponseTimeout(Timeout.ofSeconds(60))
                .setRetryCount(0); // retries go through the broker, with back-off
        connections.apply(settings);
        this.http = HttpClientManager.create(settings);
    }

    @Override
    public void deliver(InboundMessage message, Optional<byte[]> validationReport) {
        HttpPost post = new HttpPost(url);
        post.setHeader("X-SilkGate-Message-Id", message.as4MessageId());
        post.setHeader("X-SilkGate-Sbdh-Instance-Identifier", message.envelope().instanceIdentifier());
        post.setHeader("X-SilkGate-Sender", message.envelope().sender().uri());
        post.setHeader("X-SilkGate-Receiver", message.envelope().receiver().uri());
        post.setHeader(
                "X-SilkGate-Document-Type", message.envelope().documentType().uri());
        post.setHeader("X-SilkGate-Process", message.envelope().process().uri());
        post.setHeader("X-SilkGate-Valid", Boolean.toString(validationReport.isEmpty()));
        post.setEntity(new ByteArrayEntity(message.businessDocument(), ContentType.APPLICATION_XML));
        int status;
        try {
            status = http.execute(post, response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("webhook " + url + " unreachable for " + message.as4MessageId(), e);
        }
        if (status / 100 != 2) {
            throw new IllegalStateException(
                    "webhook " + url + " answered " + status + " for " + message.as4MessageId());
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
