package org.silkgate.ap.model;

import com.helger.peppol.sbdh.PeppolSBDHData;
import com.helger.peppol.sbdh.PeppolSBDHDataReadException;
import com.helger.peppol.sbdh.PeppolSBDHDataReader;
import com.helger.peppolid.factory.PeppolIdentifierFactory;
import com.helger.sbdh.SBDHMarshaller;
import com.helger.sbdh.SBDMarshaller;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.validation.Schema;
import org.silkgate.schemas.xml.SecureXml;
import org.silkgate.schemas.xml.XmlInputException;
import org.unece.cefact.namespaces.sbdh.StandardBusinessDocumentHeader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Wraps a UBL document in the Peppol Standard Business Document Header (Peppol Envelope Specification 2.0). Written
 * as text around the document's own bytes: no DOM, no JAXB, no temporary file per message.
 */
public final class SbdhEnvelope {
    public static final String SBDH_NS = "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader";
    private static final Pattern PROLOG = Pattern.compile("^\\s*<\\?xml[^?]*\\?>", Pattern.DOTALL);
    private static final Pattern ENCODING = Pattern.compile("encoding\\s*=\\s*[\"']([^\"']+)[\"']");

    // the very schema ph-sbdh validates with (from ph-xml's schema cache)
    private static final SchemaCheck SCHEMA = new SchemaCheck(
            new SBDMarshaller() {
                Schema schema() {
                    setUseSchema(true);
                    return createValidationSchema();
                }
            }.schema(),
            "the SBDH");
    private static final TransformerFactory TRANSFORMERS = TransformerFactory.newInstance();
    // building a parser or a serialiser costs more than using one on a small document: one of each per thread
    private static final ThreadLocal<DocumentBuilder> BUILDERS =
            ThreadLocal.withInitial(() -> SecureXml.standard().newDocumentBuilder());
    private static final ThreadLocal<Transformer> SERIALIZERS = ThreadLocal.withInitial(SbdhEnvelope::newSerializer);

    private SbdhEnvelope() {}

    /** Whether a document is SBDH-wrapped (its root element is a StandardBusinessDocument). */
    public static boolean isSbdh(byte[] document) {
        String start = new String(document, 0, Math.min(document.length, 2048), StandardCharsets.UTF_8);
        return start.contains(SBDH_NS)
                && start.matches(
                        "(?s)^[^<]*(<\\?[^>]*>\\s*|<!--.*?-->\\s*)*<([A-Za-z_][\\w.-]*:)?StandardBusinessDocument[\\s>].*");
    }

    /** A readable SBDH, or what is wrong with it in words for whoever sent it. */
    public sealed interface Reading {}

    /**
     * @param businessDocument the document inside, as a UTF-8 XML document of its own
     * @param mls the Message Level Status the sender asks for ({@code MLS_TO}, {@code MLS_TYPE}), if it asks
     */
    public record Read(Envelope envelope, byte[] businessDocument, Optional<Mls.Request> mls) implements Reading {
        public Read(Envelope envelope, byte[] businessDocument) {
            this(envelope, businessDocument, Optional.empty());
        }
    }

    public record Refused(String reason) implements Reading {}

    /**
     * Reads an SBDH, parsed once: checked against the SBDH schema, its header checked the
     * Peppol way ({@link PeppolSBDHDataReader}: header version, identifier schemes, document type and process,
     * COUNTRY_C1, Standard/Type/TypeVersion against the business document), the business document returned as bytes.
     * phase4's way parses it twice and copies the business document into a second DOM, which costs a noticeable share
     * of a receiving thread's CPU (docs/performance.md).
     */
    public static Reading read(byte[] sbdh) {
        Document document;
        try {
            document = SecureXml.standard().parse(sbdh, BUILDERS.get());
        } catch (XmlInputException e) {
            BUILDERS.remove();
            return new Refused(e.getMessage());
        }
        Optional<String> schemaProblem = schemaProblem(document);
        if (schemaProblem.isPresent()) return new Refused(schemaProblem.get());

        // valid against the schema: the root holds the header and then exactly one business element
        Element header = firstElement(document.getDocumentElement().getFirstChild());
        Element businessDocument = firstElement(header.getNextSibling());
        StandardBusinessDocumentHeader headerData = new SBDHMarshaller().read(header);
        if (headerData == null) return new Refused("the SBDH header cannot be read");
        try {
            PeppolSBDHData data = new PeppolSBDHDataReader(PeppolIdentifierFactory.INSTANCE)
                    .extractData(headerData, businessDocument);
            return new Read(envelope(data), serialize(businessDocument), mls(data));
        } catch (PeppolSBDHDataReadException e) {
            return new Refused(e.getMessage());
        }
    }

    /** What is wrong with a parsed SBDH against the Standard Business Document Header schema, or empty. */
    public static Optional<String> schemaProblem(Document sbdh) {
        return SCHEMA.problem(new DOMSource(sbdh));
    }

    private static Envelope envelope(PeppolSBDHData data) {
        return new Envelope(
                data.getInstanceIdentifier(),
                new ParticipantId(data.getSenderScheme(), data.getSenderValue()),
                new ParticipantId(data.getReceiverScheme(), data.getReceiverValue()),
                new DocumentTypeId(data.getDocumentTypeScheme(), data.getDocumentTypeValue()),
                new ProcessId(data.getProcessScheme(), data.getProcessValue()),
                data.getCountryC1());
    }

