package org.silkgate.ap.model;

import java.io.IOException;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Checks what comes from outside against one XSD, with a validator kept per thread: building a JDK validator
 * (schema loader, error reporter, security manager) costs more than using one on a small document.
 */
public final class SchemaCheck {
    private final String what;
    private final ThreadLocal<Validator> validators;

    /** @param what how the checked document is named in a problem ("the SBDH") */
    public SchemaCheck(Schema schema, String what) {
        this.what = what;
        this.validators = ThreadLocal.withInitial(() -> newValidator(schema));
    }

    /** What is wrong with the document, or empty when it is valid. */
    public Optional<String> problem(Source source) {
        Validator validator = validators.get();
        try {
            validator.validate(source);
            return Optional.empty();
        } catch (SAXParseException e) {
            return Optional.of(what + " does not match its schema"
                    + (e.getLineNumber() > 0 ? " (line " + e.getLineNumber() + ")" : "") + ": " + e.getMessage());
        } catch (SAXException | IOException | RuntimeException e) {
            // a validator is not reused after a failure other than a schema error
            validators.remove();
            return Optional.of(what + " cannot be read: " + e.getMessage());
        }
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
        });
        return validator;
    }
}
