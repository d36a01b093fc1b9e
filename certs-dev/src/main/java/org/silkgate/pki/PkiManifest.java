package org.silkgate.pki;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code pki.json}: every file of a development PKI and what it holds. */
public record PkiManifest(List<PkiEntry> entries) {

    public static final String FILE_NAME = "pki.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public PkiManifest {
        entries = List.copyOf(entries);
    }

    /** The first entry for {@code file}, e.g. {@code ap-KZ.p12}. */
    public Optional<PkiEntry> entry(String file) {
        return entries.stream().filter(e -> e.file().equals(file)).findFirst();
    }

    public List<String> files() {
        return entries.stream().map(PkiEntry::file).distinct().toList();
    }

    PkiManifest plus(List<PkiEntry> more) {
        List<PkiEntry> all = new ArrayList<>(entries);
        all.addAll(more);
        return new PkiManifest(all);
    }

    static PkiManifest read(Path file) throws PkiException {
        try (InputStream in = Files.newInputStream(file)) {
            return JSON.readValue(in, PkiManifest.class);
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw new PkiException(file.getParent() + " holds no development PKI (" + FILE_NAME
                        + " is missing); create one with: silkgate pki init --dir " + file.getParent());
            }
            throw new PkiException("cannot read the PKI manifest " + file + ": " + e.getMessage(), e);
        }
    }

    byte[] toJson() throws PkiException {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new PkiException("cannot write the PKI manifest: " + e.getMessage(), e);
        }
    }
}
