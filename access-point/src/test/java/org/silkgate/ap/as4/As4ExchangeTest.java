package org.silkgate.ap.as4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.silkgate.ap.AccessPoint;
import org.silkgate.ap.TestNetwork;
import org.silkgate.ap.WithTwoAccessPoints;
import org.silkgate.ap.discovery.Endpoint;
import org.silkgate.ap.discovery.StaticEndpointResolver;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.MessageFiles;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.outbound.OutboundMessage;
import org.silkgate.ap.outbound.SendResult;
import org.silkgate.ap.trust.ApIdentity;
import org.silkgate.ap.trust.CrlFiles;

/** Two access points on 127.0.0.1 with the development PKI exchanging real Peppol AS4 messages. */
class As4ExchangeTest extends WithTwoAccessPoints {
    @Test
    void sendsTenderFromKazakhSupplierToGeorgianBuyerWhoGetsItOnceWithTheReceiptSignedByGeorgia() throws Exception {
        byte[] tender = TestNetwork.document("tender.xml");
        OutboundMessage message =
                kazakhstan.preparation().prepare(tender, TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER);

        SendResult result = kazakhstan.as4Sender().send(message);

        SendResult.Delivered delivered = assertInstanceOf(SendResult.Delivered.class, result, result.toString());
        assertEquals(TestNetwork.GE_AP, delivered.receiverAp());
        String receipt = new String(delivered.receipt(), StandardCharsets.UTF_8);
        assertTrue(receipt.contains("Receipt") && receipt.contains(message.as4MessageId()), receipt);
        Path document = TestNetwork.awaitFile(
                georgia.inbox().documentPath(message.envelope().receiver(), message.as4MessageId()));
        String received = Files.readString(document);
        assertTrue(received.contains("<cbc:ID>TND-ASW-2026-0311</cbc:ID>"), received);
        String metadata = Files.readString(TestNetwork.awaitFile(
                document.resolveSibling(document.getFileName().toString().replace(".xml", ".json"))));
        assertTrue(
                metadata.contains("\"senderAccessPoint\" : \"SG-AP-KZ-001\"")
                        && metadata.contains(message.envelope().instanceIdentifier()),
                metadata);

        SendResult again = kazakhstan.as4Sender().send(message);

        assertInstanceOf(SendResult.Delivered.class, again, "a resent message is acknowledged again: " + again);
        assertEquals(
                1,
                messagesInInbox(georgia, message.envelope().receiver(), message.as4MessageId()),
                "delivered exactly once");
        assertEquals(received, Files.readString(document));
    }

