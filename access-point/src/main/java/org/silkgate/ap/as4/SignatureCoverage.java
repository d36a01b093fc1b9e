package org.silkgate.ap.as4;

import com.helger.phase4.CAS4;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Whether the WS-Security signature covers what is processed: the {@code eb:Messaging} header that is read (a direct
 * child of the SOAP header, whose id is referenced by the signature and used by no other element) and every
 * attachment (referenced as {@code cid:}). WSS4J checks that what the signature references is unchanged, not that
 * the references name the parts that are read; phase4 does not check either, so a signed header moved elsewhere in
 * the envelope, with an unsigned one in its place, would pass (XML signature wrapping).
 */
final class SignatureCoverage {
    private static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
    private static final String WSU_NS =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

    private SignatureCoverage() {}

    /** What the signature leaves uncovered, or empty when it covers the header and every attachment. */
    static Optional<String> problem(Document soapEnvelope, List<String> attachmentContentIds) {
        if (soapEnvelope == null || soapEnvelope.getDocumentElement() == null)
            return Optional.of("the SOAP envelope is missing");
        Set<String> references = new HashSet<>();
        NodeList found = soapEnvelope.getElementsByTagNameNS(DSIG_NS, "Reference");
        for (int i = 0; i < found.getLength(); i++) references.add(((Element) found.item(i)).getAttribute("URI"));

        List<Element> headers = messagingHeaders(soapEnvelope.getDocumentElement());
        if (headers.size() != 1)
            return Optional.of("the SOAP header has " + headers.size() + " eb:Messaging elements, not one");
        String id = headers.get(0).getAttributeNS(WSU_NS, "Id");
        if (id.isEmpty() || !references.contains("#" + id)) {
            return Optional.of("the signature does not cover the eb:Messaging header that is processed");
        }
        if (elementsWithId(soapEnvelope.getDocumentElement(), id) != 1) {
            return Optional.of(
                    "the id '" + id + "' of the signed eb:Messaging header is used by more than one element");
        }
        for (String contentId : attachmentContentIds) {
            String bare = contentId.startsWith("<") && contentId.endsWith(">")
                    ? contentId.substring(1, contentId.length() - 1)
                    : contentId;
            if (!references.contains("cid:" + bare)) {
                return Optional.of("the signature does not cover the attachment '" + bare + "'");
            }
        }
        return Optional.empty();
    }

    private static List<Element> messagingHeaders(Element envelope) {
        List<Element> messaging = new java.util.ArrayList<>();
        for (Node part = envelope.getFirstChild(); part != null; part = part.getNextSibling()) {
            if (part instanceof Element header && "Header".equals(header.getLocalName())) {
                for (Node entry = header.getFirstChild(); entry != null; entry = entry.getNextSibling()) {
                    if (entry instanceof Element element
                            && CAS4.EBMS_NS.equals(element.getNamespaceURI())
                            && "Messaging".equals(element.getLocalName())) {
                        messaging.add(element);
                    }
                }
            }
        }
        return messaging;
    }

    /** Elements anywhere below {@code root} with an id attribute of this value (wsu:Id, Id, ID or id). */
    private static int elementsWithId(Element root, String id) {
        int count = 0;
        NamedNodeMap attributes = root.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node attribute = attributes.item(i);
            String name = attribute.getLocalName() == null ? attribute.getNodeName() : attribute.getLocalName();
            if (name.equalsIgnoreCase("id") && id.equals(attribute.getNodeValue())) {
                count++;
                break;
            }
        }
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) count += elementsWithId(element, id);
        }
        return count;
    }
}
