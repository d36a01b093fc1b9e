package org.silkgate.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which rules apply to a document: its root element and namespace pick the specification candidates, its
 * {@code CustomizationID} and {@code ProfileID} must then be the ones that specification fixes (docs/network.md).
 */
public final class DocumentTypeRegistry {
    public static final String UBL_NS_PREFIX = "urn:oasis:names:specification:ubl:schema:xsd:";
    private static final String RULES = "org/silkgate/validation/rules/";
    private static final String PEPPOL_XSLT = "external/schematron/openpeppol/2025.11/xslt/";
    private static final String PEPPOL_MLS_XSLT = "external/schematron/mls/1.0.0/xslt/";
    private static final String KNOWN_GOOD = "org/silkgate/validation/known-good/";

    /** Where a Schematron layer's rules come from: an ISO Schematron source or a pre-compiled XSLT. */
    public record RuleSource(String layer, String resource, Kind kind) {
        public enum Kind {
            SCHEMATRON,
            XSLT
        }

        public static RuleSource schematron(String layer, String resource) {
            return new RuleSource(layer, resource, Kind.SCHEMATRON);
        }

        public static RuleSource xslt(String layer, String resource) {
            return new RuleSource(layer, resource, Kind.XSLT);
        }
    }

    /**
     * One specification of the network.
     *
     * @param profileId the required {@code ProfileID}, or null when the rule sets themselves judge it (Peppol)
     * @param documents UBL main document names (root element local names)
     * @param knownGoodSample class-path resource of a document that must come out valid at start-up, or null
     */
    public record Specification(
            String name,
            String customizationId,
            String profileId,
            String ublVersion,
            List<String> documents,
            List<RuleSource> ruleSets,
            String knownGoodSample) {
        public Specification {
            documents = List.copyOf(documents);
            ruleSets = List.copyOf(ruleSets);
        }
    }

    /**
     * The outcome of a look-up: the document type and its specification, and a problem ("" when none) naming what
     * does not match.
     */
    public record Resolution(
            Optional<DocumentType> documentType, Optional<Specification> specification, String problem) {}

    public static final String CAREC_TENDERING_CUSTOMIZATION = "urn:fdc:silkgate.carec:2026:tendering:1.0";
    public static final String CAREC_TENDERING_PROFILE = "urn:fdc:silkgate.carec:2026:tendering:01:1.0";
    public static final String CAREC_ORDERING_CUSTOMIZATION = "urn:fdc:silkgate.carec:2026:ordering:1.0";
    public static final String CAREC_ORDERING_PROFILE = "urn:fdc:silkgate.carec:2026:ordering:01:1.0";
    public static final String CAREC_TRADE_CUSTOMIZATION = "urn:fdc:silkgate.carec:2026:paperless-trade:1.0";
    public static final String CAREC_TRADE_PROFILE = "urn:fdc:silkgate.carec:2026:paperless-trade:01:1.0";
    public static final String PEPPOL_BILLING_CUSTOMIZATION =
            "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
    public static final String PEPPOL_BILLING_PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
    /** Peppol Message Level Status 1.0 (eDEC), from the receiving access point (C3) to the sending one (C2). */
    public static final String PEPPOL_MLS_CUSTOMIZATION = "urn:peppol:edec:mls:1.0";

    public static final String PEPPOL_MLS_PROFILE = "urn:peppol:edec:mls";
    /** Peppol BIS Message Level Response 3.0 (transaction T71). */
    public static final String PEPPOL_MLR_CUSTOMIZATION = "urn:fdc:peppol.eu:poacc:trns:mlr:3";

    public static final String PEPPOL_MLR_PROFILE = "urn:fdc:peppol.eu:poacc:bis:mlr:3";
    /** Peppol BIS Invoice Response 3 (transaction T111). */
    public static final String PEPPOL_INVOICE_RESPONSE_CUSTOMIZATION =
            "urn:fdc:peppol.eu:poacc:trns:invoice_response:3";

    public static final String PEPPOL_INVOICE_RESPONSE_PROFILE = "urn:fdc:peppol.eu:poacc:bis:invoice_response:3";