    /** An MLS_TO without MLS_TYPE asks for every status: ALWAYS_SEND is the Envelope Specification's default. */
    private static Optional<Mls.Request> mls(PeppolSBDHData data) {
        if (!data.hasMLSToScheme() || !data.hasMLSToValue()) return Optional.empty();
        Mls.Type type = data.hasMLSType() ? Mls.Type.parse(data.getMLSType().getID()) : Mls.Type.ALWAYS_SEND;
        return Optional.of(new Mls.Request(new ParticipantId(data.getMLSToScheme(), data.getMLSToValue()), type));
    }

    private static Element firstElement(Node from) {
        Node node = from;
        while (node != null && !(node instanceof Element)) node = node.getNextSibling();
        return (Element) node;
    }

    /** An element as a UTF-8 XML document. */
    public static byte[] serialize(Element element) {
        Transformer transformer = SERIALIZERS.get();
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            transformer.transform(new DOMSource(element), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            SERIALIZERS.remove();
            throw new IllegalStateException("cannot serialise the business document", e);
        }
    }

    private static Transformer newSerializer() {
        try {
            Transformer transformer = TRANSFORMERS.newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            return transformer;
        } catch (TransformerConfigurationException e) {
            throw new IllegalStateException("the JDK has no XML serialiser", e);
        }
    }

    /** Wraps a UBL document whose identifiers were read from it ({@code ids}) in the envelope's SBDH. */
    public static byte[] wrap(byte[] ublDocument, DocumentIdentifiers ids, Envelope envelope, Instant created) {
        return wrap(ublDocument, ids, envelope, Optional.empty(), created);
    }

    /** As {@link #wrap(byte[], DocumentIdentifiers, Envelope, Instant)}, asking for a Message Level Status. */
    public static byte[] wrap(
            byte[] ublDocument,
            DocumentIdentifiers ids,
            Envelope envelope,
            Optional<Mls.Request> mls,
            Instant created) {
        String body = documentWithoutProlog(ublDocument);
        StringBuilder header = new StringBuilder(1024)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<StandardBusinessDocument xmlns=\"")
                .append(SBDH_NS)
                .append("\">")
                .append("<StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion>");
        party(header, "Sender", envelope.sender());
        party(header, "Receiver", envelope.receiver());
        header.append("<DocumentIdentification>")
                .append("<Standard>")
                .append(escape(ids.rootNamespace()))
                .append("</Standard>")
                .append("<TypeVersion>")
                .append(escape(ids.ublVersion()))
                .append("</TypeVersion>")
                .append("<InstanceIdentifier>")
                .append(escape(envelope.instanceIdentifier()))
                .append("</InstanceIdentifier>")
                .append("<Type>")
                .append(escape(ids.rootName()))
                .append("</Type>")
                .append("<CreationDateAndTime>")
                .append(created.truncatedTo(ChronoUnit.MILLIS))
                .append("</CreationDateAndTime>")
                .append("</DocumentIdentification><BusinessScope>");
        scope(
                header,
                "DOCUMENTID",
                envelope.documentType().value(),
                envelope.documentType().scheme());
        scope(
                header,
                "PROCESSID",
                envelope.process().value(),
                envelope.process().scheme());
        scope(header, "COUNTRY_C1", envelope.countryC1().toUpperCase(Locale.ROOT), null);
        mls.ifPresent(request -> {
            scope(header, "MLS_TO", request.mlsTo().value(), request.mlsTo().scheme());
            scope(header, "MLS_TYPE", request.type().name(), null);
        });
        header.append("</BusinessScope></StandardBusinessDocumentHeader>");

        ByteArrayOutputStream out = new ByteArrayOutputStream(ublDocument.length + header.length() + 64);
        out.writeBytes(header.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body.getBytes(StandardCharsets.UTF_8));
        out.writeBytes("</StandardBusinessDocument>".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void party(StringBuilder out, String element, ParticipantId participant) {
        out.append('<')
                .append(element)
                .append("><Identifier Authority=\"")
                .append(escape(participant.scheme()))
                .append("\">")
                .append(escape(participant.value()))
                .append("</Identifier></")
                .append(element)
                .append('>');
    }

    private static void scope(StringBuilder out, String type, String value, String scheme) {
        out.append("<Scope><Type>")
                .append(type)
                .append("</Type><InstanceIdentifier>")
                .append(escape(value))
                .append("</InstanceIdentifier>");
        if (scheme != null) out.append("<Identifier>").append(scheme).append("</Identifier>");
        out.append("</Scope>");
    }

    private static String documentWithoutProlog(byte[] document) {
        int offset = document.length >= 3
                        && (document[0] & 0xFF) == 0xEF
                        && (document[1] & 0xFF) == 0xBB
                        && (document[2] & 0xFF) == 0xBF
                ? 3
                : 0;
        String text = new String(document, offset, document.length - offset, StandardCharsets.UTF_8);
        Matcher prolog = PROLOG.matcher(text);
        if (!prolog.find()) return text;
        Matcher encoding = ENCODING.matcher(prolog.group());
        if (encoding.find() && !encoding.group(1).equalsIgnoreCase("UTF-8")) {
            throw new IllegalArgumentException(
                    "the document is encoded in " + encoding.group(1) + "; only UTF-8 is accepted");
        }
        return text.substring(prolog.end());
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
