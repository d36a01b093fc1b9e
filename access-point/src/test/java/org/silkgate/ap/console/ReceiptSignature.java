package org.silkgate.ap.console;

import java.io.ByteArrayInputStream;
import java.security.cert.X509Certificate;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks the XML signature of a downloaded AS4 receipt with the JDK's own XML Signature API, independently of phase4:
 * every reference must digest to what is signed and the signature must verify with the given certificate's key.
 */
final class ReceiptSignature {
    private static final String WSU =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

    private ReceiptSignature() {}

    static boolean signedBy(byte[] receipt, X509Certificate signer) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(receipt));
        // the signature's references name their targets by wsu:Id, which a DOM does not know as an ID by itself
        NodeList elements = document.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < elements.getLength(); i++) {
            Element element = (Element) elements.item(i);
            Attr id = element.getAttributeNodeNS(WSU, "Id");
            if (id != null) element.setIdAttributeNode(id, true);
        }
        NodeList signatures = document.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
        if (signatures.getLength() != 1) {
            throw new AssertionError("the receipt has " + signatures.getLength() + " signatures, not one");
        }
        DOMValidateContext context = new DOMValidateContext(signer.getPublicKey(), signatures.item(0));
        XMLSignature signature = XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(context);
        return signature.validate(context);
    }
}
