package org.silkgate.smp.signing;

import java.util.IdentityHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerFactory;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;
import org.silkgate.schemas.xml.SecureXml;
import org.silkgate.schemas.xml.XmlInputException;
import org.w3c.dom.Document;
import org.xml.sax.XMLReader;

/**
 * The hardened parser, the serialiser and the schema validators, kept per thread: building a JAXP parser, transformer
 * or validator costs more than parsing, writing or checking one small SMP document, and a registration builds several
 * (measured: about a quarter of the CPU of signing a document went to building them). None of them is thread-safe, so
 * one per thread; one that failed is dropped ({@link #discard}) so that a broken document never leaves state behind.
 */
public final class XmlPerThread {
    private static final TransformerFactory TRANSFORMERS = TransformerFactory.newDefaultInstance();

    private static final ThreadLocal<DocumentBuilder> BUILDER = new ThreadLocal<>();
    private static final ThreadLocal<XMLReader> READER = new ThreadLocal<>();
    /** [0] writes a whole document (with the XML declaration), [1] a node (without). */
    private static final ThreadLocal<Transformer[]> WRITERS = ThreadLocal.withInitial(() -> new Transformer[2]);

    private static final ThreadLocal<Map<Schema, Validator>> VALIDATORS = ThreadLocal.withInitial(IdentityHashMap::new);

    private XmlPerThread() {}

    /** This thread's builder from {@link SecureXml#newDocumentBuilder()} (never {@code reset()}: that drops its protections). */
    public static DocumentBuilder builder() {
        DocumentBuilder b = BUILDER.get();
        if (b == null) {
            b = SecureXml.standard().newDocumentBuilder();
            BUILDER.set(b);
        }
        return b;
    }

    /** {@link SecureXml#parse(byte[])} on this thread's builder. */
    public static Document parse(byte[] xml) throws XmlInputException {
        try {
            return SecureXml.standard().parse(xml, builder());
        } catch (XmlInputException | RuntimeException e) {
            BUILDER.remove();
            throw e;
        }
    }

    /** An empty document. */
    public static Document newDocument() {
        return builder().newDocument();
    }

    /** This thread's SAX reader from {@link SecureXml#newXmlReader()}. */
    public static XMLReader xmlReader() {
        XMLReader r = READER.get();
        if (r == null) {
            r = SecureXml.standard().newXmlReader();
            READER.set(r);
        }
        return r;
    }

    /** This thread's validator for {@code schema}, as {@link Schema#newValidator()} makes it. */
    public static Validator validator(Schema schema) {
        return VALIDATORS.get().computeIfAbsent(schema, Schema::newValidator);
    }

    /** This thread's identity transformer writing UTF-8, unindented, with or without the XML declaration. */
    static Transformer writer(boolean document) {
        Transformer[] writers = WRITERS.get();
        int i = document ? 0 : 1;
        if (writers[i] == null) {
            try {
                Transformer t = TRANSFORMERS.newTransformer();
                t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
                t.setOutputProperty(OutputKeys.INDENT, "no");
                if (!document) t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
                writers[i] = t;
            } catch (TransformerConfigurationException e) {
                throw new IllegalStateException("cannot create an XML serializer: " + e.getMessage(), e);
            }
        }
        return writers[i];
    }

    /** Drops this thread's reader, validators and writers after a failure: the next use builds them anew. */
    public static void discard() {
        READER.remove();
        VALIDATORS.remove();
        WRITERS.remove();
        BUILDER.remove();
    }
}
