package org.silkgate.schemas.xsd;

import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.SAXException;

/**
 * Every XSD the network relies on, read from the dependency jars that ship them (never copied into the repository).
 * Each {@link Schema} is compiled on first use and then shared: a compiled schema is immutable and thread-safe, and
 * compiling one UBL main document costs seconds.
 */
public final class XsdCatalogue {
    /** UBL 2.4 main documents live under this class-path folder of ph-ubl24. */
    private static final String UBL24_MAINDOC = "external/schemas/ubl24/maindoc/UBL-%s-2.4.xsd";

    private static final String UBL21_MAINDOC = "external/schemas/ubl21/maindoc/UBL-%s-2.1.xsd";

    /*
     * ph-ubl strips the schemaLocation of the CCTS, XML-DSig and XAdES imports, so these must be compiled in the same
     * newSchema(Source[]) call, before the UBL main document.
     */
    private static final List<String> UBL_PREREQUISITES = List.of(
            "schemas/CCTS_CCT_SchemaModule.xsd",
            "schemas/xmldsig-core-schema.xsd",
            "schemas/XAdES01903v132-201601.xsd",
            "schemas/XAdES01903v141-201601.xsd");
    private static final String SBDH = "external/schemas/sbdh/StandardBusinessDocumentHeader.xsd";
    private static final List<String> PEPPOL_SMP = List.of(
            "schemas/xmldsig-core-schema.xsd",
            "schemas/ws-addr.xsd",
            "external/schemas/peppol-identifiers-v1.xsd",
            "external/schemas/peppol-smp-types-v1-ext.xsd");
    private static final List<String> BDXR_SMP =
            List.of("schemas/xmldsig-core-schema.xsd", "schemas/bdx-smp-201605.xsd");

    private static final XsdCatalogue INSTANCE = new XsdCatalogue();
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private XsdCatalogue() {}

    /** The process-wide catalogue. */
    public static XsdCatalogue shared() {
        return INSTANCE;
    }

    /** The UBL 2.4 schema of one main document, e.g. {@code "Tender"} or {@code "ExportCustomsDeclaration"}. */
    public static Schema ubl24(String documentName) {
        return INSTANCE.compileUbl("2.4", documentName);
    }

    /** The UBL 2.1 schema of one main document (Peppol BIS Billing 3.0 uses UBL 2.1 Invoice and CreditNote). */
    public static Schema ubl21(String documentName) {
        return INSTANCE.compileUbl("2.1", documentName);
    }

    /**
     * One schema for several UBL main documents of a version ("2.1" or "2.4"): the common components are compiled once,
     * and an instance is checked against the declaration of its own root element.
     */
    public static Schema ubl(String version, Collection<String> documentNames) {
        return INSTANCE.compileUbl(version, documentNames);
    }

    /** UN/CEFACT Standard Business Document Header 1.3; the payload is checked laxly. */
    public static Schema sbdh() {
        return INSTANCE.compile("sbdh", List.of(SBDH));
    }

    /** Peppol SMP 1.x (busdox {@code ServiceGroup}, {@code SignedServiceMetadata}, ...). */
    public static Schema peppolSmp() {
        return INSTANCE.compile("peppol-smp", PEPPOL_SMP);
    }

    /** OASIS BDXR SMP 1.0 ({@code http://docs.oasis-open.org/bdxr/ns/SMP/2016/05}). */
    public static Schema bdxrSmp() {
        return INSTANCE.compile("bdxr-smp", BDXR_SMP);
    }

    /** Any other XSD on the class path, e.g. a Peppol report's from {@code phive-rules-peppol}. */
    public static Schema classPath(String classPathXsd) {
        return INSTANCE.compile("xsd:" + classPathXsd, List.of(classPathXsd));
    }

    /** Whether ph-ubl ships a UBL main document of this name for that version ("2.1" or "2.4"). */
    public static boolean hasUbl(String version, String documentName) {
        return resource(mainDocPath(version, documentName)).isPresent();
    }

    private Schema compileUbl(String version, String documentName) {
        return compileUbl(version, List.of(documentName));
    }

    private Schema compileUbl(String version, Collection<String> documentNames) {
        List<String> names = new ArrayList<>(new TreeSet<>(documentNames));
        if (names.isEmpty()) throw new IllegalArgumentException("no UBL document named");
        List<String> paths = new ArrayList<>(UBL_PREREQUISITES);
        for (String documentName : names) {
            String main = mainDocPath(version, documentName);
            if (resource(main).isEmpty()) {
                throw new IllegalArgumentException("no UBL " + version + " schema for document '" + documentName + "'");
            }
            paths.add(main);
        }
        return compile("ubl" + version + ":" + String.join(",", names), paths);
    }

    private static String mainDocPath(String version, String documentName) {
        if (!documentName.matches("[A-Za-z]+")) {
            throw new IllegalArgumentException("not a UBL document name: '" + documentName + "'");
        }
        return switch (version) {
            case "2.4" -> UBL24_MAINDOC.formatted(documentName);
            case "2.1" -> UBL21_MAINDOC.formatted(documentName);
            default -> throw new IllegalArgumentException("UBL version " + version + " is not catalogued");
        };
    }

    private Schema compile(String key, List<String> paths) {
        Schema schema = compiled.get(key);
        if (schema != null) return schema;
        // computeIfAbsent would hold the map's bin lock for seconds; compiling twice in a race is harmless.
        schema = newSchema(key, paths);
        Schema previous = compiled.putIfAbsent(key, schema);
        return previous != null ? previous : schema;
    }

    private static Schema newSchema(String key, List<String> paths) {
        List<Source> sources = new ArrayList<>();
        for (String path : paths) {
            URL url = resource(path)
                    .orElseThrow(() -> new IllegalStateException(
                            "XSD " + path + " (for " + key + ") is not on the class path; a schema jar is missing"));
            sources.add(new StreamSource(url.toExternalForm()));
        }
        SchemaFactory factory = SchemaFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            // includes and imports inside the schema jars are followed; nothing is fetched over the network
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "jar,file");
            return factory.newSchema(sources.toArray(Source[]::new));
        } catch (SAXException e) {
            throw new IllegalStateException("cannot compile the " + key + " schema: " + e.getMessage(), e);
        }
    }

    private static Optional<URL> resource(String path) {
        return Optional.ofNullable(XsdCatalogue.class.getClassLoader().getResource(path));
    }
}
