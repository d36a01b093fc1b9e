package org.silkgate.ap.reporting;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.silkgate.ap.journal.Direction;
import org.silkgate.ap.journal.Journal;
import org.silkgate.ap.journal.MessageRecord;
import org.silkgate.ap.model.Mls;
import org.silkgate.ap.model.PeppolReport;
import org.silkgate.schemas.xml.SecureXml;
import org.silkgate.schemas.xml.XmlInputException;
import org.silkgate.validation.DocumentTypeRegistry;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The region's cross-border statistics, at the reporting receiver (the CAREC Secretariat's access point): the
 * Transaction Statistics Reports it received, added up per month, sender (C1) and receiver (C4) country and document
 * type. The figures come from each report's {@code PerSP-DT-PR-CC} subtotals, which count received documents only, so
 * a document crossing a border is counted once, by the access point that received it. The access points' own Message
 * Level Status messages are the network's overhead, not trade, and are left out. A reporter that sent a month again
 * counts with its latest report.
 */
public final class NetworkStatistics {
    private static final String NS = DocumentTypeRegistry.PEPPOL_TSR_NAMESPACE;

    private NetworkStatistics() {}

    /** One line of the table: how many documents of a type went from one country to another in a month. */
    public record Row(
            YearMonth month, String senderCountry, String receiverCountry, String documentType, long documents) {}

    /** A month's table, and the reporters whose reports it adds up. */
    public record Table(YearMonth month, List<String> reporters, List<Row> rows) {
        public long documents() {
            return rows.stream().mapToLong(Row::documents).sum();
        }

        public String csv() {
            StringBuilder out = new StringBuilder("month,sender_country,receiver_country,document_type,documents\n");
            for (Row row : rows) {
                out.append(row.month())
                        .append(',')
                        .append(row.senderCountry())
                        .append(',')
                        .append(row.receiverCountry())
                        .append(',')
                        .append(csvField(row.documentType()))
                        .append(',')
                        .append(row.documents())
                        .append('\n');
            }
            return out.toString();
        }

        public String json() {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            var root = json.createObjectNode();
            root.put("month", month.toString());
            reporters.forEach(root.putArray("reporters")::add);
            root.put("documents", documents());
            var list = root.putArray("rows");
            for (Row row : rows) {
                list.addObject()
                        .put("senderCountry", row.senderCountry())
                        .put("receiverCountry", row.receiverCountry())
                        .put("documentType", row.documentType())
                        .put("documents", row.documents());
            }
            return root.toPrettyString() + "\n";
        }

        /** For a terminal: aligned columns, the document type by its root element. */
        public String text() {
            StringBuilder out = new StringBuilder(
                    "%-7s  %-4s  %-4s  %-30s  %s%n".formatted("month", "from", "to", "document type", "documents"));
            for (Row row : rows) {
                out.append("%-7s  %-4s  %-4s  %-30s  %d%n"
                        .formatted(
                                row.month(),
                                row.senderCountry(),
                                row.receiverCountry(),
                                rootName(row.documentType()),
                                row.documents()));
            }
            out.append("%d documents in %d rows, from the reports of %s%n"
                    .formatted(
                            documents(), rows.size(), reporters.isEmpty() ? "nobody" : String.join(", ", reporters)));
            return out.toString();
        }
    }

    /**
     * The month's table from the reports received.
     *
     * @param payload a received message's document, by message id
     */
    public static Table of(Journal journal, Function<String, byte[]> payload, YearMonth month) {
        Map<String, Report> latestByReporter = new LinkedHashMap<>();
        for (MessageRecord received : journal.receivedOfTypes(List.of(PeppolReport.TSR))) {
            read(payload.apply(received.messageId()))
                    .filter(report -> report.month().equals(month))
                    .ifPresent(report -> latestByReporter.put(report.reporter(), report)); // oldest first
        }
        Map<List<String>, Long> counts =
                new TreeMap<>((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
        for (Report report : latestByReporter.values()) {
            for (Crossing crossing : report.crossings()) {
                counts.merge(
                        List.of(crossing.senderCountry(), crossing.receiverCountry(), crossing.documentType()),
                        crossing.documents(),
                        Long::sum);
            }
        }
        List<Row> rows = new ArrayList<>();
        counts.forEach((key, documents) -> rows.add(new Row(month, key.get(0), key.get(1), key.get(2), documents)));
        return new Table(month, List.copyOf(latestByReporter.keySet()), List.copyOf(rows));
    }

    /** The table from a stopped access point's journal and files (the {@code ap statistics} command). */
    public static Table of(Journal journal, org.silkgate.ap.journal.MessageFiles files, YearMonth month) {
        return of(journal, id -> files.payload(Direction.INBOUND, id), month);
    }

    private record Crossing(String senderCountry, String receiverCountry, String documentType, long documents) {}

    private record Report(String reporter, YearMonth month, List<Crossing> crossings) {}

    /**
     * A received TSR's reporter, month and country subtotals; empty for one that cannot be read (the receiving access
     * point validated it, unless told not to).
     */
    private static Optional<Report> read(byte[] tsr) {
        Element root;
        try {
            root = SecureXml.standard().parse(tsr).getDocumentElement();
        } catch (XmlInputException e) {
            return Optional.empty();
        }
        Element header = child(root, "Header");
        if (header == null) return Optional.empty();
        Element period = child(header, "ReportPeriod");
        Element reporter = child(header, "ReporterID");
        if (period == null || reporter == null || child(period, "StartDate") == null) return Optional.empty();
        YearMonth month;
        try {
            month = YearMonth.from(java.time.LocalDate.parse(
                    child(period, "StartDate").getTextContent().trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        List<Crossing> crossings = new ArrayList<>();
        for (Element subtotal : children(root, "Subtotal")) {
            if (!"PerSP-DT-PR-CC".equals(subtotal.getAttribute("type"))) continue;
            String documentType = null, from = null, to = null;
            for (Element key : children(subtotal, "Key")) {
                String value = key.getTextContent().trim();
                switch (key.getAttribute("metaSchemeID") + "/" + key.getAttribute("schemeID")) {
                    case "CC/SenderCountry" -> from = value;
                    case "CC/ReceiverCountry" -> to = value;
                    default -> {
                        if ("DT".equals(key.getAttribute("metaSchemeID"))) documentType = value;
                    }
                }
            }
            Element incoming = child(subtotal, "Incoming");
            if (documentType == null || from == null || to == null || incoming == null) continue;
            if (documentType.contains("##" + Mls.CUSTOMIZATION + "::")) continue;
            long documents;
            try {
                documents = Long.parseLong(incoming.getTextContent().trim());
            } catch (NumberFormatException notACount) {
                continue;
            }
            if (documents > 0) crossings.add(new Crossing(from, to, documentType, documents));
        }
        return Optional.of(new Report(reporter.getTextContent().trim(), month, List.copyOf(crossings)));
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element
                    && NS.equals(element.getNamespaceURI())
                    && name.equals(element.getLocalName())) found.add(element);
        }
        return found;
    }

    /** {@code Tender} of {@code …xsd:Tender-2::Tender##…}: how tables name a document type. */
    public static String rootName(String documentType) {
        int hash = documentType.indexOf("##");
        String root = hash < 0 ? documentType : documentType.substring(0, hash);
        int colons = root.lastIndexOf("::");
        return colons < 0 ? root : root.substring(colons + 2);
    }

    private static String csvField(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
