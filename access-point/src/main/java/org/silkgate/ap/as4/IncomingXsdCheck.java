package org.silkgate.ap.as4;

import com.helger.phase4.CAS4;
import com.helger.phase4.marshaller.Ebms3MessagingMarshaller;
import java.util.Optional;
import javax.xml.transform.dom.DOMSource;
import org.silkgate.ap.model.SchemaCheck;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The XSD check of the ebMS {@code eb:Messaging} header of a user message or a receipt from another access point,
 * against the schema phase4 validates with. phase4 would build a new JDK validator for every document it writes or
 * reads, its own messages included, which {@link Phase4Runtime} turns off; here each thread keeps its validator.
 */
public final class IncomingXsdCheck {
    private static final SchemaCheck EBMS_HEADER = new SchemaCheck(
            new Ebms3MessagingMarshaller() {
                javax.xml.validation.Schema schema() {
                    setUseSchema(true);
                    return createValidationSchema();
                }
            }.schema(),
            "the ebMS header");

    private IncomingXsdCheck() {}

    /** What is wrong with the {@code eb:Messaging} header of a SOAP envelope, or empty when it is valid. */
    public static Optional<String> messagingHeaderProblem(Document soapEnvelope) {
        Element messaging = messagingHeader(soapEnvelope);
        if (messaging == null) return Optional.of("the SOAP header has no eb:Messaging element");
        return EBMS_HEADER.problem(new DOMSource(messaging));
    }

    private static Element messagingHeader(Document soapEnvelope) {
        if (soapEnvelope == null || soapEnvelope.getDocumentElement() == null) return null;
        for (Node part = soapEnvelope.getDocumentElement().getFirstChild();
                part != null;
                part = part.getNextSibling()) {
            if (part instanceof Element header && "Header".equals(header.getLocalName())) {
                for (Node entry = header.getFirstChild(); entry != null; entry = entry.getNextSibling()) {
                    if (entry instanceof Element element
                            && CAS4.EBMS_NS.equals(element.getNamespaceURI())
                            && "Messaging".equals(element.getLocalName())) {
                        return element;
                    }
                }
            }
        }
        return null;
    }
}
