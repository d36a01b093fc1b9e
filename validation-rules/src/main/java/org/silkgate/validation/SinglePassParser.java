package org.silkgate.validation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import javax.xml.validation.Schema;
import javax.xml.validation.ValidatorHandler;
import net.sf.saxon.s9api.BuildingContentHandler;
import net.sf.saxon.s9api.DocumentBuilder;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XdmNode;
import org.silkgate.schemas.xml.SecureXml;
import org.silkgate.schemas.xml.XmlInputException;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parses a document once: the hardened SAX reader feeds the XSD {@link ValidatorHandler} of the payload's root element,
 * which feeds a Saxon tree builder keeping line numbers. An SBDH envelope is checked against the SBDH schema on the
 * way and its payload becomes a document of its own, so the rules see the business document whether wrapped or not.
 */
final class SinglePassParser {
    static final String SBDH_NS = "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader";
    private static final int MAX_XSD_FINDINGS = 100;

    /** The parsed payload, what the XSD said about it and about its envelope. */
    record Parsed(
            XdmNode document, String rootNamespace, String rootName, boolean wrapped, List<Finding> xsdFindings) {}

    private final Processor processor;
    private final SecureXml secureXml;
    private final BiFunction<String, String, Schema> schemaForRoot;
    private final Schema sbdhSchema;
    private final ThreadLocal<XMLReader> readers;

    /** @param schemaForRoot the XSD for a root element (namespace, local name), or null when the network has none */
    SinglePassParser(
            Processor processor,
            SecureXml secureXml,
            BiFunction<String, String, Schema> schemaForRoot,
            Schema sbdhSchema) {
        this.processor = processor;
        this.secureXml = secureXml;
        this.schemaForRoot = schemaForRoot;
        this.sbdhSchema = sbdhSchema;
        this.readers = ThreadLocal.withInitial(secureXml::newXmlReader);
    }

    Parsed parse(byte[] xml, String systemId) throws XmlInputException {
        if (xml.length > secureXml.limits().maxBytes()) throw secureXml.tooLarge(xml.length);
        XMLReader reader = readers.get();
        Router router = new Router();
        reader.setContentHandler(router);
        reader.setErrorHandler(router);
        InputSource source = new InputSource(new ByteArrayInputStream(xml));
        source.setSystemId(systemId);
        try {
            reader.parse(source);
        } catch (SAXException | IOException e) {
            throw secureXml.translate(e);
        } finally {
            // the reader outlives the call; do not let it pin the tree
            reader.setContentHandler(IDLE);
            reader.setErrorHandler(IDLE);
        }
        if (router.payload == null) {
            throw new XmlInputException(
                    XmlInputException.Reason.NOT_WELL_FORMED,
                    "the StandardBusinessDocument carries no payload element",
                    -1,
                    -1,
                    null);
        }
        return new Parsed(
                router.payload, router.payloadNamespace, router.payloadName, router.wrapped, router.xsdFindings);
    }

    private static final DefaultHandler IDLE = new DefaultHandler();

    /**
     * Routes SAX events: everything to the SBDH validator when the document is wrapped, and the payload element's
     * subtree, as a document of its own, through its XSD validator into the Saxon builder.
     */
    private final class Router extends DefaultHandler {
        private final List<Finding> xsdFindings = new ArrayList<>();
        private final Deque<Map<String, String>> scopes = new ArrayDeque<>();
        private Map<String, String> pendingPrefixes = new LinkedHashMap<>();
        private Locator locator;
        private ValidatorHandler envelope;
        private ContentHandler target;
        private BuildingContentHandler builder;
        private int depth;
        private int payloadDepth = -1;
        private boolean wrapped;
        private String payloadNamespace;
        private String payloadName;
        private XdmNode payload;

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startPrefixMapping(String prefix, String uri) throws SAXException {
            pendingPrefixes.put(prefix, uri);
            if (envelope != null) envelope.startPrefixMapping(prefix, uri);
            if (target != null) target.startPrefixMapping(prefix, uri);
        }

        @Override
        public void endPrefixMapping(String prefix) throws SAXException {
            if (envelope != null) envelope.endPrefixMapping(prefix);
            if (target != null) target.endPrefixMapping(prefix);
        }

