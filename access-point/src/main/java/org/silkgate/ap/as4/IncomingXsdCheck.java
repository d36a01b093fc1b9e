package org.silkgate.ap.as4;

import com.helger.phase4.CAS4;
import com.helger.phase4.marshaller.Ebms3MessagingMarshaller;
import com.helger.sbdh.SBDMarshaller;
import java.io.IOException;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The XSD checks of what comes from outside: the ebMS {@code eb:Messaging} header of a user message or a receipt
 * from another access point, and an SBDH (from another access point, or from a back office). They are the checks phase4 runs with its own schemas; phase4 also builds a new JDK
 * validator (schema loader, error reporter, security manager) for every document it writes or reads, its own
 * messages included, which {@link Phase4Runtime} turns off. Here each thread keeps its validators and reuses them.
 */
public final class IncomingXsdCheck {
    // the very schemas phase4 and ph-sbdh validate with (from ph-xml's schema cache)
    private static final Schema EBMS_HEADER = new Ebms3MessagingMarshaller() {
        Schema schema() {
            setUseSchema(true);
            return createValidationSchema();
        }
    }.schema();
    private static final Schema SBDH = new SBDMarshaller() {
        Schema schema() {
            setUseSchema(true);
            return createValidationSchema();
        }
    }.schema();
    private static final ThreadLocal<Validator> HEADER_VALIDATORS = ThreadLocal.withInitial(() -> newValidator(EBMS_HEADER));
    private static final ThreadLocal<Validator> SBDH_VALIDATORS = ThreadLocal.withInitial(() -> newValidator(SBDH));

    private IncomingXsdCheck() {}

    /** What is wrong with the {@code eb:Messaging} header of a SOAP envelope, or empty when it is valid. */
    public static Optional<String> messagingHeaderProblem(Document soapEnvelope) {
        Element messaging = messagingHeader(soapEnvelope);
        if (messaging == null) return Optional.of("the SOAP header has no eb:Messaging element");
        return problem(HEADER_VALIDATORS, new DOMSource(messaging), "the ebMS header");
    }

    /** What is wrong with a parsed SBDH against the Standard Business Document Header schema, or empty when it is valid. */
    public static Optional<String> sbdhProblem(Document sbdh) {
        return problem(SBDH_VALIDATORS, new DOMSource(sbdh), "the SBDH");
    }

    private static Optional<String> problem(ThreadLocal<Validator> validators, Source source, String what) {
        Validator validator = validators.get();
        try {
            validator.validate(source);
            return Optional.empty();
        } catch (SAXParseException e) {
            return Optional.of(what + " does not match its schema" + (e.getLineNumber() > 0 ? " (line " + e.getLineNumber() + ")" : "")
                    + ": " + e.getMessage());
        } catch (SAXException | IOException | RuntimeException e) {
            // a validator is not reused after a failure other than a schema error
            validators.remove();
            return Optional.of(what + " cannot be read: " + e.getMessage());
        }
    }

    private static Element messagingHeader(Document soapEnvelope) {
        if (soapEnvelope == null || soapEnvelope.getDocumentElement() == null) return null;
        for (Node part = soapEnvelope.getDocumentElement().getFirstChild(); part != null; part = part.getNextSibling()) {
            if (part instanceof Element header && "Header".equals(header.getLocalName())) {
                for (Node entry = header.getFirstChild(); entry != null; entry = entry.getNextSibling()) {
                    if (entry instanceof Element element && CAS4.EBMS_NS.equals(element.getNamespaceURI())
                            && "Messaging".equals(element.getLocalName())) {
                        return element;
                    }
                }
            }
        }
        return null;
    }

    private static Validator newValidator(Schema schema) {
        Validator validator = schema.newValidator();
        try {
            // everything the schemas need is compiled in: nothing is fetched for an instance document
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException("the JDK's validator refuses to be locked down", e);
        }
        validator.setErrorHandler(new ErrorHandler() {
            @Override public void warning(SAXParseException e) { }
            @Override public void error(SAXParseException e) throws SAXException { throw e; }
            @Override public void fatalError(SAXParseException e) throws SAXException { throw e; }
        });
        return validator;
    }
}