    /*
     * The Peppol specifications below leave the ProfileID to their rule sets (null here), as phive does: the MLS rules
     * check it (SCH-MLS-02), so do T71 (PEPPOL-T71-B00301) and T111 (PEPPOL-T111-B00301). Their ApplicationResponse
     * documents are told apart by CustomizationID alone.
     */

    private static final DocumentTypeRegistry STANDARD = new DocumentTypeRegistry(List.of(
            new Specification(
                    "CAREC BIS e-Tendering 1.0",
                    CAREC_TENDERING_CUSTOMIZATION,
                    CAREC_TENDERING_PROFILE,
                    "2.4",
                    List.of("ContractNotice", "CallForTenders", "Tender", "TenderReceipt", "AwardedNotification"),
                    List.of(RuleSource.schematron("CAREC-TENDERING", RULES + "carec-tendering.sch")),
                    null),
            new Specification(
                    "CAREC BIS Ordering 1.0",
                    CAREC_ORDERING_CUSTOMIZATION,
                    CAREC_ORDERING_PROFILE,
                    "2.4",
                    List.of("Order", "OrderResponse", "DespatchAdvice"),
                    List.of(RuleSource.schematron("CAREC-ORDERING", RULES + "carec-ordering.sch")),
                    null),
            new Specification(
                    "CAREC Paperless Trade 1.0",
                    CAREC_TRADE_CUSTOMIZATION,
                    CAREC_TRADE_PROFILE,
                    "2.4",
                    List.of(
                            "ExportCustomsDeclaration",
                            "ImportCustomsDeclaration",
                            "TransitCustomsDeclaration",
                            "CertificateOfOrigin"),
                    List.of(RuleSource.schematron("CAREC-PAPERLESS-TRADE", RULES + "carec-paperless-trade.sch")),
                    null),
            new Specification(
                    "Peppol BIS Billing 3.0",
                    PEPPOL_BILLING_CUSTOMIZATION,
                    null,
                    "2.1",
                    List.of("Invoice", "CreditNote"),
                    List.of(
                            RuleSource.xslt("CEN-EN16931-UBL", PEPPOL_XSLT + "CEN-EN16931-UBL.xslt"),
                            RuleSource.xslt("PEPPOL-EN16931-UBL", PEPPOL_XSLT + "PEPPOL-EN16931-UBL.xslt")),
                    KNOWN_GOOD + "peppol-bis-invoice.xml"),
            new Specification(
                    "Peppol Message Level Status 1.0",
                    PEPPOL_MLS_CUSTOMIZATION,
                    null,
                    "2.1",
                    List.of("ApplicationResponse"),
                    List.of(RuleSource.xslt("PEPPOL-MLS", PEPPOL_MLS_XSLT + "peppol-mls-1.0.0.xslt")),
                    KNOWN_GOOD + "peppol-mls.xml"),
            new Specification(
                    "Peppol BIS Message Level Response 3.0",
                    PEPPOL_MLR_CUSTOMIZATION,
                    null,
                    "2.1",
                    List.of("ApplicationResponse"),
                    List.of(RuleSource.xslt("PEPPOLBIS-T71", PEPPOL_XSLT + "PEPPOLBIS-T71.xslt")),
                    KNOWN_GOOD + "peppol-mlr.xml"),
            new Specification(
                    "Peppol BIS Invoice Response 3",
                    PEPPOL_INVOICE_RESPONSE_CUSTOMIZATION,
                    null,
                    "2.1",
                    List.of("ApplicationResponse"),
                    List.of(RuleSource.xslt("PEPPOLBIS-T111", PEPPOL_XSLT + "PEPPOLBIS-T111.xslt")),
                    KNOWN_GOOD + "peppol-invoice-response.xml")));

    private final List<Specification> specifications;
    private final Map<String, List<Specification>> byRoot = new LinkedHashMap<>();

    public DocumentTypeRegistry(List<Specification> specifications) {
        this.specifications = List.copyOf(specifications);
        for (Specification spec : specifications) {
            for (String doc : spec.documents()) {
                List<Specification> forRoot =
                        byRoot.computeIfAbsent(UBL_NS_PREFIX + doc + "-2|" + doc, k -> new ArrayList<>());
                if (!forRoot.isEmpty() && !forRoot.get(0).ublVersion().equals(spec.ublVersion())) {
                    // the XSD is chosen from the root element before the CustomizationID is read
                    throw new IllegalArgumentException(doc + " cannot be UBL "
                            + forRoot.get(0).ublVersion() + " and " + spec.ublVersion() + " at once");
                }
                forRoot.add(spec);
            }
        }
    }

