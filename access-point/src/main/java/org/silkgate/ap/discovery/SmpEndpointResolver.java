package org.silkgate.ap.discovery;

import com.helger.peppol.smp.ESMPTransportProfile;
import com.helger.peppolid.IDocumentTypeIdentifier;
import com.helger.peppolid.IParticipantIdentifier;
import com.helger.peppolid.IProcessIdentifier;
import com.helger.peppolid.factory.PeppolIdentifierFactory;
import com.helger.smpclient.exception.SMPClientException;
import com.helger.smpclient.peppol.SMPClientReadOnly;
import com.helger.xsds.peppol.smp1.EndpointType;
import com.helger.xsds.peppol.smp1.SignedServiceMetadataType;
import com.helger.xsds.xmldsig.X509DataType;
import jakarta.xml.bind.JAXBElement;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.silkgate.ap.model.DocumentTypeId;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.model.ProcessId;
import org.silkgate.ap.tls.ClientConnections;
import org.silkgate.ap.trust.CertificateTrust;

/**
 * Endpoint discovery at the SMP registry (Peppol SMP 1.x) with peppol-commons' client: the signed service metadata
 * is accepted only when its signer chains to the SMP CA and is not revoked (an access point's certificate, though
 * issued under the same root, does not sign SMP answers), its identifiers are checked against the request (the client
 * does not), and the Peppol AS4 v2 endpoint for the process is taken. Answers, including "not registered", are cached
 * for a TTL; SMP failures are not cached and count as transient.
 */
public final class SmpEndpointResolver implements EndpointResolver {
    private static final PeppolIdentifierFactory IDS = PeppolIdentifierFactory.INSTANCE;

    private record Key(ParticipantId receiver, DocumentTypeId documentType, ProcessId process) {}

    private record Answer(Endpoint endpoint, String notFound, Instant expires) {}

    private final SMPClientReadOnly client;
    private final String smpUrl;
    private final Duration ttl;
    private final ConcurrentHashMap<Key, Answer> cache = new ConcurrentHashMap<>();
    private final CertificateTrust signers;
    private final Clock clock;

    /**
     * @param signers who may sign the registry's answers: anchored at the SMP CA, with its CRL
     * @param connections how the client reaches the registry (TLS trust, no redirects)
     */
    public SmpEndpointResolver(
            String smpUrl, CertificateTrust signers, ClientConnections connections, Duration ttl, Clock clock) {
        this.smpUrl = connections.requireAllowed(smpUrl, "SMP");
        this.signers = signers;
        this.ttl = ttl;
        this.clock = clock;
        this.client = new SMPClientReadOnly(URI.create(smpUrl.endsWith("/") ? smpUrl : smpUrl + "/"))
                .setTrustStore(signers.anchorStore())
                .setFollowSMPRedirects(false)
                .withHttpClientSettings(connections::apply);
    }

    @Override
    public Endpoint resolve(ParticipantId receiver, DocumentTypeId documentType, ProcessId process) {
        Key key = new Key(receiver, documentType, process);
        Answer answer = cache.get(key);
        if (answer == null || clock.instant().isAfter(answer.expires())) {
            answer = lookUp(key);
            if (cache.size() > 100_000) cache.clear();
            cache.put(key, answer);
        }
        if (answer.endpoint() == null) throw new EndpointNotFoundException(answer.notFound());
        return answer.endpoint();
    }

    /** The certificate the client verified the signature with: the one in the signature's KeyInfo. */
    private X509Certificate signer(SignedServiceMetadataType metadata) {
        if (metadata.getSignature() != null && metadata.getSignature().getKeyInfo() != null) {
            for (Object content : metadata.getSignature().getKeyInfo().getContent()) {
                Object value = content instanceof JAXBElement<?> element ? element.getValue() : content;
                if (value instanceof X509DataType data) {
                    for (Object item : data.getX509IssuerSerialOrX509SKIOrX509SubjectName()) {
                        if (item instanceof JAXBElement<?> element
                                && element.getValue() instanceof byte[] encoded
                                && "X509Certificate".equals(element.getName().getLocalPart())) {
                            try {
                                return (X509Certificate) CertificateFactory.getInstance("X.509")
                                        .generateCertificate(new ByteArrayInputStream(encoded));
                            } catch (CertificateException e) {
                                throw new IllegalStateException(
                                        "SMP " + smpUrl + " signed with an unreadable certificate", e);
                            }
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("SMP " + smpUrl + " signed its answer without a certificate in KeyInfo");
    }

    private Answer lookUp(Key key) {
        Instant expires = clock.instant().plus(ttl);
        IParticipantIdentifier participant =
                IDS.parseParticipantIdentifier(key.receiver().uri());
        IDocumentTypeIdentifier documentType =
                IDS.parseDocumentTypeIdentifier(key.documentType().uri());
        IProcessIdentifier process = IDS.parseProcessIdentifier(key.process().uri());
        if (participant == null || documentType == null || process == null) {
            return new Answer(null, "malformed identifiers: " + key, expires);
        }
        SignedServiceMetadataType metadata;
        try {
            metadata = client.getServiceMetadataOrNull(participant, documentType);
        } catch (SMPClientException e) {
            throw new IllegalStateException(
                    "SMP " + smpUrl + " lookup of " + key.receiver() + " failed: " + e.getMessage(), e);
        }
        if (metadata != null) {
            X509Certificate signer = signer(metadata);
            CertificateTrust.Verdict verdict = signers.check(signer, clock.instant());
            if (!verdict.trusted()) {
                throw new IllegalStateException("SMP " + smpUrl + " answered for " + key.receiver()
                        + " with a signature this " + "access point does not accept: " + verdict.reason());
            }
        }
        if (metadata == null || metadata.getServiceMetadata().getServiceInformation() == null) {
            return new Answer(
                    null,
                    "participant " + key.receiver() + " is not registered at the SMP for document type "
                            + key.documentType(),
                    expires);
        }
        var information = metadata.getServiceMetadata().getServiceInformation();
        if (!IDS.createParticipantIdentifier(
                                information.getParticipantIdentifier().getScheme(),
                                information.getParticipantIdentifier().getValue())
                        .hasSameContent(participant)
                || !IDS.createDocumentTypeIdentifier(
                                information.getDocumentIdentifier().getScheme(),
                                information.getDocumentIdentifier().getValue())
                        .hasSameContent(documentType)) {
            throw new IllegalStateException("SMP " + smpUrl + " answered for another participant or document type than "
                    + key.receiver() + " / " + key.documentType());
        }
        EndpointType endpoint =
                SMPClientReadOnly.getEndpoint(metadata, process, ESMPTransportProfile.TRANSPORT_PROFILE_PEPPOL_AS4_V2);
        if (endpoint == null) {
            return new Answer(
                    null,
                    "participant " + key.receiver() + " has no active Peppol AS4 endpoint for process " + key.process()
                            + " at the SMP",
                    expires);
        }
        try {
            X509Certificate certificate = SMPClientReadOnly.getEndpointCertificate(endpoint);
            return new Answer(new Endpoint(SMPClientReadOnly.getEndpointAddress(endpoint), certificate), null, expires);
        } catch (CertificateException e) {
            return new Answer(
                    null,
                    "the SMP entry of " + key.receiver() + " carries an unreadable certificate: " + e.getMessage(),
                    expires);
        }
    }
}
