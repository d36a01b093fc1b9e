package org.silkgate.ap.as4;

import com.helger.phase4.crypto.AS4CryptoFactoryInMemoryKeyStore;
import com.helger.phase4.crypto.IAS4CryptoFactory;
import org.silkgate.ap.trust.ApIdentity;

/** The one place that turns an access point's identity into phase4's crypto factory. */
public final class Phase4Crypto {
    private Phase4Crypto() {}

    /** Signs and decrypts with the access point's key, trusts the trust store. */
    public static IAS4CryptoFactory of(ApIdentity identity) {
        return new AS4CryptoFactoryInMemoryKeyStore(
                identity.keyStore(), identity.alias(), identity.keyPassword(), identity.trustStore());
    }
}
