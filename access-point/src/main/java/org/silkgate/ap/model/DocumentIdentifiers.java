package org.silkgate.ap.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.silkgate.schemas.xml.SecureXml;
import org.silkgate.validation.DocumentType;
import org.silkgate.validation.DocumentTypeRegistry;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The Peppol identifiers of a UBL document (or a Peppol report, whose header fields are in its own namespace and
 * whose syntax version takes the UBL version's place), derived the way Peppol derives them so that a registration made for a
 * Peppol BIS document matches what the access point looks up:
 * document type {@code busdox-docid-qns::{root namespace}::{root name}##{CustomizationID}::{UBL version}},
 * process {@code cenbii-procid-ubl::{ProfileID}}. The UBL version of a document without UBLVersionID is the one the
 * validator assumes ({@link DocumentTypeRegistry#ublVersion}), so both derive the same identifier.
 */
public record DocumentIdentifiers(
        String rootNamespace, String rootName, String customizationId, String ublVersion, String profileId) {
    static final String CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

    public DocumentTypeId documentType() {
        return new DocumentTypeId(
                DocumentTypeId.BUSDOX_SCHEME,
                rootNamespace + "::" + rootName + "##" + customizationId + "::" + ublVersion);
    }

    public ProcessId process() {
        return new ProcessId(ProcessId.CENBII_SCHEME, profileId);
    }

    /** The identifiers the validator read from a document it validated, so they need not be read again. */
    public static DocumentIdentifiers of(DocumentType type) {
        return new DocumentIdentifiers(
                type.rootNamespace(), type.rootName(), type.customizationId(), type.ublVersion(), type.profileId());
    }

    /**
     * Reads the identifiers from a UBL document.
     *
     * @throws IllegalArgumentException naming what is missing or why the document is not readable
     */
    public static DocumentIdentifiers of(byte[] ublDocument) {
        HeaderReader header = new HeaderReader();
        try {
            XMLReader reader = SecureXml.standard().newXmlReader();
            reader.setContentHandler(header);
            reader.parse(new InputSource(new ByteArrayInputStream(ublDocument)));
        } catch (HeaderComplete done) {
            // everything needed was found before the end of the document
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("the document is not well-formed XML: " + e.getMessage(), e);
        }
        if (header.rootName == null) throw new IllegalArgumentException("the document is empty");
        if (header.rootNamespace.isEmpty()) {
            throw new IllegalArgumentException("the root element '" + header.rootName
                    + "' has no namespace: neither a UBL document nor a Peppol report");
        }
        if (header.customizationId == null) {
            throw new IllegalArgumentException(
                    "the document has no cbc:CustomizationID, so its document type cannot be derived");
        }
        if (header.profileId == null) {
            throw new IllegalArgumentException("the document has no cbc:ProfileID, so its process cannot be derived");
        }
        return new DocumentIdentifiers(
                header.rootNamespace,
                header.rootName,
                header.customizationId,
                DocumentTypeRegistry.standard().ublVersion(header.rootNamespace, header.rootName, header.ublVersion),
                header.profileId);
    }

    /** Collects the root element and its cbc header children; stops at the first child that is not a header field. */
    private static final class HeaderReader extends DefaultHandler {
        private String rootNamespace;
        private String rootName;
        private String customizationId;
        private String ublVersion;
        private String profileId;
        private int depth;
        private StringBuilder text;
        private String field;

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            depth++;
            if (depth == 1) {
                rootNamespace = uri;
                rootName = localName;
            } else if (depth == 2) {
                // UBL's header fields are cbc elements; the Peppol reports' are in their own namespace
                if ((CBC.equals(uri) || rootNamespace.equals(uri))
                        && (localName.equals("CustomizationID")
                                || localName.equals("ProfileID")
                                || localName.equals("UBLVersionID"))) {
                    field = localName;
                    text = new StringBuilder();
                } else if (!"UBLExtensions".equals(localName)
                        && !"ProfileExecutionID".equals(localName)
                        && customizationId != null
                        && profileId != null) {
                    throw new HeaderComplete();
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (text != null) text.append(ch, start, length);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            if (depth == 2 && text != null) {
                String value = text.toString().strip();
                switch (field) {
                    case "CustomizationID" -> customizationId = value;
                    case "ProfileID" -> profileId = value;
                    default -> ublVersion = value;
                }
                text = null;
            }
            depth--;
        }
    }

    private static final class HeaderComplete extends SAXException {
        HeaderComplete() {
            super("header complete");
        }
    }
}
