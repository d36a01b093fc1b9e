package org.silkgate.schemas.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class SecureXmlTest {
    private static final String SECRET = "top-secret-" + System.nanoTime();
    private final SecureXml xml = SecureXml.standard();

    @Test
    void parsesAnOrdinaryNamespacedDocument() throws Exception {
        Document doc = xml.parse("<a:x xmlns:a='urn:a'><a:y>1</a:y></a:x>".getBytes(StandardCharsets.UTF_8));
        assertEquals("urn:a", doc.getDocumentElement().getNamespaceURI());
    }

    @Test
    void xxeReferencingALocalFileIsRejectedAndTheFileNeverLeaks(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
        byte[] doc = HostileXml.xxe(secret, "r", "urn:test").getBytes(StandardCharsets.UTF_8);

        XmlInputException e = assertThrows(XmlInputException.class, () -> xml.parse(doc));
        assertEquals(XmlInputException.Reason.DTD_FORBIDDEN, e.reason());
        assertNoSecretIn(e);

        // the SAX reader handed to other modules refuses it too
        Exception sax = assertThrows(
                Exception.class, () -> xml.newXmlReader().parse(new InputSource(new ByteArrayInputStream(doc))));
        assertNoSecretIn(sax);
    }

    @Test
    void billionLaughsIsRejectedWithinASecond() {
        byte[] bomb = HostileXml.billionLaughs().getBytes(StandardCharsets.UTF_8);
        XmlInputException e = assertTimeoutPreemptively(
                Duration.ofSeconds(1), () -> assertThrows(XmlInputException.class, () -> xml.parse(bomb)));
        assertEquals(XmlInputException.Reason.DTD_FORBIDDEN, e.reason());
    }

    @Test
    void a300MegabyteFileIsRefusedWithASizeErrorWithoutReadingItIntoMemory(@TempDir Path dir) throws IOException {
        Path big = HostileXml.writeLargeDocument(dir.resolve("big.xml"), 300L * 1024 * 1024, "r", "urn:test");
        XmlInputException e = assertThrows(XmlInputException.class, () -> xml.parse(big));
        assertEquals(XmlInputException.Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    @Test
    void anEndless300MegabyteStreamIsCutOffAtTheLimit() {
        // a stream of unknown length (an upload) is counted while parsing, never buffered whole
        InputStream endless = new InputStream() {
            private final byte[] open = "<r>".getBytes(StandardCharsets.US_ASCII);
            private final byte[] item = "<i>0123456789</i>".getBytes(StandardCharsets.US_ASCII);
            private long pos;

            @Override
            public int read() {
                long p = pos++;
                if (p >= 300L * 1024 * 1024) return -1;
                return p < open.length ? open[(int) p] : item[(int) ((p - open.length) % item.length)];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = 0;
                while (n < len) {
                    int c = read();
                    if (c < 0) break;
                    b[off + n++] = (byte) c;
                }
                return n == 0 ? -1 : n;
            }
        };
        SecureXml small = new SecureXml(XmlLimits.DEFAULT.withMaxBytes(8L * 1024 * 1024));
        XmlInputException e = assertThrows(XmlInputException.class, () -> small.parse(endless, null));
        assertEquals(XmlInputException.Reason.TOO_LARGE, e.reason());
    }

    @Test
    void deepNestingIsRefused() {
        int depth = XmlLimits.DEFAULT.maxElementDepth() + 10;
        byte[] deep = ("<a>".repeat(depth) + "</a>".repeat(depth)).getBytes(StandardCharsets.UTF_8);
        XmlInputException e = assertThrows(XmlInputException.class, () -> xml.parse(deep));
        assertEquals(XmlInputException.Reason.LIMIT_EXCEEDED, e.reason());
    }

    @Test
    void brokenXmlNamesLineAndColumn() {
        byte[] broken = "<a>\n  <b></a>".getBytes(StandardCharsets.UTF_8);
        XmlInputException e = assertThrows(XmlInputException.class, () -> xml.parse(broken));
        assertEquals(XmlInputException.Reason.NOT_WELL_FORMED, e.reason());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    private static void assertNoSecretIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(SECRET), "leaked in " + t);
            assertFalse(Arrays.toString(t.getStackTrace()).contains(SECRET));
        }
    }
}
