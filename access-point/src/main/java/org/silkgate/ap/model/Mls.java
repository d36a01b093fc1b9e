package org.silkgate.ap.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.silkgate.schemas.xml.SecureXml;
import org.silkgate.schemas.xml.XmlInputException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Peppol Message Level Status 1.0: the receiving access point (C3) tells the sending one (C2) what became of a
 * message, in a UBL 2.1 ApplicationResponse sent back like any document. The sender asks for it with the SBDH scopes
 * {@code MLS_TO} (where to send it) and {@code MLS_TYPE} (always, or only on failure); an MLS never asks for another.
 * The document is written as text: the MLS rules want a small fixed structure and {@code peppol-mls} is not published.
 */
public final class Mls {
    public static final String CUSTOMIZATION = "urn:peppol:edec:mls:1.0";
    public static final String PROFILE = "urn:peppol:edec:mls";
    public static final DocumentTypeId DOCUMENT_TYPE = new DocumentTypeId(
            DocumentTypeId.BUSDOX_SCHEME,
            "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2::ApplicationResponse##" + CUSTOMIZATION
                    + "::2.1");
    public static final ProcessId PROCESS = new ProcessId(ProcessId.CENBII_SCHEME, PROFILE);
    /** The ICD of OpenPeppol service provider ids, the only parties an MLS names. */
    public static final String SP_ICD = "0242";

    private static final Pattern AP_ID = Pattern.compile("SG-AP-([A-Z]{2})-(\\d{3})");
    /*
     * The MLS rules (SCH-MLS-09/14) accept only OpenPeppol SP ids, six digits; SilkGate's AP ids are not. Until the
     * CAREC APs hold real ones, SG-AP-CC-NNN maps to the ISO 3166 numeric code of CC followed by NNN: SG-AP-KZ-001
     * is 0242:398001. Unique per AP id and reversible, which is all the network needs of it.
     */
    private static final Map<String, String> NUMERIC_COUNTRY = Map.ofEntries(
            Map.entry("AF", "004"),
            Map.entry("AZ", "031"),
            Map.entry("CN", "156"),
            Map.entry("GE", "268"),
            Map.entry("KZ", "398"),
            Map.entry("KG", "417"),
            Map.entry("MN", "496"),
            Map.entry("PK", "586"),
            Map.entry("TJ", "762"),
            Map.entry("TM", "795"),
            Map.entry("UZ", "860"));

    private static final String UBL_AR = "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2";
    private static final String CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
    private static final String CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

    private Mls() {}

    /** What the sender asks of the receiving access point. */
    public enum Type {
        ALWAYS_SEND,
        FAILURE_ONLY;

