package org.silkgate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;
import org.silkgate.validation.DocumentValidator;
import org.silkgate.validation.Language;
import org.silkgate.validation.ValidationReport;

/**
 * The documents {@code bench as4} sends: the validation-rules example Tender with a technical proposal embedded as a
 * {@code cac:DocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject} (base64, 76-character lines), padded
 * to the wanted size. The proposal's bytes are pseudo-random behind a PDF header: a real proposal PDF is mostly
 * compressed streams, which gzip (AS4 compression) cannot shrink either.
 *
 * @param label e.g. {@code 10 KB}
 * @param xml   the whole document
 */
record BenchTender(String label, byte[] xml) {
    private static final String EXAMPLE = "/examples/tendering/Tender/valid.xml";
    /** UBL 2.4 Tender: cac:DocumentReference follows cac:CallForTenderDocumentReference. */
    private static final String INSERT_AFTER = "</cac:CallForTenderDocumentReference>";

    private static final int BASE64_LINE = 76;

    /** Parses {@code 10k} or {@code 1m} into the document of that size. */
    static BenchTender ofSize(String size) {
        String text = size.trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "10k" -> withProposal("10 KB", 10 * 1024);
            case "1m" -> withProposal("1 MB", 1024 * 1024);
            default -> throw new IllegalArgumentException("unknown document size '" + size + "': expected 10k or 1m");
        };
    }

    /** The example Tender plus an embedded proposal, as close to {@code targetBytes} as base64 lines allow. */
    static BenchTender withProposal(String label, int targetBytes) {
        String example = new String(example(), StandardCharsets.UTF_8);
        int at = example.indexOf(INSERT_AFTER);
        if (at < 0) throw new IllegalStateException("the example Tender has no " + INSERT_AFTER);
        at += INSERT_AFTER.length();
        String head = example.substring(0, at) + """

                  <cac:DocumentReference>
                    <cbc:ID>TND-ASW-2026-0311-TP</cbc:ID>
                    <cbc:DocumentType>Technical proposal</cbc:DocumentType>
                    <cac:Attachment>
                      <cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="technical-proposal.pdf">""";
        String tail = """
                </cbc:EmbeddedDocumentBinaryObject>
                    </cac:Attachment>
                  </cac:DocumentReference>""" + example.substring(at);
        int room = targetBytes - head.length() - tail.length();
        if (room < 0) throw new IllegalArgumentException(label + " is smaller than the example Tender itself");
        String base64 = Base64.getMimeEncoder(BASE64_LINE, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(proposal(rawBytesFor(room)));
        return new BenchTender(label, (head + "\n" + base64 + tail).getBytes(StandardCharsets.UTF_8));
    }

    /** The 1 MB document, which has message counts of its own. */
    boolean large() {
        return xml.length > 100 * 1024;
    }

    /** Fails naming the findings unless SilkGate's validator accepts every document. */
    static void requireValid(DocumentValidator validator, Iterable<BenchTender> documents) {
        for (BenchTender document : documents) {
            ValidationReport report = validator.validate(document.xml(), "bench Tender " + document.label());
            if (!report.valid()) {
                throw new IllegalStateException("the " + document.label()
                        + " bench Tender does not pass SilkGate's validation:\n" + report.toText(Language.EN));
            }
        }
    }

    /** The most raw bytes whose base64 text with a newline before it and line breaks fits in {@code room} characters. */
    private static int rawBytesFor(int room) {
        int raw = room * 3 / 4;
        while (raw > 0 && base64Length(raw) + 1 > room) raw--;
        return raw;
    }

    private static int base64Length(int raw) {
        int chars = (raw + 2) / 3 * 4;
        return chars + Math.max(0, (chars - 1) / BASE64_LINE);
    }

    private static byte[] proposal(int length) {
        byte[] bytes = new byte[length];
        new Random(20261129L).nextBytes(bytes);
        byte[] header = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, bytes, 0, Math.min(header.length, length));
        return bytes;
    }

    private static byte[] example() {
        try (InputStream in = BenchTender.class.getResourceAsStream(EXAMPLE)) {
            if (in == null)
                throw new IllegalStateException(
                        "the validation-rules example Tender " + EXAMPLE + " is not on the class path");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the example Tender " + EXAMPLE + ": " + e.getMessage(), e);
        }
    }
}
