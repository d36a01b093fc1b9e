package org.silkgate.conformance.cases;

import com.helger.http.header.HttpHeaderMap;
import com.helger.httpclient.HttpClientFactory;
import com.helger.httpclient.HttpClientSettings;
import com.helger.phase4.client.IAS4RetryCallback;
import com.helger.phase4.dump.IAS4OutgoingDumper;
import com.helger.phase4.messaging.http.BasicHttpPoster;
import com.helger.phase4.messaging.http.HttpRetrySettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.UnaryOperator;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.silkgate.ap.tls.ClientConnections;

/**
 * phase4's HTTP poster, with SilkGate's client TLS settings, and two additions the conformance cases need: the finished message (signed, encrypted,
 * MIME-packed) can be changed byte-wise just before it goes on the wire, and the raw HTTP status and body of the answer
 * are kept whatever phase4 later makes of them.
 */
final class MutatingHttpPoster extends BasicHttpPoster {
    private final UnaryOperator<byte[]> mutation;
    private volatile int status;
    private volatile byte[] answer = new byte[0];
    private volatile byte[] sent = new byte[0];

    /**
     * @param connections TLS trust and host-name checks for the target, as SilkGate's sender has them (phase4's
     *        default client settings would trust any server)
     */
    MutatingHttpPoster(UnaryOperator<byte[]> mutation, ClientConnections connections) {
        this.mutation = mutation;
        HttpClientSettings settings = new HttpClientSettings();
        connections.apply(settings);
        setHttpClientFactory(new HttpClientFactory(settings));
    }

    @Override
    public <T> T sendGenericMessageWithRetries(
            String url,
            HttpHeaderMap customHeaders,
            HttpEntity entity,
            String messageId,
            HttpRetrySettings retrySettings,
            HttpClientResponseHandler<? extends T> responseHandler,
            IAS4OutgoingDumper outgoingDumper,
            IAS4RetryCallback retryCallback)
            throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        entity.writeTo(wire);
        sent = mutation.apply(wire.toByteArray());
        HttpEntity onTheWire =
                new ByteArrayEntity(sent, ContentType.parse(entity.getContentType()), entity.getContentEncoding());
        return super.sendGenericMessageWithRetries(
                url,
                customHeaders,
                onTheWire,
                messageId,
                new HttpRetrySettings().setMaxRetries(0),
                response -> {
                    status = response.getCode();
                    HttpEntity body = response.getEntity();
                    byte[] bytes = body == null ? new byte[0] : EntityUtils.toByteArray(body);
                    answer = bytes;
                    if (body != null)
                        response.setEntity(new ByteArrayEntity(bytes, ContentType.parse(body.getContentType())));
                    return responseHandler.handleResponse(response);
                },
                outgoingDumper,
                retryCallback);
    }

    int status() {
        return status;
    }

    byte[] answer() {
        return answer;
    }

    /** The bytes that went on the wire (after the mutation). */
    byte[] sent() {
        return sent;
    }
}
