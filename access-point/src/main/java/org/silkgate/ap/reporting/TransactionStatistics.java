package org.silkgate.ap.reporting;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.silkgate.validation.DocumentTypeRegistry;
import org.w3c.dom.Element;

/**
 * The Peppol Transaction Statistics Report (TSR 1.0) of one month: the documents exchanged with other service
 * providers, incoming and outgoing, in total and per transport protocol (PerTP), per other service provider, document
 * type and process (PerSP-DT-PR), and, for incoming documents only (C4's country is known only on the receiving
 * side), also per sender (C1) and receiver (C4) country (PerSP-DT-PR-CC).
 */
public record TransactionStatistics(
        YearMonth month, String reporter, long incoming, long outgoing, List<Subtotal> subtotals) {
    static final String NAMESPACE = DocumentTypeRegistry.PEPPOL_TSR_NAMESPACE;
    static final String CUSTOMIZATION_ID = DocumentTypeRegistry.PEPPOL_TSR_CUSTOMIZATION;

    public record Subtotal(String type, List<ReportKey> keys, long incoming, long outgoing) {}

    static TransactionStatistics of(YearMonth month, String reporter, List<Exchange> exchanges) {
        long incoming = exchanges.stream().filter(Exchange::incoming).count();
        List<Subtotal> subtotals = new ArrayList<>();
        subtotals.addAll(
                subtotals("PerTP", exchanges, e -> List.of(ReportKey.transportProtocol(e.transportProtocol()))));
        subtotals.addAll(subtotals(
                "PerSP-DT-PR",
                exchanges,
                e -> List.of(
                        ReportKey.serviceProvider(e.otherServiceProvider()),
                        ReportKey.documentType(e.documentType()),
                        ReportKey.process(e.process()))));
        subtotals.addAll(subtotals(
                "PerSP-DT-PR-CC",
                exchanges.stream().filter(Exchange::incoming).toList(),
                e -> List.of(
                        ReportKey.serviceProvider(e.otherServiceProvider()),
                        ReportKey.documentType(e.documentType()),
                        ReportKey.process(e.process()),
                        ReportKey.country("SenderCountry", e.countryC1()),
                        ReportKey.country("ReceiverCountry", e.countryC4()))));
        return new TransactionStatistics(
                month, reporter, incoming, exchanges.size() - incoming, List.copyOf(subtotals));
    }

    private static List<Subtotal> subtotals(
            String type, List<Exchange> exchanges, Function<Exchange, List<ReportKey>> keys) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, List<ReportKey>> keysByName = new TreeMap<>();
        for (Exchange exchange : exchanges) {
            List<ReportKey> key = keys.apply(exchange);
            String name = key.toString();
            keysByName.put(name, key);
            counts.computeIfAbsent(name, n -> new long[2])[exchange.incoming() ? 0 : 1]++;
        }
        return keysByName.entrySet().stream()
                .map(k -> new Subtotal(type, k.getValue(), counts.get(k.getKey())[0], counts.get(k.getKey())[1]))
                .toList();
    }

    /** The subtotal of this type whose key values are these, in key order. */
    public Optional<Subtotal> subtotal(String type, String... keyValues) {
        List<String> wanted = List.of(keyValues);
        return subtotals.stream()
                .filter(s -> s.type().equals(type)
                        && s.keys().stream().map(ReportKey::value).toList().equals(wanted))
                .findFirst();
    }

    /** The report in the TSR 1.0 XML format. */
    public byte[] toXml() {
        ReportXml xml = ReportXml.start(NAMESPACE, "TransactionStatisticsReport", CUSTOMIZATION_ID, month, reporter);
        Element total = xml.add(xml.root(), "Total", null);
        xml.add(total, "Incoming", Long.toString(incoming));
        xml.add(total, "Outgoing", Long.toString(outgoing));
        for (Subtotal subtotal : subtotals) {
            Element element = xml.add(xml.root(), "Subtotal", null);
            element.setAttribute("type", subtotal.type());
            subtotal.keys().forEach(key -> xml.addKey(element, key));
            xml.add(element, "Incoming", Long.toString(subtotal.incoming()));
            xml.add(element, "Outgoing", Long.toString(subtotal.outgoing()));
        }
        return xml.bytes();
    }
}
