package org.silkgate.smp.registry;

import javax.xml.transform.dom.DOMSource;
import org.silkgate.schemas.xsd.XsdCatalogue;
import org.silkgate.smp.signing.XmlPerThread;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Rewrites Peppol SMP 1.x service metadata as OASIS BDXR SMP 1.0: the same structure in the BDXR namespace (which
 * also holds the identifiers), with {@code EndpointURI} in place of {@code wsa:EndpointReference/wsa:Address}.
 * Extension content is carried over as it is.
 */
final class BdxrConverter {
    private BdxrConverter() {}

    /** An unsigned BDXR SignedServiceMetadata, or null when the result would not be schema-valid BDXR. */
    static Document toSignedServiceMetadata(Element peppolServiceMetadata) {
        Document doc = XmlPerThread.newDocument();
        Element root = doc.createElementNS(SmpXml.BDXR_NS, "SignedServiceMetadata");
        root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns", SmpXml.BDXR_NS);
        doc.appendChild(root);
        root.appendChild(convert(doc, peppolServiceMetadata));
        try {
            // Validate without the signature, which the schema requires: check the ServiceMetadata subtree alone.
            Document check = XmlPerThread.newDocument();
            check.appendChild(check.importNode(root.getFirstChild(), true));
            XmlPerThread.validator(XsdCatalogue.bdxrSmp()).validate(new DOMSource(check));
            return doc;
        } catch (Exception e) {
            XmlPerThread.discard(); // a validator that failed is not used again
            return null;
        }
    }

    private static Node convert(Document target, Node source) {
        if (!(source instanceof Element e)) return target.importNode(source, false);
        String ns = e.getNamespaceURI();
        boolean smp = SmpXml.PEPPOL_NS.equals(ns) || SmpXml.PEPPOL_IDS_NS.equals(ns);
        if (SmpXml.WSA_NS.equals(ns) && "EndpointReference".equals(e.getLocalName())) {
            Element uri = target.createElementNS(SmpXml.BDXR_NS, "EndpointURI");
            Element address = SmpXml.child(e, SmpXml.WSA_NS, "Address");
            uri.setTextContent(address == null ? "" : address.getTextContent().strip());
            return uri;
        }
        if (!smp) return target.importNode(e, true);
        Element copy = target.createElementNS(SmpXml.BDXR_NS, e.getLocalName());
        NamedNodeMap attributes = e.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            if (a.getNamespaceURI() == null) copy.setAttribute(a.getName(), a.getValue());
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.COMMENT_NODE) continue;
            copy.appendChild(convert(target, n));
        }
        return copy;
    }
}
