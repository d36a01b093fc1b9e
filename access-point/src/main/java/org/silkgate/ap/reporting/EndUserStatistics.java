package org.silkgate.ap.reporting;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.silkgate.ap.model.ParticipantCountry;
import org.silkgate.ap.model.ParticipantId;
import org.silkgate.validation.DocumentTypeRegistry;
import org.w3c.dom.Element;

/**
 * The Peppol End User Statistics Report (EUSR 1.1) of one month: how many distinct end users (the participants this
 * access point serves) sent, received, and sent or received a document, in the full set and in the subsets per
 * document type and process (PerDT-PR), per document type, process and end user country (PerDT-PR-EUC), per document
 * type and end user country (PerDT-EUC) and per end user country (PerEUC). A sender's country is the C1 country of
 * what it sent, a receiver's the C4 country. The EUSR code list has no "unknown" country (unlike the TSR's, which
 * takes {@code ZZ}), so an end user whose country is unknown is counted in the full set and per document type and
 * process, and left out of the subsets per country.
 */
public record EndUserStatistics(YearMonth month, String reporter, Counts fullSet, List<Subset> subsets) {
    static final String NAMESPACE = DocumentTypeRegistry.PEPPOL_EUSR_NAMESPACE;
    static final String CUSTOMIZATION_ID = DocumentTypeRegistry.PEPPOL_EUSR_CUSTOMIZATION;

    public record Counts(long sending, long receiving, long sendingOrReceiving) {}

    public record Subset(String type, List<ReportKey> keys, Counts counts) {}

    static EndUserStatistics of(YearMonth month, String reporter, List<Exchange> exchanges) {
        List<Exchange> countryKnown = exchanges.stream()
                .filter(e -> !e.endUserCountry().equals(ParticipantCountry.UNKNOWN))
                .toList();
        List<Subset> subsets = new ArrayList<>();
        subsets.addAll(subsets(
                "PerDT-PR",
                exchanges,
                e -> List.of(ReportKey.documentType(e.documentType()), ReportKey.process(e.process()))));
        subsets.addAll(subsets(
                "PerDT-PR-EUC",
                countryKnown,
                e -> List.of(
                        ReportKey.documentType(e.documentType()),
                        ReportKey.process(e.process()),
                        ReportKey.country("EndUserCountry", e.endUserCountry()))));
        subsets.addAll(subsets(
                "PerDT-EUC",
                countryKnown,
                e -> List.of(
                        ReportKey.documentType(e.documentType()),
                        ReportKey.country("EndUserCountry", e.endUserCountry()))));
        subsets.addAll(
                subsets("PerEUC", countryKnown, e -> List.of(ReportKey.country("EndUserCountry", e.endUserCountry()))));
        return new EndUserStatistics(month, reporter, counts(exchanges), List.copyOf(subsets));
    }

    private static Counts counts(List<Exchange> exchanges) {
        Set<ParticipantId> sending = new HashSet<>();
        Set<ParticipantId> receiving = new HashSet<>();
        for (Exchange exchange : exchanges) (exchange.incoming() ? receiving : sending).add(exchange.endUser());
        Set<ParticipantId> either = new HashSet<>(sending);
        either.addAll(receiving);
        return new Counts(sending.size(), receiving.size(), either.size());
    }

    private static List<Subset> subsets(
            String type, List<Exchange> exchanges, Function<Exchange, List<ReportKey>> keys) {
        Map<String, List<ReportKey>> keysByName = new TreeMap<>();
        Map<String, List<Exchange>> byName = new TreeMap<>();
        for (Exchange exchange : exchanges) {
            List<ReportKey> key = keys.apply(exchange);
            keysByName.put(key.toString(), key);
            byName.computeIfAbsent(key.toString(), n -> new ArrayList<>()).add(exchange);
        }
        return keysByName.entrySet().stream()
                .map(k -> new Subset(type, k.getValue(), counts(byName.get(k.getKey()))))
                .toList();
    }

    /** The subset of this type whose key values are these, in key order. */
    public Optional<Subset> subset(String type, String... keyValues) {
        List<String> wanted = List.of(keyValues);
        return subsets.stream()
                .filter(s -> s.type().equals(type)
                        && s.keys().stream().map(ReportKey::value).toList().equals(wanted))
                .findFirst();
    }

    /** The report in the EUSR 1.1 XML format. */
    public byte[] toXml() {
        ReportXml xml = ReportXml.start(NAMESPACE, "EndUserStatisticsReport", CUSTOMIZATION_ID, month, reporter);
        counts(xml, xml.add(xml.root(), "FullSet", null), fullSet);
        for (Subset subset : subsets) {
            Element element = xml.add(xml.root(), "Subset", null);
            element.setAttribute("type", subset.type());
            subset.keys().forEach(key -> xml.addKey(element, key));
            counts(xml, element, subset.counts());
        }
        return xml.bytes();
    }

    private static void counts(ReportXml xml, Element parent, Counts counts) {
        xml.add(parent, "SendingEndUsers", Long.toString(counts.sending()));
        xml.add(parent, "ReceivingEndUsers", Long.toString(counts.receiving()));
        xml.add(parent, "SendingOrReceivingEndUsers", Long.toString(counts.sendingOrReceiving()));
    }
}
