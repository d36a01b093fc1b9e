package org.silkgate.validation.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The example documents under {@code examples/<spec>/<DocType>/} on the class path (this module's test resources, or
 * its test-jar for the demo and the conformance kit): {@code valid.xml} (and any further {@code valid-<what>.xml})
 * passes, {@code invalid-<RULE-ID>.xml} fails with that rule among its fatal findings.
 */
public final class Examples {
    public static final String ROOT = "examples";
    /** The specification folders, in the order the network introduces them. */
    public static final List<String> SPECIFICATIONS = List.of(
            "tendering", "ordering", "paperless-trade", "billing", "mls", "mlr", "invoice-response", "reporting");

    /**
     * One example file.
     *
     * @param expectedRuleId the rule the example breaks; empty for {@code valid.xml} and {@code valid-<what>.xml}
     * @param resource       its class-path resource name, e.g. {@code examples/billing/Invoice/valid.xml}
     */
    public record Example(
            String specification,
            String documentType,
            String fileName,
            Optional<String> expectedRuleId,
            String resource) {
        public boolean valid() {
            return expectedRuleId.isEmpty();
        }

        public byte[] bytes() {
            try (InputStream in = Examples.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) throw new IllegalStateException(resource + " is not on the class path");
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return specification + "/" + documentType + "/" + fileName;
        }
    }

    private Examples() {}

    /** Every example on the class path, sorted by specification, document type and file name. */
    public static List<Example> all() {
        URL url = Examples.class.getClassLoader().getResource(ROOT);
        if (url == null) return List.of();
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return list(jar.getPath(ROOT));
                } catch (FileSystemAlreadyExistsException openElsewhere) {
                    return list(FileSystems.getFileSystem(uri).getPath(ROOT));
                }
            }
            return list(Path.of(uri));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The examples of one specification folder, one of {@link #SPECIFICATIONS}. */
    public static List<Example> of(String specification) {
        return all().stream()
                .filter(e -> e.specification().equals(specification))
                .toList();
    }

    public static List<Example> of(String specification, String documentType) {
        return of(specification).stream()
                .filter(e -> e.documentType().equals(documentType))
                .toList();
    }

    /** The valid example of a document type: its {@code valid.xml}. */
    public static Example valid(String specification, String documentType) {
        return of(specification, documentType).stream()
                .filter(e -> e.fileName().equals("valid.xml"))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("no valid example for " + specification + "/" + documentType));
    }

    private static List<Example> list(Path root) throws IOException {
        List<Example> examples = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".xml"))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList()) {
                Path relative = root.relativize(file);
                if (relative.getNameCount() != 3) continue;
                String spec = relative.getName(0).toString();
                String docType = relative.getName(1).toString();
                String name = relative.getName(2).toString();
                Optional<String> rule = name.startsWith("invalid-")
                        ? Optional.of(name.substring("invalid-".length(), name.length() - ".xml".length()))
                        : Optional.empty();
                if (rule.isEmpty() && !name.equals("valid.xml") && !name.startsWith("valid-")) continue;
                examples.add(new Example(spec, docType, name, rule, ROOT + "/" + spec + "/" + docType + "/" + name));
            }
        }
        return examples;
    }
}
