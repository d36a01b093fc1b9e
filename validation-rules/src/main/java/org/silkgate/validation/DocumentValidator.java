package org.silkgate.validation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.xml.validation.Schema;
import net.sf.saxon.s9api.Axis;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmNodeKind;
import net.sf.saxon.s9api.XdmSequenceIterator;
import org.silkgate.schemas.xml.SecureXml;
import org.silkgate.schemas.xml.XmlInputException;
import org.silkgate.schemas.xsd.XsdCatalogue;
import org.silkgate.validation.DocumentTypeRegistry.Resolution;
import org.silkgate.validation.DocumentTypeRegistry.RuleSource;
import org.silkgate.validation.DocumentTypeRegistry.Specification;

/**
 * Validates business documents: well-formedness and limits, the UBL XSD of the root element, then every Schematron
 * rule set of the document's specification. Creating one compiles all schemas and rule sets (seconds) and pushes a
 * document through each; afterwards it is immutable and thread-safe, meant to be created once and shared.
 */
public final class DocumentValidator {
    private static final String CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
    static final String LAYER_XML = "xml";
    static final String LAYER_XSD = "xsd";
    static final String LAYER_DOCUMENT_TYPE = "document-type";
    /** Below this size one document's rule sets run on one thread: handing work over costs more than it saves. */
    private static final int PARALLEL_RULES_FROM_BYTES = 512 * 1024;

    private final DocumentTypeRegistry registry;
    private final SecureXml secureXml;
    private final SinglePassParser parser;
    private final Map<String, List<SchematronLayer>> layersBySpecification;

    private DocumentValidator(
            DocumentTypeRegistry registry,
            SecureXml secureXml,
            Processor processor,
            Map<String, Schema> schemasByKey,
            Map<String, List<SchematronLayer>> layers) {
        this.registry = registry;
        this.secureXml = secureXml;
        this.layersBySpecification = layers;
        this.parser = new SinglePassParser(
                processor,
                secureXml,
                (ns, local) -> registry.specificationFor(ns, local)
                        .map(spec -> schemasByKey.get(spec.schemaKey()))
                        .orElse(null),
                XsdCatalogue.sbdh());
    }

    /** The network's validator: every specification of {@link DocumentTypeRegistry#standard()}. */
    public static DocumentValidator create() {
        return create(DocumentTypeRegistry.standard());
    }

    /** A validator for the given specifications; every rule set must be present and compile, or this fails. */
    public static DocumentValidator create(DocumentTypeRegistry registry) {
        Processor processor = new Processor(false);
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "silkgate-rules-compiler");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, List<String>> documentsByUblVersion = new LinkedHashMap<>();
            Map<String, Future<Schema>> schemas = new LinkedHashMap<>();
            for (Specification spec : registry.specifications()) {
                if (spec.ubl()) {
                    documentsByUblVersion
                            .computeIfAbsent(spec.ublVersion(), v -> new ArrayList<>())
                            .addAll(spec.documents());
                } else {
                    schemas.computeIfAbsent(
                            spec.schemaKey(), k -> pool.submit(() -> XsdCatalogue.classPath(spec.xsd())));
                }
            }
            documentsByUblVersion.forEach((version, docs) ->
                    schemas.put("ubl:" + version, pool.submit(() -> XsdCatalogue.ubl(version, docs))));
            Future<Schema> sbdh = pool.submit(XsdCatalogue::sbdh);

            SchematronLayer.Compilers compilers = SchematronLayer.Compilers.load(processor);
            Map<String, Future<SchematronLayer>> compiled = new HashMap<>();
            for (Specification spec : registry.specifications()) {
                for (RuleSource source : spec.ruleSets()) {
                    compiled.computeIfAbsent(
                            source.resource(),
                            r -> pool.submit(() -> SchematronLayer.compile(processor, source, compilers)));
                }
            }
            Map<String, List<SchematronLayer>> layers = new LinkedHashMap<>();
            for (Specification spec : registry.specifications()) {
                List<SchematronLayer> specLayers = new ArrayList<>();
                for (RuleSource source : spec.ruleSets()) specLayers.add(await(compiled.get(source.resource())));
                layers.put(spec.name(), List.copyOf(specLayers));
            }
            Map<String, Schema> schemaByKey = new HashMap<>();
            for (var e : schemas.entrySet()) schemaByKey.put(e.getKey(), await(e.getValue()));
            await(sbdh);

