package org.silkgate.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.SAXException;

/**
 * The SMP schemas, loaded from the jars that publish them (peppol-smp-datatypes, peppol-id-datatypes,
 * ph-xsds-xmldsig, ph-xsds-wsaddr, ph-xsds-bdxr-smp1). Their imports carry no schemaLocation, so every
 * imported schema is handed to the factory explicitly and nothing is ever fetched.
 * Compiled once per JVM: a {@link Schema} is immutable and thread-safe (its validators are not).
 */
public final class SmpSchemas {
    private static final String XMLDSIG = "schemas/xmldsig-core-schema.xsd";
    private static final String WS_ADDRESSING = "schemas/ws-addr.xsd";
    private static final String PEPPOL_IDENTIFIERS = "external/schemas/peppol-identifiers-v1.xsd";
    private static final String PEPPOL_SMP = "external/schemas/peppol-smp-types-v1-ext.xsd";
    private static final String BDXR_SMP = "schemas/bdx-smp-201605.xsd";

    private SmpSchemas() { }

    /** Peppol SMP 1.x ({@code http://busdox.org/serviceMetadata/publishing/1.0/}) with its identifiers. */
    public static Schema peppolSmp() { return Peppol.SCHEMA; }

    /** OASIS BDXR SMP 1.0 ({@code http://docs.oasis-open.org/bdxr/ns/SMP/2016/05}). */
    public static Schema bdxrSmp() { return Bdxr.SCHEMA; }

    private static final class Peppol {
        static final Schema SCHEMA = compile(XMLDSIG, WS_ADDRESSING, PEPPOL_IDENTIFIERS, PEPPOL_SMP);
    }

    private static final class Bdxr {
        static final Schema SCHEMA = compile(XMLDSIG, BDXR_SMP);
    }

    private static Schema compile(String... resources) {
        List<InputStream> opened = new ArrayList<>();
        try {
            Source[] sources = new Source[resources.length];
            for (int i = 0; i < resources.length; i++) {
                URL url = SmpSchemas.class.getClassLoader().getResource(resources[i]);
                if (url == null) throw new IllegalStateException("SMP schema " + resources[i] + " is not on the class path");
                InputStream in = url.openStream();
                opened.add(in);
                sources[i] = new StreamSource(in, url.toExternalForm());
            }
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(sources);
        } catch (IOException | SAXException e) {
            throw new IllegalStateException("cannot compile the SMP schemas " + List.of(resources) + ": " + e.getMessage(), e);
        } finally {
            for (InputStream in : opened) {
                try { in.close(); } catch (IOException ignored) { }
            }
        }
    }
}
