package org.silkgate.smp.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.transform.sax.SAXSource;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;
import org.silkgate.schemas.xml.XmlInputException;
import org.silkgate.smp.signing.XmlPerThread;
import org.silkgate.smp.store.RegistryException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** Namespaces of the two SMP dialects, body parsing with schema validation, and small DOM helpers. */
final class SmpXml {
    static final String PEPPOL_NS = "http://busdox.org/serviceMetadata/publishing/1.0/";
    static final String PEPPOL_IDS_NS = "http://busdox.org/transport/identifiers/1.0/";
    static final String WSA_NS = "http://www.w3.org/2005/08/addressing";
    static final String BDXR_NS = "http://docs.oasis-open.org/bdxr/ns/SMP/2016/05";

    private SmpXml() {}

    /**
     * Parses a request body with the hardened parser, validates it against {@code schema} and checks its root
     * element. Any failure is a 400 that says what is wrong, with line and column where the parser knows them.
     */
    static Document parseValid(byte[] body, Schema schema, String rootNamespace, String rootName)
            throws RegistryException {
        Document doc;
        try {
            doc = XmlPerThread.parse(body);
        } catch (XmlInputException e) {
            throw RegistryException.badRequest("request body: " + e.getMessage());
        }
        Element root = doc.getDocumentElement();
        if (!rootNamespace.equals(root.getNamespaceURI()) || !rootName.equals(root.getLocalName())) {
            throw RegistryException.badRequest("request body: expected root element {" + rootNamespace + "}" + rootName
                    + " but found {" + root.getNamespaceURI() + "}" + root.getLocalName());
        }
        try {
            Validator validator = XmlPerThread.validator(schema);
            SAXSource source = new SAXSource(XmlPerThread.xmlReader(), new InputSource(new ByteArrayInputStream(body)));
            try {
                validator.validate(source);
            } catch (SAXException | IOException | RuntimeException e) {
                XmlPerThread.discard(); // a validator or reader that failed is not used again
                throw e;
            }
        } catch (SAXParseException e) {
            throw RegistryException.badRequest("request body is not valid against the SMP schema at line "
                    + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getMessage());
        } catch (SAXException | IOException e) {
            throw RegistryException.badRequest("request body is not valid against the SMP schema: " + e.getMessage());
        }
        return doc;
    }

    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) out.add(e);
        }
        return out;
    }

    static Element child(Element parent, String namespace, String localName) {
        for (Element e : children(parent)) {
            if (namespace.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) return e;
        }
        return null;
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\r' -> sb.append("&#13;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
