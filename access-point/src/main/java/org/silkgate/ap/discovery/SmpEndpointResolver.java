package org.silkgate.ap.discovery;

import org.silkgate.ap.discovery.EndpointResolver;
import org.silkgate.ap.discovery.Endpoint;
import com.helger.peppol.smp.ESMPTransportProfile;
import com.helger.peppolid.IDocumentTypeIdentifier;
import com.helger.peppolid.IParticipantIdentifier;
import com.helger.peppolid.IProcessIdentifier;
import com.helger.peppolid.factory.PeppolIdentifierFactory;
import com.helger.smpclient.exception.SMPClientException;
import com.helger.smpclient.peppol.SMPClientReadOnly;
import com.helger.xsds.peppol.smp1.EndpointType;
import com.helger.xsds.peppol.smp1.SignedServiceMetadataType;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.silkgate.ap.model.DocumentTypeId;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.ap.model.ProcessId;

/**
 * Endpoint discovery at the SMP registry over HTTP (Peppol SMP 1.x) with peppol-commons' client: the signed service
 * metadata is verified against the trust store, its identifiers are checked against the request (the client does not),
 * and the Peppol AS4 v2 endpoint for the process is taken. Answers, including "not registered", are cached for a TTL;
 * SMP failures are not cached and count as transient.
 */
public final class SmpEndpointResolver implements EndpointResolver {
    private static final PeppolIdentifierFactory IDS = PeppolIdentifierFactory.INSTANCE;

    private record Key(ParticipantId receiver, DocumentTypeId documentType, ProcessId process) {}

    private record Answer(Endpoint endpoint, String notFound, Instant expires) {}

    private final SMPClientReadOnly client;
    private final String smpUrl;
    private final Duration ttl;
    private final ConcurrentHashMap<Key, Answer> cache = new ConcurrentHashMap<>();
    private final Clock clock;

    public SmpEndpointResolver(String smpUrl, KeyStore trustStore, Duration ttl, Clock clock) {
        this.smpUrl = smpUrl;
        this.ttl = ttl;
        this.clock = clock;
        this.client = new SMPClientReadOnly(URI.create(smpUrl.endsWith("/") ? smpUrl : smpUrl + "/")).setTrustStore(trustStore);
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

    private Answer lookUp(Key key) {
        Instant expires = clock.instant().plus(ttl);
        IParticipantIdentifier participant = IDS.parseParticipantIdentifier(key.receiver().uri());
        IDocumentTypeIdentifier documentType = IDS.parseDocumentTypeIdentifier(key.documentType().uri());
        IProcessIdentifier process = IDS.parseProcessIdentifier(key.process().uri());
        if (participant == null || documentType == null || process == null) {
            return new Answer(null, "malformed identifiers: " + key, expires);
        }
        SignedServiceMetadataType metadata;
        try {
            metadata = client.getServiceMetadataOrNull(participant, documentType);
        } catch (SMPClientException e) {
            throw new IllegalStateException("SMP " + smpUrl + " lookup of " + key.receiver() + " failed: " + e.getMessage(), e);
        }
        if (metadata == null || metadata.getServiceMetadata().getServiceInformation() == null) {
            return new Answer(null, "participant " + key.receiver() + " is not registered at the SMP for document type "
                    + key.documentType(), expires);
        }
        var information = metadata.getServiceMetadata().getServiceInformation();
        if (!IDS.createParticipantIdentifier(information.getParticipantIdentifier().getScheme(),
                information.getParticipantIdentifier().getValue()).hasSameContent(participant)
                || !IDS.createDocumentTypeIdentifier(information.getDocumentIdentifier().getScheme(),
                information.getDocumentIdentifier().getValue()).hasSameContent(documentType)) {
            throw new IllegalStateException("SMP " + smpUrl + " answered for another participant or document type than "
                    + key.receiver() + " / " + key.documentType());
        }
        EndpointType endpoint = SMPClientReadOnly.getEndpoint(metadata, process, ESMPTransportProfile.TRANSPORT_PROFILE_PEPPOL_AS4_V2);
        if (endpoint == null) {
            return new Answer(null, "participant " + key.receiver() + " has no active Peppol AS4 endpoint for process "
                    + key.process() + " at the SMP", expires);
        }
        try {
            X509Certificate certificate = SMPClientReadOnly.getEndpointCertificate(endpoint);
            return new Answer(new Endpoint(SMPClientReadOnly.getEndpointAddress(endpoint), certificate), null, expires);
        } catch (CertificateException e) {
            return new Answer(null, "the SMP entry of " + key.receiver() + " carries an unreadable certificate: "
                    + e.getMessage(), expires);
        }
    }
}
