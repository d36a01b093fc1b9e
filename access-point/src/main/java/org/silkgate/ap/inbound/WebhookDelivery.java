package org.silkgate.ap.inbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * POSTs each received document to the back office's URL, with the metadata as {@code X-SilkGate-*} headers. Anything
 * but a 2xx answer fails the delivery, which the broker then retries with back-off; the back office recognises a
 * repeat by {@code X-SilkGate-Message-Id}.
 */
public final class WebhookDelivery implements BackOfficeChannel {
    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public WebhookDelivery(String url) {
        this.url = URI.create(url);
    }

    @Override
    public void deliver(InboundMessage message, Optional<byte[]> validationReport) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/xml")
                .header("X-SilkGate-Message-Id", message.as4MessageId())
                .header("X-SilkGate-Sbdh-Instance-Identifier", message.sbdhInstanceId())
                .header("X-SilkGate-Sender", message.sender())
                .header("X-SilkGate-Receiver", message.receiver())
                .header("X-SilkGate-Document-Type", message.documentType())
                .header("X-SilkGate-Process", message.process())
                .header("X-SilkGate-Valid", Boolean.toString(validationReport.isEmpty()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(message.businessDocument())).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("webhook " + url + " answered " + response.statusCode() + " for " + message.as4MessageId());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("webhook " + url + " unreachable for " + message.as4MessageId(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering " + message.as4MessageId(), e);
        }
    }
}
