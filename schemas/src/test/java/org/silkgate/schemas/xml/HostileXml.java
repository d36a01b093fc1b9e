package org.silkgate.schemas.xml;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Attack documents for the tests of every module that parses XML (shared through this module's test-jar). */
public final class HostileXml {
    private HostileXml() {}

    /** The classic "billion laughs": 10^9 expansions of "lol" from a 1 KB document. */
    public static String billionLaughs() {
        StringBuilder bomb = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>");
        for (int i = 1; i <= 9; i++) {
            String previous = i == 1 ? "lol" : "lol" + (i - 1);
            bomb.append("<!ENTITY lol")
                    .append(i)
                    .append(" '")
                    .append(("&" + previous + ";").repeat(10))
                    .append("'>");
        }
        return bomb.append("]><lolz>&lol9;</lolz>").toString();
    }

    /** A document whose root element holds an external entity pointing at a local file. */
    public static String xxe(Path file, String rootElement, String rootNamespace) {
        return "<?xml version='1.0'?><!DOCTYPE " + rootElement + " [<!ENTITY x SYSTEM '" + file.toUri() + "'>]><"
                + rootElement + " xmlns='" + rootNamespace + "'>&x;</" + rootElement + ">";
    }

    /** Writes a well-formed document of at least {@code bytes} bytes, streaming, so the test never holds it. */
    public static Path writeLargeDocument(Path file, long bytes, String rootElement, String rootNamespace)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("<" + rootElement + " xmlns='" + rootNamespace + "'>").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "<Note>padding</Note>".repeat(4096).getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written < bytes; written += chunk.length) out.write(chunk);
            out.write(("</" + rootElement + ">").getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }
}