        /** {@code ALWAYS_SEND} or {@code FAILURE_ONLY}, in any case. */
        public static Type parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("mls-type: ALWAYS_SEND or FAILURE_ONLY, got '" + text + "'", e);
            }
        }
    }

    /** The SBDH's {@code MLS_TO} and {@code MLS_TYPE}. */
    public record Request(ParticipantId mlsTo, Type type) {}

    /** The MLS response codes: accepted and delivered, acknowledged, rejected. */
    public enum Code {
        AP,
        AB,
        RE
    }

    /** What a received MLS says: its code, the SBDH InstanceIdentifier of the message it is about, and its issues. */
    public record Status(Code code, String referencedInstanceIdentifier, List<Issue> issues) {
        public Status {
            issues = List.copyOf(issues);
        }
    }

    public static boolean isMls(DocumentTypeId documentType) {
        return documentType.value().contains("##" + CUSTOMIZATION + "::");
    }

    /**
     * The service provider participant of an access point (see {@link #NUMERIC_COUNTRY} for the mapping); empty for an
     * AP id outside the CAREC pattern, which then neither asks for nor sends a status.
     */
    public static Optional<ParticipantId> serviceProviderId(String apId) {
        Matcher matcher = AP_ID.matcher(apId.toUpperCase(Locale.ROOT));
        String country = matcher.matches() ? NUMERIC_COUNTRY.get(matcher.group(1)) : null;
        if (country == null) return Optional.empty();
        return Optional.of(new ParticipantId(ParticipantId.ISO6523_SCHEME, SP_ICD + ":" + country + matcher.group(2)));
    }

    /**
     * An MLS {@code AP}: the message with SBDH InstanceIdentifier {@code referenced} was accepted and delivered.
     *
     * @param from this access point's service provider participant (0242)
     * @param to the {@code MLS_TO} of the message
     */
    public static byte[] accepted(String id, ParticipantId from, ParticipantId to, String referenced, Instant at) {
        return accepted(id, from, to, referenced, List.of(), at);
    }

    /**
     * An MLS {@code AP} with the warnings the document raised, each a line response with reason {@code BW}: a
     * positive status may carry warnings, never failures (SCH-MLS-25).
     */
    public static byte[] accepted(
            String id, ParticipantId from, ParticipantId to, String referenced, List<Issue> warnings, Instant at) {
        if (warnings.stream().anyMatch(issue -> issue.reason() != Reason.BW))
            throw new IllegalArgumentException("an accepted document's issues are warnings (BW) only");
        return document(
                id,
                from,
                to,
                referenced,
                at,
                "<cac:Response><cbc:ResponseCode>AP</cbc:ResponseCode></cac:Response>",
                lineResponses(warnings));
    }

    /**
     * Why a line of an MLS: a business rule violation (fatal), a business rule warning, a syntax violation (the XML or
     * its XSD), a failure of delivery to C4.
     */
    public enum Reason {
        BV,
        BW,
        SV,
        FD;

        public boolean failure() {
            return this != BW;
        }
    }

    /** One issue of a document: where (an XPath, or {@code /}), what ({@code [RULE-ID] text}), and why. */
    public record Issue(String location, String description, Reason reason) {}

    /**
     * An MLS {@code RE}: the message with SBDH InstanceIdentifier {@code referenced} was rejected, not delivered. Each
     * issue is a line response with its reason; the MLS rules require at least one failure (BV, SV or FD) of a
     * rejection.
     */
    public static byte[] rejected(
            String id,
            ParticipantId from,
            ParticipantId to,
            String referenced,
            String description,
            List<Issue> issues,
            Instant at) {
        if (issues.stream().noneMatch(issue -> issue.reason().failure()))
            throw new IllegalArgumentException("a rejection names at least one failure (BV, SV or FD)");
        return document(
                id,
                from,
                to,
                referenced,
                at,
                "<cac:Response><cbc:ResponseCode>RE</cbc:ResponseCode><cbc:Description>"
                        + SbdhEnvelope.escape(description) + "</cbc:Description></cac:Response>",
                lineResponses(issues));
    }

    private static String lineResponses(List<Issue> issues) {
        StringBuilder lines = new StringBuilder();
        for (Issue issue : issues) {
            lines.append("    <cac:LineResponse>\n      <cac:LineReference><cbc:LineID>")
                    .append(SbdhEnvelope.escape(issue.location().isBlank() ? "/" : issue.location()))
                    .append("</cbc:LineID></cac:LineReference>\n      <cac:Response><cbc:Description>")
                    .append(SbdhEnvelope.escape(issue.description()))
                    .append("</cbc:Description><cac:Status><cbc:StatusReasonCode>")
                    .append(issue.reason())
                    .append("</cbc:StatusReasonCode></cac:Status></cac:Response>\n    </cac:LineResponse>\n");
        }
        return lines.toString();
    }

    private static byte[] document(
            String id,
            ParticipantId from,
            ParticipantId to,
            String referenced,
            Instant at,
            String response,
            String lineResponses) {
        OffsetDateTime time = at.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ApplicationResponse xmlns=\"" + UBL_AR + "\" xmlns:cac=\"" + CAC + "\" xmlns:cbc=\"" + CBC
                + "\">\n"
                + "  <cbc:CustomizationID>" + CUSTOMIZATION + "</cbc:CustomizationID>\n"
                + "  <cbc:ProfileID>" + PROFILE + "</cbc:ProfileID>\n"
                + "  <cbc:ID>" + SbdhEnvelope.escape(id) + "</cbc:ID>\n"
                + "  <cbc:IssueDate>" + time.toLocalDate() + "</cbc:IssueDate>\n"
                + "  <cbc:IssueTime>" + time.toLocalTime().format(DateTimeFormatter.ofPattern("HH:mm:ss"))
                + "Z</cbc:IssueTime>\n"
                + "  <cac:SenderParty>" + endpoint(from) + "</cac:SenderParty>\n"
                + "  <cac:ReceiverParty>" + endpoint(to) + "</cac:ReceiverParty>\n"
                + "  <cac:DocumentResponse>\n"
                + "    " + response + "\n"
                + "    <cac:DocumentReference><cbc:ID>" + SbdhEnvelope.escape(referenced)
                + "</cbc:ID></cac:DocumentReference>\n"
                + lineResponses
                + "  </cac:DocumentResponse>\n"
                + "</ApplicationResponse>\n";
        return xml.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String endpoint(ParticipantId participant) {
        String value = participant.value();
        int colon = value.indexOf(':');
        if (colon < 0) throw new IllegalArgumentException("not an ISO 6523 participant: " + participant);
        return "<cbc:EndpointID schemeID=\"" + SbdhEnvelope.escape(value.substring(0, colon)) + "\">"
                + SbdhEnvelope.escape(value.substring(colon + 1)) + "</cbc:EndpointID>";
    }

    /** The response code and referenced message of an MLS document, or empty when it has neither. */
    public static Optional<Status> read(byte[] document) {
        Document parsed;
        try {
            parsed = SecureXml.standard().parse(document);
        } catch (XmlInputException e) {
            return Optional.empty();
        }
        Element root = parsed.getDocumentElement();
        Optional<String> code = Optional.ofNullable(first(root, CAC, "DocumentResponse"))
                .map(response -> first(response, CAC, "Response"))
                .map(response -> first(response, CBC, "ResponseCode"))
                .map(element -> element.getTextContent().trim());
        Optional<String> referenced = Optional.ofNullable(first(root, CAC, "DocumentResponse"))
                .map(response -> first(response, CAC, "DocumentReference"))
                .map(reference -> first(reference, CBC, "ID"))
                .map(element -> element.getTextContent().trim());
        if (code.isEmpty() || referenced.isEmpty()) return Optional.empty();
        try {
            return Optional.of(new Status(Code.valueOf(code.get()), referenced.get(), issues(root)));
        } catch (IllegalArgumentException unknownCode) {
            return Optional.empty();
        }
    }

    /** The line responses whose reason code is one of MLS's; others are left out, not guessed. */
    private static List<Issue> issues(Element root) {
        List<Issue> issues = new java.util.ArrayList<>();
        NodeList lines = root.getElementsByTagNameNS(CAC, "LineResponse");
        for (int i = 0; i < lines.getLength(); i++) {
            Element line = (Element) lines.item(i);
            Element location = first(line, CBC, "LineID");
            Element description = first(line, CBC, "Description");
            Element reason = first(line, CBC, "StatusReasonCode");
            if (reason == null) continue;
            try {
                issues.add(new Issue(
                        location == null ? "/" : location.getTextContent().trim(),
                        description == null ? "" : description.getTextContent().trim(),
                        Reason.valueOf(reason.getTextContent().trim())));
            } catch (IllegalArgumentException unknownReason) {
                // not one of BV, BW, SV, FD: the MLS rules refuse it (SCH-MLS-31)
            }
        }
        return List.copyOf(issues);
    }

    private static Element first(Element parent, String namespace, String name) {
        NodeList found = parent.getElementsByTagNameNS(namespace, name);
        return found.getLength() == 0 ? null : (Element) found.item(0);
    }
}
