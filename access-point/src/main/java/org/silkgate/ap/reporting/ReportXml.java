package org.silkgate.ap.reporting;

import java.io.ByteArrayOutputStream;
import java.time.YearMonth;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Writes a report in its namespace: the TSR and EUSR formats are small, so they are built here rather than through a
 * JAXB model (peppol-reporting's is not on the build's class path; the XSD and Schematron check the result).
 */
final class ReportXml {
    static final String PROFILE_ID = org.silkgate.validation.DocumentTypeRegistry.PEPPOL_REPORTING_PROFILE;

    private final Document document;
    private final String namespace;

    private ReportXml(String namespace, String root) {
        this.namespace = namespace;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            document = factory.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        document.appendChild(document.createElementNS(namespace, root));
    }

    /** The root with CustomizationID, ProfileID and the Header (period and reporter). */
    static ReportXml start(String namespace, String root, String customizationId, YearMonth month, String reporter) {
        ReportXml xml = new ReportXml(namespace, root);
        Element top = xml.root();
        xml.add(top, "CustomizationID", customizationId);
        xml.add(top, "ProfileID", PROFILE_ID);
        Element header = xml.add(top, "Header", null);
        Element period = xml.add(header, "ReportPeriod", null);
        xml.add(period, "StartDate", month.atDay(1).toString());
        xml.add(period, "EndDate", month.atEndOfMonth().toString());
        xml.add(header, "ReporterID", reporter).setAttribute("schemeID", ReportKey.SERVICE_PROVIDER_SCHEME);
        return xml;
    }

    Element root() {
        return document.getDocumentElement();
    }

    Element add(Element parent, String name, String text) {
        Element element = document.createElementNS(namespace, name);
        if (text != null) element.setTextContent(text);
        parent.appendChild(element);
        return element;
    }

    void addKey(Element parent, ReportKey key) {
        Element element = add(parent, "Key", key.value());
        element.setAttribute("metaSchemeID", key.metaSchemeId());
        element.setAttribute("schemeID", key.schemeId());
    }

    byte[] bytes() {
        try {
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write the report: " + e.getMessage(), e);
        }
    }
}
