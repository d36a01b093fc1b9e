package org.silkgate.ap.as4;

import org.apache.wss4j.common.ext.WSSecurityException;
import org.apache.wss4j.dom.handler.RequestData;
import org.apache.wss4j.dom.validate.Credential;
import org.apache.wss4j.dom.validate.Validator;

/**
 * Replaces WSS4J's signature trust validator on incoming messages. WSS4J still verifies the signature value; whether
 * the signing certificate is trusted (path, expiry, revocation) is decided by the receive pipeline
 * ({@link org.silkgate.ap.inbound.ReceivePipeline}) with {@link org.silkgate.ap.trust.CertificateTrust}, so that an untrusted sender gets the FailedAuthentication error the
 * Peppol AS4 profile prescribes instead of phase4's generic FailedDecryption for any WSS4J failure.
 */
final class DeferredTrustSignatureValidator implements Validator {
    @Override
    public Credential validate(Credential credential, RequestData data) throws WSSecurityException {
        boolean hasCertificate =
                credential != null && credential.getCertificates() != null && credential.getCertificates().length > 0;
        if (!hasCertificate) {
            throw new WSSecurityException(WSSecurityException.ErrorCode.FAILED_AUTHENTICATION, "noCredential");
        }
        return credential;
    }
}
