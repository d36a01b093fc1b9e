package org.silkgate.conformance.cases;

import com.helger.phase4.client.AS4ClientReceiptMessage;
import com.helger.phase4.ebms3header.Ebms3MessageInfo;
import com.helger.phase4.ebms3header.Ebms3UserMessage;
import com.helger.phase4.model.ESoapVersion;
import com.helger.phase4.util.AS4ResourceHelper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.core5.http.HttpEntity;
import org.silkgate.ap.as4.Phase4Crypto;
import org.silkgate.ap.trust.ApIdentity;
import org.silkgate.network.PkiTls;

/**
 * A tiny AS4 endpoint on 127.0.0.1, over TLS with a TLS server certificate of the PKI, that does not decrypt anything: it reads the MessageId of the incoming message
 * from its (signed but unencrypted) eb:Messaging header and answers with a receipt for it that is either unsigned or
 * signed with a key that is not the receiver's. A correct sender must not take either as proof of delivery.
 */
final class ForgedReceiptEndpoint implements AutoCloseable {
    private static final Pattern MESSAGE_ID =
            Pattern.compile("<(?:[\\w-]+:)?MessageId>([^<]+)</(?:[\\w-]+:)?MessageId>");

    private final HttpsServer server;
    private final Optional<ApIdentity> signer;

    /**
     * @param signer      empty for an unsigned receipt
     * @param tlsKeystore the TLS server key it presents (a dev {@code tls-CC.p12}: names {@code 127.0.0.1})
     */
    ForgedReceiptEndpoint(Optional<ApIdentity> signer, Path tlsKeystore) throws IOException {
        this.signer = signer;
        this.server = PkiTls.loopbackHttpsServer(tlsKeystore);
        server.createContext("/as4", this::answer);
        server.start();
    }

    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/as4";
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1);
            Matcher id = MESSAGE_ID.matcher(request);
            if (!id.find()) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            HttpEntity receipt = receiptFor(id.group(1));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            receipt.writeTo(body);
            exchange.getResponseHeaders().add("Content-Type", receipt.getContentType());
            exchange.sendResponseHeaders(200, body.size());
            try (OutputStream out = exchange.getResponseBody()) {
                body.writeTo(out);
            }
        } catch (Exception e) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private HttpEntity receiptFor(String messageId) throws Exception {
        try (AS4ResourceHelper resources = new AS4ResourceHelper()) {
            Ebms3UserMessage userMessage = new Ebms3UserMessage();
            Ebms3MessageInfo info = new Ebms3MessageInfo();
            info.setMessageId(messageId);
            userMessage.setMessageInfo(info);
            AS4ClientReceiptMessage receipt = new AS4ClientReceiptMessage(resources)
                    .setSoapVersion(ESoapVersion.SOAP_12)
                    .setRefToMessageID(messageId)
                    .setEbms3UserMessage(userMessage)
                    .setNonRepudiation(false)
                    .setReceiptShouldBeSigned(signer.isPresent());
            signer.ifPresent(key -> receipt.setCryptoFactorySign(Phase4Crypto.of(key)));
            return receipt.buildMessage(messageId + "-receipt", null).getHttpEntity();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