        @Override
        public void startElement(String uri, String local, String qName, Attributes atts) throws SAXException {
            depth++;
            Map<String, String> declared = pendingPrefixes;
            pendingPrefixes = new LinkedHashMap<>();
            scopes.push(declared);
            if (depth == 1 && SBDH_NS.equals(uri) && "StandardBusinessDocument".equals(local)) {
                wrapped = true;
                envelope = sbdhSchema.newValidatorHandler();
                envelope.setErrorHandler(this);
                if (locator != null) envelope.setDocumentLocator(locator);
                envelope.startDocument();
                for (Map.Entry<String, String> p : declared.entrySet())
                    envelope.startPrefixMapping(p.getKey(), p.getValue());
            } else if (target == null
                    && payload == null
                    && (depth == 1 || (wrapped && depth == 2 && !"StandardBusinessDocumentHeader".equals(local)))) {
                startPayload(uri, local);
            }
            if (envelope != null) envelope.startElement(uri, local, qName, atts);
            if (target != null) target.startElement(uri, local, qName, atts);
        }

        private void startPayload(String uri, String local) throws SAXException {
            payloadNamespace = uri;
            payloadName = local;
            payloadDepth = depth;
            try {
                DocumentBuilder documentBuilder = processor.newDocumentBuilder();
                documentBuilder.setLineNumbering(true);
                builder = documentBuilder.newBuildingContentHandler();
            } catch (SaxonApiException e) {
                throw new SAXException(e);
            }
            Schema schema = schemaForRoot.apply(uri, local);
            if (schema != null) {
                ValidatorHandler validator = schema.newValidatorHandler();
                validator.setErrorHandler(this);
                validator.setContentHandler(builder);
                target = validator;
            } else {
                target = builder;
            }
            if (locator != null) target.setDocumentLocator(locator);
            target.startDocument();
            // the payload must see every namespace in scope, including those declared on the envelope
            Map<String, String> inScope = new LinkedHashMap<>();
            for (var it = scopes.descendingIterator(); it.hasNext(); ) inScope.putAll(it.next());
            for (Map.Entry<String, String> p : inScope.entrySet()) target.startPrefixMapping(p.getKey(), p.getValue());
        }

        @Override
        public void endElement(String uri, String local, String qName) throws SAXException {
            if (target != null) target.endElement(uri, local, qName);
            if (envelope != null) envelope.endElement(uri, local, qName);
            if (depth == payloadDepth && target != null) {
                Map<String, String> inScope = new LinkedHashMap<>();
                for (Map<String, String> scope : scopes) inScope.putAll(scope);
                for (String prefix : inScope.keySet()) target.endPrefixMapping(prefix);
                target.endDocument();
                target = null;
                try {
                    payload = builder.getDocumentNode();
                } catch (SaxonApiException e) {
                    throw new SAXException(e);
                }
                builder = null;
            }
            scopes.pop();
            depth--;
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (envelope != null) envelope.characters(ch, start, length);
            if (target != null) target.characters(ch, start, length);
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            if (envelope != null) envelope.ignorableWhitespace(ch, start, length);
            if (target != null) target.ignorableWhitespace(ch, start, length);
        }

        @Override
        public void processingInstruction(String name, String data) throws SAXException {
            if (target != null) target.processingInstruction(name, data);
        }

        @Override
        public void endDocument() throws SAXException {
            if (envelope != null) envelope.endDocument();
        }

        // XSD errors are findings, not failures: collect them all (up to a bound) and carry on parsing
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) {
            xsdFinding(e);
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }

        private void xsdFinding(SAXParseException e) {
            if (xsdFindings.size() >= MAX_XSD_FINDINGS) return;
            String message = String.valueOf(e.getMessage());
            int colon = message.indexOf(": ");
            String ruleId = colon > 0 && message.startsWith("cvc-") ? message.substring(0, colon) : "XSD";
            String text = colon > 0 && message.startsWith("cvc-") ? message.substring(colon + 2) : message;
            if (wrapped && target == null) text = "SBDH envelope: " + text;
            xsdFindings.add(Finding.of("xsd", ruleId, Severity.FATAL, text, e.getLineNumber(), e.getColumnNumber()));
        }
    }
}