    @Test
    void aMessageForAParticipantGeorgiaDoesNotServeIsRefusedNamingIt() {
        OutboundMessage message = kazakhstan
                .preparation()
                .prepare(TestNetwork.document("tender.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_IMPORTER);

        SendResult result = kazakhstan.as4Sender().send(message);

        SendResult.Failed failed = assertInstanceOf(SendResult.Failed.class, result, result.toString());
        assertFalse(failed.transientFailure(), failed.reason());
        assertTrue(
                failed.reason().contains("iso6523-actorid-upis::9972:405123456")
                        && failed.reason().contains("not served"),
                failed.reason());
        assertEquals(0, messagesInInbox(georgia, message.envelope().receiver(), message.as4MessageId()));
    }

    @Test
    void aTenderThatFailsValidationIsRefusedAtTheReceivingAccessPointWithTheBrokenRule() {
        OutboundMessage message = kazakhstan
                .preparation()
                .prepare(
                        TestNetwork.document("tender-invalid-R009.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER);

        SendResult result = kazakhstan.as4Sender().send(message);

        SendResult.Failed failed = assertInstanceOf(SendResult.Failed.class, result, result.toString());
        assertFalse(failed.transientFailure(), failed.reason());
        assertTrue(
                failed.reason().contains("PEPPOL:BUSINESS:INVALID")
                        && failed.reason().contains("CAREC-TND-R009"),
                failed.reason());
        assertEquals(0, messagesInInbox(georgia, message.envelope().receiver(), message.as4MessageId()));
    }

    @Test
    void anSbdhThatBreaksItsSchemaIsRefusedAtTheReceivingAccessPointNamingTheStrayElement() {
        OutboundMessage prepared = kazakhstan
                .preparation()
                .prepare(TestNetwork.document("tender.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER);
        // read without its schema, the SBDH would pass: JAXB skips elements it does not know
        String sbdh = new String(prepared.sbdh(), StandardCharsets.UTF_8)
                .replace(
                        "<HeaderVersion>1.0</HeaderVersion>",
                        "<HeaderVersion>1.0</HeaderVersion><Priority>urgent</Priority>");
        OutboundMessage message = new OutboundMessage(
                prepared.as4MessageId(), prepared.envelope(), sbdh.getBytes(StandardCharsets.UTF_8));

        SendResult result = kazakhstan.as4Sender().send(message);

        SendResult.Failed failed = assertInstanceOf(SendResult.Failed.class, result, result.toString());
        assertFalse(failed.transientFailure(), failed.reason());
        assertTrue(
                failed.reason().contains("SBDH does not match its schema")
                        && failed.reason().contains("Priority"),
                failed.reason());
        assertEquals(0, messagesInInbox(georgia, message.envelope().receiver(), message.as4MessageId()));
    }

    @Test
    void aRevokedSenderCertificateIsRefusedWithFailedAuthenticationAndNothingIsDelivered() {
        assertRefusedAtGeorgia("ap-revoked.p12", "revoked");
    }

    @Test
    void anExpiredSenderCertificateIsRefusedWithFailedAuthenticationAndNothingIsDelivered() {
        assertRefusedAtGeorgia("ap-expired.p12", "expired");
    }

    @Test
    void aSenderCertificateFromAForeignRootIsRefusedWithFailedAuthenticationAndNothingIsDelivered() {
        assertRefusedAtGeorgia("ap-untrusted.p12", "not trusted");
    }

    @Test
    void anotherAccessPointReusingAMessageIdIsRefusedAndTheFirstSendersPayloadStays() throws Exception {
        OutboundMessage genuine = kazakhstan
                .preparation()
                .prepare(TestNetwork.document("tender.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER);
        assertInstanceOf(SendResult.Delivered.class, kazakhstan.as4Sender().send(genuine));
        Path delivered =
                TestNetwork.awaitFile(georgia.inbox().documentPath(TestNetwork.GE_BUYER, genuine.as4MessageId()));
        String deliveredDocument = Files.readString(delivered);

        // Azerbaijan's access point is trusted too, and has learnt the id: it sends its own document under it
        String other = new String(TestNetwork.document("tender.xml"), StandardCharsets.UTF_8)
                .replace("TND-ASW-2026-0311", "TND-ASW-2026-9999");
        OutboundMessage squatting = new OutboundMessage(
                genuine.as4MessageId(),
                genuine.envelope(),
                kazakhstan
                        .preparation()
                        .prepare(other.getBytes(StandardCharsets.UTF_8), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER)
                        .sbdh());
        SendResult fromAzerbaijan = sendAs("ap-AZ.p12", squatting);
        SendResult sameSenderOtherPayload = kazakhstan.as4Sender().send(squatting);

        SendResult.Failed refused =
                assertInstanceOf(SendResult.Failed.class, fromAzerbaijan, fromAzerbaijan.toString());
        assertTrue(refused.reason().contains("received before from another access point"), refused.reason());
        SendResult.Failed changed =
                assertInstanceOf(SendResult.Failed.class, sameSenderOtherPayload, sameSenderOtherPayload.toString());
        assertTrue(changed.reason().contains("received before with another payload"), changed.reason());
        assertEquals(deliveredDocument, Files.readString(delivered));
        assertEquals(
                MessageFiles.sha256(georgia.files().payload(Direction.INBOUND, genuine.as4MessageId())),
                georgia.journal()
                        .find(Direction.INBOUND, genuine.as4MessageId())
                        .orElseThrow()
                        .content()
                        .sha256(),
                "the stored payload is the one the journal recorded");
        assertInstanceOf(
                SendResult.Delivered.class,
                kazakhstan.as4Sender().send(genuine),
                "the genuine retry is still a duplicate");
    }

    @Test
    void aSenderThatDoesNotTrustTheReceiversTlsCertificateOrMeetsPlainHttpSendsNothing() throws Exception {
        OutboundMessage message = kazakhstan
                .preparation()
                .prepare(TestNetwork.document("tender.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER);
        ApIdentity identity = ApIdentity.load(
                pki.resolve("ap-KZ.p12"),
                Optional.empty(),
                pki.resolve("truststore.p12"),
                new CrlFiles(georgia.config().effectiveCrlFiles(), Clock.systemUTC()));
        // the JDK's anchors only: Georgia's TLS certificate, issued under the dev root, is not trusted
        org.silkgate.ap.tls.ClientConnections jdkOnly = new org.silkgate.ap.tls.ClientConnections(
                org.silkgate.security.tls.TlsContexts.client(java.util.List.of()), false);
        SendResult untrusted;
        try (As4Sender sender = new As4Sender(
                identity,
                Phase4Crypto.of(identity),
                StaticEndpointResolver.everythingTo(new Endpoint(georgia.as4Url(), georgia.certificate())),
                jdkOnly,
                Clock.systemUTC())) {
            untrusted = sender.send(message);
        }
        SendResult plain;
        try (As4Sender sender = new As4Sender(
                identity,
                Phase4Crypto.of(identity),
                StaticEndpointResolver.everythingTo(
                        new Endpoint(georgia.as4Url().replace("https://", "http://"), georgia.certificate())),
                TestNetwork.clientConnections(pki),
                Clock.systemUTC())) {
            plain = sender.send(message);
        }

        SendResult.Failed refusedTls = assertInstanceOf(SendResult.Failed.class, untrusted, untrusted.toString());
        assertTrue(refusedTls.reason().contains("cannot reach"), refusedTls.reason());
        SendResult.Failed refusedPlain = assertInstanceOf(SendResult.Failed.class, plain, plain.toString());
        assertFalse(refusedPlain.transientFailure());
        assertTrue(refusedPlain.reason().contains("is not https"), refusedPlain.reason());
        assertEquals(0, messagesInInbox(georgia, TestNetwork.GE_BUYER, message.as4MessageId()));
    }

    @Test
    void aSenderDoesNotFollowARedirectAwayFromTheReceiversEndpoint() throws Exception {
        // a TLS endpoint with a trusted certificate that answers every post with a redirect to Georgia's real endpoint
        com.sun.net.httpserver.HttpsServer redirecting =
                com.sun.net.httpserver.HttpsServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        redirecting.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(
                org.silkgate.security.tls.TlsContexts.server(pki.resolve("tls-GE.p12"), Optional.empty())));
        java.util.concurrent.atomic.AtomicInteger posts = new java.util.concurrent.atomic.AtomicInteger();
        redirecting.createContext("/as4", exchange -> {
            posts.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", georgia.as4Url());
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        redirecting.start();
        OutboundMessage message = kazakhstan
                .preparation()
                .prepare(TestNetwork.document("tender.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER);
        ApIdentity identity = ApIdentity.load(
                pki.resolve("ap-KZ.p12"),
                Optional.empty(),
                pki.resolve("truststore.p12"),
                new CrlFiles(georgia.config().effectiveCrlFiles(), Clock.systemUTC()));
        SendResult result;
        try (As4Sender sender = new As4Sender(
                identity,
                Phase4Crypto.of(identity),
                StaticEndpointResolver.everythingTo(new Endpoint(
                        "https://127.0.0.1:" + redirecting.getAddress().getPort() + "/as4", georgia.certificate())),
                TestNetwork.clientConnections(pki),
                Clock.systemUTC())) {
            result = sender.send(message);
        } finally {
            redirecting.stop(0);
        }

        assertInstanceOf(SendResult.Failed.class, result, result.toString());
        assertEquals(1, posts.get(), "one post, to the endpoint the SMP or route named");
        assertEquals(
                0,
                messagesInInbox(georgia, TestNetwork.GE_BUYER, message.as4MessageId()),
                "the redirect was not followed");
    }

    private static SendResult sendAs(String keystore, OutboundMessage message) {
        ApIdentity identity = ApIdentity.load(
                pki.resolve(keystore),
                Optional.empty(),
                pki.resolve("truststore.p12"),
                new CrlFiles(georgia.config().effectiveCrlFiles(), Clock.systemUTC()));
        Endpoint toGeorgia = new Endpoint(georgia.as4Url(), georgia.certificate());
        try (As4Sender sender = new As4Sender(
                identity,
                Phase4Crypto.of(identity),
                StaticEndpointResolver.everythingTo(toGeorgia),
                TestNetwork.clientConnections(pki),
                Clock.systemUTC())) {
            return sender.send(message);
        }
    }

    private static void assertRefusedAtGeorgia(String keystore, String expectedReason) {
        OutboundMessage message = kazakhstan
                .preparation()
                .prepare(TestNetwork.document("tender.xml"), TestNetwork.KZ_SUPPLIER, TestNetwork.GE_BUYER);
        SendResult result = sendAs(keystore, message);

        SendResult.Failed failed = assertInstanceOf(SendResult.Failed.class, result, result.toString());
        assertFalse(failed.transientFailure(), failed.reason());
        assertTrue(failed.reason().contains("EBMS:0101"), failed.reason());
        assertTrue(failed.reason().contains(expectedReason), failed.reason());
        assertEquals(0, messagesInInbox(georgia, message.envelope().receiver(), message.as4MessageId()));
    }

    private static long messagesInInbox(AccessPoint ap, ParticipantId receiver, String messageId) {
        Path document = ap.inbox().documentPath(receiver, messageId);
        if (!Files.isDirectory(document.getParent())) return 0;
        try (Stream<Path> files = Files.list(document.getParent())) {
            return files.filter(f -> f.getFileName()
                            .toString()
                            .startsWith(document.getFileName().toString().replace(".xml", "")))
                    .filter(f -> f.toString().endsWith(".xml"))
                    .count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
