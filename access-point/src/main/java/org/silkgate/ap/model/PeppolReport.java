package org.silkgate.ap.model;

import static org.silkgate.validation.DocumentTypeRegistry.PEPPOL_EUSR_CUSTOMIZATION;
import static org.silkgate.validation.DocumentTypeRegistry.PEPPOL_EUSR_NAMESPACE;
import static org.silkgate.validation.DocumentTypeRegistry.PEPPOL_REPORTING_PROFILE;
import static org.silkgate.validation.DocumentTypeRegistry.PEPPOL_TSR_CUSTOMIZATION;
import static org.silkgate.validation.DocumentTypeRegistry.PEPPOL_TSR_NAMESPACE;

/**
 * The Peppol reports as documents of the network: each service provider sends its monthly Transaction Statistics
 * Report and End User Statistics Report to the reporting receiver like any document. They are about the traffic,
 * not part of it: the reports do not count them.
 */
public final class PeppolReport {
    public static final DocumentTypeId TSR = new DocumentTypeId(
            DocumentTypeId.BUSDOX_SCHEME,
            PEPPOL_TSR_NAMESPACE + "::TransactionStatisticsReport##" + PEPPOL_TSR_CUSTOMIZATION + "::1.0");
    public static final DocumentTypeId EUSR = new DocumentTypeId(
            DocumentTypeId.BUSDOX_SCHEME,
            PEPPOL_EUSR_NAMESPACE + "::EndUserStatisticsReport##" + PEPPOL_EUSR_CUSTOMIZATION + "::1.1");
    public static final ProcessId PROCESS = new ProcessId(ProcessId.CENBII_SCHEME, PEPPOL_REPORTING_PROFILE);

    private PeppolReport() {}

    public static boolean isReport(DocumentTypeId documentType) {
        return TSR.equals(documentType) || EUSR.equals(documentType);
    }
}