    /**
     * The network's specifications: CAREC e-Tendering, Ordering, Paperless Trade, Peppol BIS Billing 3.0 and the
     * Peppol business responses (Message Level Status, Message Level Response, Invoice Response).
     */
    public static DocumentTypeRegistry standard() {
        return STANDARD;
    }

    public List<Specification> specifications() {
        return specifications;
    }

    /** The UBL version of a document without a UBLVersionID whose root no specification has. */
    public static final String DEFAULT_UBL_VERSION = "2.4";

    /**
     * The UBL version a document is of: its UBLVersionID, else its specification's, else {@value #DEFAULT_UBL_VERSION}.
     * The access point derives the Peppol document type identifier from it, with or without validation.
     */
    public String ublVersion(String namespace, String localName, String ublVersionId) {
        if (ublVersionId != null) return ublVersionId;
        return ublVersionFor(namespace, localName).orElse(DEFAULT_UBL_VERSION);
    }

    /** The UBL version whose XSD validates documents with this root element, if the network knows the root. */
    public Optional<String> ublVersionFor(String namespace, String localName) {
        List<Specification> specs = byRoot.get(namespace + "|" + localName);
        return specs == null ? Optional.empty() : Optional.of(specs.get(0).ublVersion());
    }

    /**
     * Matches the root element, CustomizationID and ProfileID read from a document. A root element no specification
     * has gives no specification. A root element of exactly one specification with other identifiers still gets that
     * specification (its rules judge the rest) together with a problem naming the expected identifiers.
     */
    public Resolution resolve(
            String namespace, String localName, String customizationId, String profileId, String ublVersionId) {
        List<Specification> candidates = byRoot.get(namespace + "|" + localName);
        if (candidates == null) {
            return new Resolution(
                    Optional.empty(),
                    Optional.empty(),
                    "unknown document type: root element '"
                            + localName + "' in namespace '" + namespace
                            + "' is not a document of any SilkGate specification ("
                            + knownRoots() + ")");
        }
        for (Specification spec : candidates) {
            if (!spec.customizationId().equals(customizationId)) continue;
            String problem = spec.profileId() == null || spec.profileId().equals(profileId)
                    ? ""
                    : localName + " with CustomizationID '" + customizationId + "' must carry ProfileID '"
                            + spec.profileId() + "' (" + spec.name() + "), found " + quoted(profileId);
            return matched(spec, namespace, localName, customizationId, profileId, ublVersionId, problem);
        }
        StringBuilder expected = new StringBuilder();
        for (Specification spec : candidates) {
            if (!expected.isEmpty()) expected.append(" or ");
            expected.append('\'')
                    .append(spec.customizationId())
                    .append("' (")
                    .append(spec.name())
                    .append(')');
        }
        String problem = localName + " has CustomizationID " + quoted(customizationId) + ", expected " + expected;
        if (candidates.size() > 1)
            return new Resolution(Optional.empty(), Optional.empty(), "unknown document type: " + problem);
        return matched(candidates.get(0), namespace, localName, customizationId, profileId, ublVersionId, problem);
    }

    private static Resolution matched(
            Specification spec,
            String namespace,
            String localName,
            String customizationId,
            String profileId,
            String ublVersionId,
            String problem) {
        DocumentType type = new DocumentType(
                namespace,
                localName,
                customizationId,
                profileId,
                ublVersionId != null ? ublVersionId : spec.ublVersion(),
                spec.name());
        return new Resolution(Optional.of(type), Optional.of(spec), problem);
    }

    private String knownRoots() {
        List<String> names = new ArrayList<>();
        byRoot.keySet().forEach(k -> names.add(k.substring(k.indexOf('|') + 1)));
        return "known: " + String.join(", ", names);
    }

    private static String quoted(String value) {
        return value == null ? "none" : "'" + value + "'";
    }
}
