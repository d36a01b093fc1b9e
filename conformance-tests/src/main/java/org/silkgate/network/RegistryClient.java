package org.silkgate.network;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import org.silkgate.ap.model.DocumentIdentifiers;
import org.silkgate.smp.identifier.PathCodec;

/**
 * A national operator's side of the SMP registry's management API (Peppol SMP 1.x write convention, HTTP Basic):
 * {@code PUT /{participant}} with a ServiceGroup, {@code PUT /{participant}/services/{documentType}} with a
 * ServiceMetadata naming the access point's AS4 URL and certificate. Over HTTPS, the registry's certificate checked.
 */
public final class RegistryClient {
    private static final String PARTICIPANT_SCHEME = "iso6523-actorid-upis";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final String authorization;
    private final HttpClient http;

    /** @param tls the client context the registry's TLS certificate is checked with (host name included) */
    public RegistryClient(String baseUrl, String user, char[] password, SSLContext tls) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = "Basic "
                + Base64.getEncoder()
                        .encodeToString((user + ":" + new String(password)).getBytes(StandardCharsets.UTF_8));
        this.http = PkiTls.httpClient(tls).connectTimeout(TIMEOUT).build();
    }

    /** Registers (or replaces) the participant's service group, with its name and country as business card. */
    public void putServiceGroup(String participantId, String name, String country) {
        String body = """
                <?xml version="1.0" encoding="UTF-8"?>
                <ServiceGroup xmlns="http://busdox.org/serviceMetadata/publishing/1.0/" \
                xmlns:ids="http://busdox.org/transport/identifiers/1.0/">\
                <ids:ParticipantIdentifier scheme="%s">%s</ids:ParticipantIdentifier>\
                <ServiceMetadataReferenceCollection/>\
                <Extension><sg:BusinessCard xmlns:sg="urn:silkgate:smp:business-card:1.0">\
                <sg:Name>%s</sg:Name><sg:CountryCode>%s</sg:CountryCode></sg:BusinessCard></Extension>\
                </ServiceGroup>""".formatted(PARTICIPANT_SCHEME, xml(participantId), xml(name), xml(country));
        put(participantPath(participantId), body, "service group of " + participantId);
    }

    /** Says that {@code participantId} receives documents of this type and process at this access point. */
    public void putServiceMetadata(
            String participantId, DocumentIdentifiers document, String as4Url, X509Certificate apCertificate) {
        String certificate;
        try {
            certificate = Base64.getEncoder().encodeToString(apCertificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode the certificate of " + as4Url, e);
        }
        String body = """
                <?xml version="1.0" encoding="UTF-8"?>
                <ServiceMetadata xmlns="http://busdox.org/serviceMetadata/publishing/1.0/" \
                xmlns:ids="http://busdox.org/transport/identifiers/1.0/" xmlns:wsa="http://www.w3.org/2005/08/addressing">\
                <ServiceInformation>\
                <ids:ParticipantIdentifier scheme="%s">%s</ids:ParticipantIdentifier>\
                <ids:DocumentIdentifier scheme="%s">%s</ids:DocumentIdentifier>\
                <ProcessList><Process>\
                <ids:ProcessIdentifier scheme="%s">%s</ids:ProcessIdentifier>\
                <ServiceEndpointList><Endpoint transportProfile="peppol-transport-as4-v2_0">\
                <wsa:EndpointReference><wsa:Address>%s</wsa:Address></wsa:EndpointReference>\
                <RequireBusinessLevelSignature>false</RequireBusinessLevelSignature>\
                <Certificate>%s</Certificate>\
                <ServiceDescription>SilkGate access point</ServiceDescription>\
                <TechnicalContactUrl>mailto:operations@silkgate.example</TechnicalContactUrl>\
                </Endpoint></ServiceEndpointList></Process></ProcessList>\
                </ServiceInformation></ServiceMetadata>""".formatted(
                        PARTICIPANT_SCHEME,
                        xml(participantId),
                        document.documentType().scheme(),
                        xml(document.documentType().value()),
                        document.process().scheme(),
                        xml(document.process().value()),
                        xml(as4Url),
                        certificate);
        put(
                participantPath(participantId) + "/services/"
                        + PathCodec.encode(document.documentType().uri()),
                body,
                "service metadata of " + participantId + " for " + document.rootName());
    }

    /** The registry's public answer for a participant and document type (signed service metadata), or the status. */
    public HttpResponse<String> lookup(String participantId, DocumentIdentifiers document) {
        return send(
                HttpRequest.newBuilder(URI.create(baseUrl + participantPath(participantId) + "/services/"
                                + PathCodec.encode(document.documentType().uri())))
                        .timeout(TIMEOUT)
                        .GET()
                        .build(),
                "lookup of " + participantId);
    }

    private static String participantPath(String participantId) {
        return "/" + PathCodec.encode(PARTICIPANT_SCHEME + "::" + participantId);
    }

    private void put(String path, String body, String what) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "text/xml; charset=UTF-8")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = send(request, what);
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException("the registry refused the " + what + ": HTTP " + response.statusCode() + " "
                    + response.body().strip());
        }
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "the registry at " + baseUrl + " did not answer the " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the " + what, e);
        }
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
