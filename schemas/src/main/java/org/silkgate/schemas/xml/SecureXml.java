package org.silkgate.schemas.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * The one place where the project parses XML. DTDs are refused outright (which stops XXE and entity bombs
 * before any expansion), nothing external is ever fetched, and size and depth are bounded.
 * Factories are created once per instance: JAXP factory look-ups scan the class path and are costly.
 */
public final class SecureXml {
    private static final String JDK_MAX_DEPTH = "jdk.xml.maxElementDepth";
    private static final String JDK_ENTITY_LIMIT = "jdk.xml.entityExpansionLimit";
    private static final SecureXml DEFAULT = new SecureXml(XmlLimits.DEFAULT);

    private final XmlLimits limits;
    private final DocumentBuilderFactory domFactory;
    private final SAXParserFactory saxFactory;

    public SecureXml(XmlLimits limits) {
        this.limits = limits;
        this.domFactory = hardenedDomFactory(limits);
        this.saxFactory = hardenedSaxFactory();
    }

    /** The shared instance with {@link XmlLimits#DEFAULT}. */
    public static SecureXml standard() {
        return DEFAULT;
    }

    public XmlLimits limits() {
        return limits;
    }

    /** A namespace-aware DOM builder that refuses DTDs and reports errors as exceptions. Not thread-safe: one per use. */
    public DocumentBuilder newDocumentBuilder() {
        try {
            DocumentBuilder builder = domFactory.newDocumentBuilder();
            builder.setErrorHandler(STRICT);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity '" + systemId + "' refused");
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
        }
    }

    /** A namespace-aware SAX reader with the same protections. Not thread-safe: one per use (or per thread). */
    public XMLReader newXmlReader() {
        try {
            XMLReader reader = saxFactory.newSAXParser().getXMLReader();
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            setJdkLimit(reader, JDK_MAX_DEPTH, limits.maxElementDepth());
            setJdkLimit(reader, JDK_ENTITY_LIMIT, limits.maxEntityExpansions());
            reader.setErrorHandler(STRICT);
            reader.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity '" + systemId + "' refused");
            });
            return reader;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
        }
    }

    /** Wraps a stream so that reading past {@link XmlLimits#maxBytes()} fails with a size error. */
    public InputStream limit(InputStream in) {
        return new SizeLimitedInputStream(in, limits.maxBytes());
    }

    public Document parse(byte[] xml) throws XmlInputException {
        return parse(xml, newDocumentBuilder());
    }

    /**
     * Parses with a builder from {@link #newDocumentBuilder()} that the caller keeps for its thread: building one
     * costs more than parsing a small document. The builder must not be {@code reset()}, which drops its protections.
     */
    public Document parse(byte[] xml, DocumentBuilder builder) throws XmlInputException {
        if (xml.length > limits.maxBytes()) throw tooLarge(xml.length);
        try {
            return builder.parse(new InputSource(new ByteArrayInputStream(xml)));
        } catch (SAXException | IOException e) {
            throw translate(e);
        }
    }

    public Document parse(Path file) throws XmlInputException {
        try {
            long size = Files.size(file);
            if (size > limits.maxBytes()) throw tooLarge(size);
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in, file.toUri().toString());
            }
        } catch (IOException e) {
            throw new XmlInputException(
                    XmlInputException.Reason.UNREADABLE, "cannot read " + file + ": " + e.getMessage(), -1, -1, e);
        }
    }

    /** Parses a stream, counting bytes as they come so an oversized document is refused without being held. */
    public Document parse(InputStream in, String systemId) throws XmlInputException {
        InputSource source = new InputSource(limit(in));
        if (systemId != null) source.setSystemId(systemId);
        try {
            return newDocumentBuilder().parse(source);
        } catch (SAXException | IOException e) {
            throw translate(e);
        }
    }

    /** Turns a parser failure into a message a sender understands. */
    public XmlInputException translate(Exception e) {
        if (e instanceof XmlInputException x) return x;
        if (e instanceof SizeLimitedInputStream.DocumentTooLargeException big) return tooLarge(big.maxBytes + 1);
        Throwable cause = e.getCause();
        if (cause instanceof SizeLimitedInputStream.DocumentTooLargeException big) return tooLarge(big.maxBytes + 1);
        String msg = String.valueOf(e.getMessage());
        int line = -1, column = -1;
        if (e instanceof SAXParseException p) {
            line = p.getLineNumber();
            column = p.getColumnNumber();
        }
        if (msg.contains("DOCTYPE") || msg.contains("disallow-doctype-decl")) {
            return new XmlInputException(
                    XmlInputException.Reason.DTD_FORBIDDEN,
                    "DOCTYPE declarations are not allowed (no DTDs, no entities)" + at(line, column),
                    line,
                    column,
                    e);
        }
        if (msg.contains("JAXP00010") || msg.contains("maxElementDepth") || msg.contains("entityExpansionLimit")) {
            return new XmlInputException(
                    XmlInputException.Reason.LIMIT_EXCEEDED,
                    "XML nesting or expansion limit exceeded: " + msg + at(line, column),
                    line,
                    column,
                    e);
        }
        if (e instanceof IOException) {
            return new XmlInputException(
                    XmlInputException.Reason.UNREADABLE, "cannot read XML: " + msg, line, column, e);
        }
        return new XmlInputException(
                XmlInputException.Reason.NOT_WELL_FORMED,
                "not well-formed XML" + at(line, column) + ": " + msg,
                line,
                column,
                e);
    }

    /** The size error for a document of (at least) that many bytes, in the words every module uses. */
    public XmlInputException tooLarge(long size) {
        return new XmlInputException(
                XmlInputException.Reason.TOO_LARGE,
                "document too large: " + size + " bytes or more, the limit is " + limits.maxBytes() + " bytes",
                -1,
                -1,
                null);
    }

    private static String at(int line, int column) {
        return line > 0 ? " at line " + line + ", column " + column : "";
    }

    private static DocumentBuilderFactory hardenedDomFactory(XmlLimits limits) {
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        refuseDtdsAndExternals(f::setFeature);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setAttribute(JDK_MAX_DEPTH, String.valueOf(limits.maxElementDepth()));
        f.setAttribute(JDK_ENTITY_LIMIT, String.valueOf(limits.maxEntityExpansions()));
        return f;
    }

    private static SAXParserFactory hardenedSaxFactory() {
        SAXParserFactory f = SAXParserFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        f.setXIncludeAware(false);
        refuseDtdsAndExternals(f::setFeature);
        return f;
    }

    /** The DOM and SAX factories share these features but no interface to set them through. */
    private interface FeatureSetter {
        void set(String feature, boolean value) throws Exception;
    }

    private static void refuseDtdsAndExternals(FeatureSetter factory) {
        try {
            factory.set(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.set("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.set("http://xml.org/sax/features/external-general-entities", false);
            factory.set("http://xml.org/sax/features/external-parameter-entities", false);
            factory.set("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (Exception e) {
            throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
        }
    }

    private static void setJdkLimit(XMLReader reader, String name, int value) throws SAXException {
        reader.setProperty(name, String.valueOf(value));
    }

    private static final ErrorHandler STRICT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
