package org.silkgate.ap.as4;

import com.helger.base.state.EContinue;
import com.helger.jaxb.builder.JAXBBuilderDefaultSettings;
import com.helger.phase4.duplicate.AS4DuplicateManagerInMemory;
import com.helger.phase4.duplicate.IAS4DuplicateManager;
import com.helger.phase4.incoming.mgr.AS4ProfileSelector;
import com.helger.phase4.mgr.AS4ManagerFactoryInMemory;
import com.helger.phase4.mgr.MetaAS4Manager;
import com.helger.scope.mgr.ScopeManager;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The one place that touches phase4's process-wide state: system properties that must be set before the first
 * JAXP/Jakarta Mail look-up, ph-jaxb's per-document XSD validation (off; see {@link IncomingXsdCheck}), the
 * ph-scopes global scope that phase4's managers live in, the manager factory and the default AS4 profile. Several access points in one JVM (tests, the demo) share it: the global scope begins with
 * the first {@link #acquire()} and ends with the last {@link #release()}.
 * <p>
 * phase4's own duplicate check keeps message ids in memory and answers a duplicate with an error; SilkGate instead
 * answers a duplicate with a receipt and never delivers it twice, using its persistent journal. So the duplicate
 * manager installed here lets every message through to the SilkGate processor.
 */
public final class Phase4Runtime {
    public static final String PROFILE = "peppol";

    private static final Object LOCK = new Object();
    private static int users;

    static {
        configureJvm();
    }

    private Phase4Runtime() {}

    /**
     * Pins the JAXP transformer factory and Jakarta Mail's stream provider: without it every message runs class-path
     * scans, which would cost more CPU than the rest of the message. Only sets what the operator has not set already.
     */
    public static void configureJvm() {
        setIfAbsent(
                "javax.xml.transform.TransformerFactory",
                "com.sun.org.apache.xalan.internal.xsltc.trax.TransformerFactoryImpl");
        setIfAbsent("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        setIfAbsent("phase4.manager.inmemory", "true");
        // phase4 and ph-sbdh validate every ebMS header, receipt and SBDH they write or read against their XSDs, with a
        // new JDK validator each time. What another access point sends is checked against the same schemas
        // (IncomingXsdCheck, SbdhEnvelope), with validators kept per thread; what phase4 builds itself needs no check.
        JAXBBuilderDefaultSettings.setDefaultUseSchema(false);
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    public static void acquire() {
        synchronized (LOCK) {
            if (users == 0) {
                if (!ScopeManager.isGlobalScopePresent()) ScopeManager.onGlobalBegin("silkgate-access-point");
                MetaAS4Manager.setFactory(new AS4ManagerFactoryInMemory() {
                    @Override
                    public IAS4DuplicateManager createDuplicateManager() {
                        return new LetThroughDuplicateManager();
                    }
                });
                MetaAS4Manager.getInstance();
                AS4ProfileSelector.setCustomDefaultAS4ProfileID(PROFILE);
            }
            users++;
        }
    }

    public static void release() {
        synchronized (LOCK) {
            if (users == 0) return;
            users--;
            if (users == 0 && ScopeManager.isGlobalScopePresent()) ScopeManager.onGlobalEnd();
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }

    /** Lets every message id through: duplicates are recognised by the SilkGate journal instead. */
    private static final class LetThroughDuplicateManager extends AS4DuplicateManagerInMemory {
        @Override
        public EContinue registerAndCheck(String messageId, String profileId, String pmodeId) {
            return EContinue.CONTINUE;
        }
    }
}
