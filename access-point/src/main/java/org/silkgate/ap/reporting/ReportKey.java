package org.silkgate.ap.reporting;

/** A subtotal's or subset's key: {@code <Key metaSchemeID="DT" schemeID="busdox-docid-qns">…</Key>}. */
public record ReportKey(String metaSchemeId, String schemeId, String value) implements Comparable<ReportKey> {
    static final String SERVICE_PROVIDER_SCHEME = "CertSubjectCN";

    static ReportKey serviceProvider(String seatId) {
        return new ReportKey("SP", SERVICE_PROVIDER_SCHEME, seatId);
    }

    static ReportKey documentType(org.silkgate.ap.model.DocumentTypeId documentType) {
        return new ReportKey("DT", documentType.scheme(), documentType.value());
    }

    static ReportKey process(org.silkgate.ap.model.ProcessId process) {
        return new ReportKey("PR", process.scheme(), process.value());
    }

    static ReportKey transportProtocol(String protocol) {
        return new ReportKey("TP", "Peppol", protocol);
    }

    static ReportKey country(String scheme, String country) {
        return new ReportKey("CC", scheme, country);
    }

    @Override
    public int compareTo(ReportKey other) {
        return (metaSchemeId + "\u0000" + schemeId + "\u0000" + value)
                .compareTo(other.metaSchemeId + "\u0000" + other.schemeId + "\u0000" + other.value);
    }
}
