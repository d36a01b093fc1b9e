package org.silkgate.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.silkgate.conformance.cases.CaseResult;

/**
 * The results of one conformance run against one access point: a JUnit XML file for CI ({@code conformance.xml}),
 * an HTML page for people ({@code conformance.html}, one row per case with its evidence) and a console table.
 */
public record ConformanceReport(String target, Instant startedAt, List<CaseResult> results) {
    public static final String XML_FILE = "conformance.xml";
    public static final String HTML_FILE = "conformance.html";
    private static final String SUITE = "org.silkgate.conformance.AS4Profile";

    public ConformanceReport {
        results = List.copyOf(results);
    }

    public long failures() {
        return results.stream().filter(CaseResult::failed).count();
    }

    /** Cases that did not apply to the target: neither passed nor failed. */
    public long notApplicable() {
        return results.stream().filter(r -> !r.applicable()).count();
    }

    public long passed() {
        return results.stream().filter(CaseResult::passed).count();
    }

    public boolean allPassed() {
        return failures() == 0;
    }

    /** Writes both files into {@code dir} (created if missing). */
    public void writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(XML_FILE), junitXml(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(HTML_FILE), html(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the conformance report into " + dir, e);
        }
    }

    String junitXml() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuite name=\"")
                .append(SUITE)
                .append("\" tests=\"")
                .append(results.size())
                .append("\" failures=\"")
                .append(failures())
                .append("\" errors=\"0\" skipped=\"")
                .append(notApplicable())
                .append("\" time=\"")
                .append(seconds(results.stream().mapToLong(CaseResult::millis).sum()))
                .append("\" timestamp=\"")
                .append(startedAt)
                .append("\">\n");
        xml.append("  <properties><property name=\"target\" value=\"")
                .append(escape(target))
                .append("\"/></properties>\n");
        for (CaseResult result : results) {
            xml.append("  <testcase classname=\"")
                    .append(SUITE)
                    .append("\" name=\"")
                    .append(escape(result.id()))
                    .append("\" time=\"")
                    .append(seconds(result.millis()))
                    .append("\">");
            if (result.passed()) {
                xml.append("<system-out>").append(escape(result.evidence())).append("</system-out>");
            } else if (!result.applicable()) {
                xml.append("<skipped message=\"")
                        .append(escape(result.evidence()))
                        .append("\"/>");
            } else {
                xml.append("<failure message=\"")
                        .append(escape(result.title()))
                        .append("\">")
                        .append(escape(result.evidence()))
                        .append("</failure>");
            }
            xml.append("</testcase>\n");
        }
        return xml.append("</testsuite>\n").toString();
    }

    String html() {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"/><title>SilkGate conformance report</title>
                <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;\
                padding:4px 8px;vertical-align:top;text-align:left}.passed{color:#060}.failed{color:#b00;font-weight:bold}.na{color:#666}\
                td.evidence{font-family:monospace;font-size:90%;max-width:70em;word-break:break-word}</style></head>
                <body>
                """);
        html.append("<h1>SilkGate conformance report</h1>\n<p>Access point: <code>")
                .append(escape(target))
                .append("</code><br/>Run at ")
                .append(startedAt)
                .append(": ")
                .append(passed())
                .append(" of ")
                .append(results.size())
                .append(" cases passed")
                .append(notApplicable() == 0 ? "" : ", " + notApplicable() + " not applicable")
                .append(".</p>\n");
        html.append("<table>\n<tr><th>case</th><th>expected</th><th>result</th><th>ms</th><th>evidence</th></tr>\n");
        for (CaseResult result : results) {
            html.append("<tr><td>")
                    .append(escape(result.id()))
                    .append("</td><td>")
                    .append(escape(result.title()))
                    .append("</td><td class=\"")
                    .append(
                            result.passed()
                                    ? "passed\">passed"
                                    : result.failed() ? "failed\">failed" : "na\">not applicable")
                    .append("</td><td>")
                    .append(result.millis())
                    .append("</td><td class=\"evidence\">")
                    .append(escape(result.evidence()))
                    .append("</td></tr>\n");
        }
        return html.append("</table>\n</body></html>\n").toString();
    }

    /** The console summary: one line per case, then the count. */
    public String table() {
        int width = results.stream().mapToInt(r -> r.id().length()).max().orElse(4);
        StringBuilder table =
                new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s  %-6s  %6s%n", "case", "result", "ms"));
        for (CaseResult result : results) {
            table.append(String.format(
                    Locale.ROOT,
                    "%-" + width + "s  %-6s  %6d%n",
                    result.id(),
                    result.passed() ? "passed" : result.failed() ? "FAILED" : "n/a",
                    result.millis()));
            if (!result.passed()) table.append("    ").append(result.evidence()).append('\n');
        }
        table.append("passed: ").append(passed()).append(" of ").append(results.size());
        if (notApplicable() > 0)
            table.append(" (not applicable: ").append(notApplicable()).append(')');
        return table.append('\n').toString();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') out.append(' ');
                    else out.append(c);
                }
            }
        }
        return out.toString();
    }
}
