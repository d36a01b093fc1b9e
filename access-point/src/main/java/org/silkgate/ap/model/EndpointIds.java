package org.silkgate.ap.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.silkgate.schemas.xml.SecureXml;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The sender's and receiver's {@code cbc:EndpointID} of a UBL document, found on the party each document type names
 * (validation-rules/src/test/resources/examples/README.md fixes the choice for the CAREC documents; Peppol BIS
 * billing uses the accounting supplier and customer). Values come back as {@code schemeID:value}
 * ({@code 9970:980540001256}).
 */
public final class EndpointIds {
    /** Sender and receiver party paths below the root element, by root element name. */
    private static final Map<String, List<List<String>>> PARTIES = Map.ofEntries(
            route("ContractNotice", "ContractingParty/Party", "ReceiverParty"),
            route("CallForTenders", "ContractingParty/Party", "ReceiverParty"),
            route("Tender", "TendererParty", "ContractingParty/Party"),
            route("TenderReceipt", "SenderParty", "ReceiverParty"),
            route("AwardedNotification", "SenderParty", "ReceiverParty"),
            route("Order", "BuyerCustomerParty/Party", "SellerSupplierParty/Party"),
            route("OrderResponse", "SellerSupplierParty/Party", "BuyerCustomerParty/Party"),
            route("DespatchAdvice", "DespatchSupplierParty/Party", "DeliveryCustomerParty/Party"),
            route("ExportCustomsDeclaration", "CustomsDeclaration/IssuerParty", "CustomsDeclaration/CustomsParty"),
            route("ImportCustomsDeclaration", "ImporterParty", "CustomsParty"),
            route("TransitCustomsDeclaration", "NotifierParty", "CustomsParty"),
            route(
                    "CertificateOfOrigin",
                    "CertificateOfOriginApplication/IssuerParty",
                    "CertificateOfOriginApplication/DocumentDistribution/Party"),
            route("Invoice", "AccountingSupplierParty/Party", "AccountingCustomerParty/Party"),
            route("CreditNote", "AccountingSupplierParty/Party", "AccountingCustomerParty/Party"));

    public record Parties(Optional<String> sender, Optional<String> receiver) {}

    private EndpointIds() {}

    public static Parties of(byte[] ublDocument) {
        Finder finder = new Finder();
        try {
            XMLReader reader = SecureXml.standard().newXmlReader();
            reader.setContentHandler(finder);
            reader.parse(new InputSource(new ByteArrayInputStream(ublDocument)));
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("the document is not well-formed XML: " + e.getMessage(), e);
        }
        return new Parties(Optional.ofNullable(finder.found[0]), Optional.ofNullable(finder.found[1]));
    }

    private static Map.Entry<String, List<List<String>>> route(String root, String sender, String receiver) {
        return Map.entry(root, List.of(List.of(sender.split("/")), List.of(receiver.split("/"))));
    }

    /** Walks the document keeping the path below the root; takes the first EndpointID directly on each party. */
    private static final class Finder extends DefaultHandler {
        private final List<String> path = new ArrayList<>();
        private final String[] found = new String[2];
        private List<List<String>> parties;
        private int capturing = -1;
        private String scheme;
        private StringBuilder text;

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            if (path.isEmpty() && parties == null) {
                parties = PARTIES.getOrDefault(localName, List.of());
                path.add(localName);
                return;
            }
            if ("EndpointID".equals(localName)) {
                List<String> partyPath = path.subList(1, path.size());
                for (int i = 0; i < parties.size(); i++) {
                    if (found[i] == null && parties.get(i).equals(partyPath)) {
                        capturing = i;
                        scheme = attributes.getValue("schemeID");
                        text = new StringBuilder();
                    }
                }
            }
            path.add(localName);
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (text != null) text.append(ch, start, length);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            path.remove(path.size() - 1);
            if (text != null && "EndpointID".equals(localName)) {
                String value = text.toString().strip();
                found[capturing] = scheme == null || scheme.isBlank() ? value : scheme.strip() + ":" + value;
                text = null;
                capturing = -1;
            }
        }
    }
}
