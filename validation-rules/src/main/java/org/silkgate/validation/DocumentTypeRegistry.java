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
     * @param ublVersion the UBL version, or for a syntax of its own (the Peppol reports) that syntax's version, which
     *     ends the Peppol document type identifier either way
     * @param documents root element local names: UBL main document names, or the roots of the own syntax
     * @param knownGoodSample class-path resource of a document that must come out valid at start-up, or null
     * @param rootNamespace the namespace of the roots, or null for UBL (each main document's own namespace)
     * @param xsd class-path resource of the roots' XSD, or null for UBL (the UBL XSD of the version)
     */
    public record Specification(
            String name,
            String customizationId,
            String profileId,
            String ublVersion,
            List<String> documents,
            List<RuleSource> ruleSets,
            String knownGoodSample,
            String rootNamespace,
            String xsd) {
        public Specification {
            documents = List.copyOf(documents);
            ruleSets = List.copyOf(ruleSets);
            if ((rootNamespace == null) != (xsd == null)) {
                throw new IllegalArgumentException(name + ": a syntax of its own needs both its namespace and its XSD");
            }
        }

        /** A UBL specification. */
        public Specification(
                String name,
                String customizationId,
                String profileId,
                String ublVersion,
                List<String> documents,
                List<RuleSource> ruleSets,
                String knownGoodSample) {
            this(name, customizationId, profileId, ublVersion, documents, ruleSets, knownGoodSample, null, null);
        }

        public boolean ubl() {
            return rootNamespace == null;
        }

        /** The namespace of a root element of this specification. */
        public String namespaceOf(String document) {
            return ubl() ? UBL_NS_PREFIX + document + "-2" : rootNamespace;
        }

        /** Which compiled XSD validates the roots: UBL's of the version, or the syntax's own. */
        String schemaKey() {
            return ubl() ? "ubl:" + ublVersion : "xsd:" + xsd;
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

    /** Peppol Transaction Statistics Reporting 1.0: each service provider's monthly TSR. */
    public static final String PEPPOL_TSR_NAMESPACE = "urn:fdc:peppol:transaction-statistics-report:1.0";

    public static final String PEPPOL_TSR_CUSTOMIZATION =
            "urn:fdc:peppol.eu:edec:trns:transaction-statistics-reporting:1.0";
    /** Peppol End User Statistics Reporting 1.1: each service provider's monthly EUSR. */
    public static final String PEPPOL_EUSR_NAMESPACE = "urn:fdc:peppol:end-user-statistics-report:1.1";

    public static final String PEPPOL_EUSR_CUSTOMIZATION = "urn:fdc:peppol.eu:edec:trns:end-user-statistics-report:1.1";
    /** The process of both reports. */
    public static final String PEPPOL_REPORTING_PROFILE = "urn:fdc:peppol.eu:edec:bis:reporting:1.0";

    public static final String PEPPOL_TSR = "Peppol Transaction Statistics Reporting 1.0";
    public static final String PEPPOL_EUSR = "Peppol End User Statistics Reporting 1.1";

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
                    KNOWN_GOOD + "peppol-invoice-response.xml"),
            // the reports are a syntax of their own (not UBL), with their XSD and Schematron in phive-rules-peppol
            new Specification(
                    PEPPOL_TSR,
                    PEPPOL_TSR_CUSTOMIZATION,
                    PEPPOL_REPORTING_PROFILE,
                    "1.0",
                    List.of("TransactionStatisticsReport"),
                    List.of(
                            RuleSource.xslt(
                                    "PEPPOL-TSR",
                                    "external/schematron/reporting/tsr/1.0.5/xslt/peppol-transaction-statistics-reporting-1.0.5.xslt")),
                    KNOWN_GOOD + "peppol-tsr.xml",
                    PEPPOL_TSR_NAMESPACE,
                    "external/schemas/peppol-transaction-statistics-reporting-1.0.1.xsd"),
            new Specification(
                    PEPPOL_EUSR,
                    PEPPOL_EUSR_CUSTOMIZATION,
                    PEPPOL_REPORTING_PROFILE,
                    "1.1",
                    List.of("EndUserStatisticsReport"),
                    List.of(
                            RuleSource.xslt(
                                    "PEPPOL-EUSR",
                                    "external/schematron/reporting/eusr/1.1.5/xslt/peppol-end-user-statistics-reporting-1.1.5.xslt")),
                    KNOWN_GOOD + "peppol-eusr.xml",
                    PEPPOL_EUSR_NAMESPACE,
                    "external/schemas/peppol-end-user-statistics-reporting-1.1.xsd")));

    private final List<Specification> specifications;
    private final Map<String, List<Specification>> byRoot = new LinkedHashMap<>();

    public DocumentTypeRegistry(List<Specification> specifications) {
        this.specifications = List.copyOf(specifications);
        for (Specification spec : specifications) {
            for (String doc : spec.documents()) {
                List<Specification> forRoot =
                        byRoot.computeIfAbsent(spec.namespaceOf(doc) + "|" + doc, k -> new ArrayList<>());
                if (!forRoot.isEmpty() && !forRoot.get(0).schemaKey().equals(spec.schemaKey())) {
                    // the XSD is chosen from the root element before the CustomizationID is read
                    throw new IllegalArgumentException(doc + " cannot be UBL "
                            + forRoot.get(0).ublVersion() + " and " + spec.ublVersion() + " at once");
                }
                forRoot.add(spec);
            }
        }
    }

    /**
     * The network's specifications: CAREC e-Tendering, Ordering, Paperless Trade, Peppol BIS Billing 3.0, the
     * Peppol business responses (Message Level Status, Message Level Response, Invoice Response) and the Peppol
     * reports (TSR, EUSR).
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

    /**
     * The UBL (or own syntax) version of documents with this root element, if the network knows the root: all
     * specifications of one root share it, so it picks the XSD before the CustomizationID is read.
     */
    public Optional<String> ublVersionFor(String namespace, String localName) {
        return specificationFor(namespace, localName).map(Specification::ublVersion);
    }

    /** The first specification of a root element: the one whose XSD and version apply to it. */
    Optional<Specification> specificationFor(String namespace, String localName) {
        List<Specification> specs = byRoot.get(namespace + "|" + localName);
        return specs == null ? Optional.empty() : Optional.of(specs.get(0));
    }

    /** Only the named specifications, e.g. to validate the Peppol reports without compiling every rule set. */
    public DocumentTypeRegistry only(String... names) {
        List<String> wanted = List.of(names);
        List<Specification> kept =
                specifications.stream().filter(s -> wanted.contains(s.name())).toList();
        if (kept.size() != wanted.size()) {
            throw new IllegalArgumentException("not every one of " + wanted + " is among "
                    + specifications.stream().map(Specification::name).toList());
        }
        return new DocumentTypeRegistry(kept);
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