            DocumentValidator validator = new DocumentValidator(
                    registry, SecureXml.standard(), processor, Map.copyOf(schemaByKey), Map.copyOf(layers));
            validator.warmUp();
            return validator;
        } finally {
            pool.shutdownNow();
        }
    }

    public DocumentTypeRegistry registry() {
        return registry;
    }

    /** Validates a file; an unreadable or oversized file gets a NOT_XML report naming the problem. */
    public ValidationReport validate(Path file) {
        String name = file.toString();
        try {
            long size = Files.size(file);
            if (size > secureXml.limits().maxBytes()) {
                return notXml(name, secureXml.tooLarge(size));
            }
            byte[] xml;
            try (InputStream in = secureXml.limit(Files.newInputStream(file))) {
                xml = in.readAllBytes();
            }
            return validate(xml, name);
        } catch (IOException e) {
            return notXml(name, secureXml.translate(e));
        }
    }

    /** Validates a document (plain UBL or wrapped in an SBDH {@code StandardBusinessDocument}). */
    public ValidationReport validate(byte[] xml, String documentName) {
        SinglePassParser.Parsed parsed;
        try {
            parsed = parser.parse(xml, null);
        } catch (XmlInputException e) {
            return notXml(documentName, e);
        }
        List<LayerResult> layers = new ArrayList<>();
        layers.add(new LayerResult(LAYER_XML, List.of()));
        XdmNode root = rootElement(parsed.document());
        Resolution resolution = registry.resolve(
                parsed.rootNamespace(),
                parsed.rootName(),
                childText(root, "CustomizationID"),
                childText(root, "ProfileID"),
                childText(root, "UBLVersionID"));
        boolean xsdRan = registry.ublVersionFor(parsed.rootNamespace(), parsed.rootName())
                .isPresent();
        if (xsdRan || parsed.wrapped()) layers.add(new LayerResult(LAYER_XSD, parsed.xsdFindings()));
        if (!resolution.problem().isEmpty()) {
            layers.add(new LayerResult(
                    LAYER_DOCUMENT_TYPE,
                    List.of(new Finding(
                            LAYER_DOCUMENT_TYPE,
                            "SG-DOCUMENT-TYPE",
                            Severity.FATAL,
                            Map.of(Language.EN, resolution.problem()),
                            "/" + parsed.rootName(),
                            root.getLineNumber(),
                            root.getColumnNumber()))));
        }
        if (resolution.specification().isEmpty()) {
            return new ValidationReport(documentName, Outcome.UNKNOWN_DOCUMENT_TYPE, Optional.empty(), layers);
        }
        layers.addAll(runRuleSets(ruleSets(parsed, resolution), parsed.document(), xml.length));
        boolean anyFatal = layers.stream().anyMatch(l -> !l.passed());
        return new ValidationReport(
                documentName, anyFatal ? Outcome.INVALID : Outcome.VALID, resolution.documentType(), layers);
    }

    /**
     * The raw SVRL of each Schematron layer that runs on this document, by layer name (empty for a document that
     * gets no further than its XSD). Serialising the SVRL of a Peppol invoice costs about a tenth of a validation and
     * few callers want it, so {@link #validate} keeps only the findings and this runs the layers again on demand; the
     * layers are deterministic, so it is the SVRL of that validation.
     */
    public Map<String, String> svrl(byte[] xml, String documentName) {
        SinglePassParser.Parsed parsed;
        try {
            parsed = parser.parse(xml, null);
        } catch (XmlInputException e) {
            return Map.of();
        }
        XdmNode root = rootElement(parsed.document());
        Resolution resolution = registry.resolve(
                parsed.rootNamespace(),
                parsed.rootName(),
                childText(root, "CustomizationID"),
                childText(root, "ProfileID"),
                childText(root, "UBLVersionID"));
        Map<String, String> svrl = new LinkedHashMap<>();
        for (SchematronLayer layer : ruleSets(parsed, resolution))
            svrl.put(layer.name(), layer.run(parsed.document(), true).svrl());
        return svrl;
    }

    /** Like phive: a document the XSD rejects, or of no known specification, is not run through the business rules. */
    private List<SchematronLayer> ruleSets(SinglePassParser.Parsed parsed, Resolution resolution) {
        if (resolution.specification().isEmpty() || !parsed.xsdFindings().isEmpty()) return List.of();
        return layersBySpecification.get(resolution.specification().get().name());
    }

    /**
     * Runs the rule sets one after the other, or, for a large document, at the same time on several cores: the layers
     * only read the shared immutable tree.
     */
    private static List<LayerResult> runRuleSets(List<SchematronLayer> ruleSets, XdmNode document, int size) {
        if (ruleSets.size() < 2 || size < PARALLEL_RULES_FROM_BYTES) {
            List<LayerResult> results = new ArrayList<>(ruleSets.size());
            for (SchematronLayer layer : ruleSets)
                results.add(
                        new LayerResult(layer.name(), layer.run(document, false).findings()));
            return results;
        }
        List<CompletableFuture<LayerResult>> running = ruleSets.stream()
                .map(layer -> CompletableFuture.supplyAsync(() ->
                        new LayerResult(layer.name(), layer.run(document, false).findings())))
                .toList();
        return running.stream().map(CompletableFuture::join).toList();
    }

    private static ValidationReport notXml(String documentName, XmlInputException e) {
        String ruleId = "XML-" + e.reason().name().replace('_', '-');
        Finding finding = Finding.of(LAYER_XML, ruleId, Severity.FATAL, e.getMessage(), e.line(), e.column());
        return new ValidationReport(
                documentName, Outcome.NOT_XML, Optional.empty(), List.of(new LayerResult(LAYER_XML, List.of(finding))));
    }

    private static XdmNode rootElement(XdmNode document) {
        XdmSequenceIterator<XdmNode> it = document.axisIterator(Axis.CHILD);
        while (it.hasNext()) {
            XdmNode n = it.next();
            if (n.getNodeKind() == XdmNodeKind.ELEMENT) return n;
        }
        throw new IllegalStateException("a parsed document without a root element");
    }

    /**
     * The trimmed text of a header child of the root, or null: a cbc element in UBL, an element of the root's own
     * namespace in the Peppol reports.
     */
    private static String childText(XdmNode root, String name) {
        String ownNamespace = root.getNodeName().getNamespace();
        XdmSequenceIterator<XdmNode> it = root.axisIterator(Axis.CHILD);
        while (it.hasNext()) {
            XdmNode n = it.next();
            if (n.getNodeKind() == XdmNodeKind.ELEMENT
                    && name.equals(n.getNodeName().getLocalName())
                    && (CBC.equals(n.getNodeName().getNamespace())
                            || ownNamespace.equals(n.getNodeName().getNamespace()))) {
                return n.getStringValue().trim();
            }
        }
        return null;
    }

    /**
     * Pushes a document of each specification through its rule sets so a broken set-up fails here, not on the first
     * real document, and the hot paths are compiled before traffic arrives. A specification's known-good sample
     * must come out VALID; without one, a minimal header-only document must run through every rule set.
     */
    private void warmUp() {
        for (Specification spec : registry.specifications()) {
            if (spec.knownGoodSample() != null) {
                byte[] sample = readResource(spec.knownGoodSample());
                ValidationReport report = validate(sample, spec.knownGoodSample());
                if (!report.valid()) {
                    throw new IllegalStateException("the known-good sample of " + spec.name()
                            + " does not validate; the rule set-up is broken:\n" + report.toText(Language.EN));
                }
                continue;
            }
            String doc = spec.documents().get(0);
            String minimal = "<" + doc + " xmlns=\"" + DocumentTypeRegistry.UBL_NS_PREFIX + doc + "-2\" xmlns:cbc=\""
                    + CBC + "\"><cbc:UBLVersionID>" + spec.ublVersion() + "</cbc:UBLVersionID><cbc:CustomizationID>"
                    + spec.customizationId() + "</cbc:CustomizationID><cbc:ProfileID>" + spec.profileId()
                    + "</cbc:ProfileID></" + doc + ">";
            try {
                XdmNode tree = parser.parse(minimal.getBytes(StandardCharsets.UTF_8), null)
                        .document();
                for (SchematronLayer layer : layersBySpecification.get(spec.name())) layer.run(tree, false);
            } catch (XmlInputException e) {
                throw new IllegalStateException("warm-up document of " + spec.name() + " does not parse", e);
            }
        }
    }

    private static byte[] readResource(String path) {
        try (InputStream in = DocumentValidator.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("known-good sample " + path + " is not on the class path");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling the rule sets", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }
}
