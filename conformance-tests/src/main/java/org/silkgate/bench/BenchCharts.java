package org.silkgate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The benchmarks' pictures, as plain SVG written by hand (no chart library: a bar chart is a few rectangles, and the
 * file must open anywhere, offline): the throughput of both sides per block of a steady run, and the ratio of every
 * row of {@code bench all} against its baseline with the target marked.
 */
final class BenchCharts {
    private static final String SILKGATE = "#1f6feb";
    private static final String BASELINE = "#9a9a9a";
    private static final String MISSED = "#d1242f";
    private static final int WIDTH = 720;

    private BenchCharts() {}

    /** One block of a steady run: both sides' throughput. */
    record Block(int number, double silkgatePerSecond, double baselinePerSecond) {
        double ratio() {
            return silkgatePerSecond / baselinePerSecond;
        }
    }

    /** Grouped bars per block, SilkGate beside the stock pair, each group labelled with its ratio. */
    static String steady(String title, List<Block> blocks) {
        if (blocks.isEmpty()) throw new IllegalArgumentException("a steady chart needs at least one block");
        double max = blocks.stream()
                .mapToDouble(b -> Math.max(b.silkgatePerSecond(), b.baselinePerSecond()))
                .max()
                .orElse(1);
        int top = 50, plot = 240, left = 50;
        double group = (WIDTH - left - 20) / (double) blocks.size();
        double bar = group * 0.35;
        StringBuilder svg = start(WIDTH, top + plot + 60, title);
        axis(svg, left, top, plot, max, "msg/s");
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            double x = left + i * group + group * 0.12;
            rect(
                    svg,
                    x,
                    top + plot,
                    bar,
                    plot * block.silkgatePerSecond() / max,
                    SILKGATE,
                    "block %d SilkGate %.1f msg/s".formatted(block.number(), block.silkgatePerSecond()));
            rect(
                    svg,
                    x + bar,
                    top + plot,
                    bar,
                    plot * block.baselinePerSecond() / max,
                    BASELINE,
                    "block %d stock pair %.1f msg/s".formatted(block.number(), block.baselinePerSecond()));
            text(svg, x + bar, top + plot + 16, "middle", Integer.toString(block.number()));
            text(svg, x + bar, top + plot + 32, "middle", "%.2f×".formatted(block.ratio()));
        }
        legend(svg, left, top + plot + 50, List.of(SILKGATE, BASELINE), List.of("SilkGate", "stock phase4 pair"));
        return svg.append("</svg>\n").toString();
    }

    /** One horizontal bar per row with a baseline: its ratio, the 1.0× line, the target as a tick where it has one. */
    static String ratios(String title, List<BenchRow> rows) {
        List<BenchRow> compared = rows.stream().filter(r -> r.baseline() > 0).toList();
        if (compared.isEmpty()) throw new IllegalArgumentException("no row has a baseline to compare with");
        double max = Math.max(
                2.0, compared.stream().mapToDouble(BenchRow::ratio).max().orElse(1) * 1.1);
        int left = 300, rowHeight = 22, top = 50;
        double scale = (WIDTH - left - 60) / max;
        StringBuilder svg = start(WIDTH, top + compared.size() * rowHeight + 40, title);
        for (int i = 0; i < compared.size(); i++) {
            BenchRow row = compared.get(i);
            double y = top + i * rowHeight;
            text(svg, left - 8, y + 15, "end", row.benchmark());
            String colour = row.met() ? SILKGATE : MISSED;
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s: %.2f×</title></rect>%n",
                    left,
                    y + 3,
                    row.ratio() * scale,
                    rowHeight - 6,
                    colour,
                    escape(row.benchmark()),
                    row.ratio()));
            text(svg, left + row.ratio() * scale + 6, y + 15, "start", "%.2f×".formatted(row.ratio()));
            if (row.target() instanceof BenchRow.LeastRatio least) {
                double x = left + least.least() * scale;
                svg.append(String.format(
                        Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" stroke-width=\"2\"/>%n",
                        x,
                        y + 1,
                        x,
                        y + rowHeight - 1));
            }
        }
        double one = left + scale;
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>%n",
                one,
                top - 6,
                one,
                top + compared.size() * rowHeight));
        text(svg, one, top - 10, "middle", "1.0× (baseline)");
        legend(
                svg,
                20,
                top + compared.size() * rowHeight + 25,
                List.of(SILKGATE, MISSED),
                List.of("target met (black tick: the target)", "target missed"));
        return svg.append("</svg>\n").toString();
    }

    /** Writes the chart beside the benchmark's other output. */
    static Path write(Path file, String svg) throws IOException {
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        Files.writeString(file, svg, StandardCharsets.UTF_8);
        return file;
    }

    private static StringBuilder start(int width, int height, String title) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">%n",
                width,
                height,
                width,
                height));
        svg.append("<title>").append(escape(title)).append("</title>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
        text(svg, width / 2.0, 24, "middle", title);
        return svg;
    }

    private static void axis(StringBuilder svg, int left, int top, int plot, double max, String unit) {
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>%n",
                left,
                top,
                left,
                top + plot));
        for (int tick = 0; tick <= 4; tick++) {
            double value = max * tick / 4;
            double y = top + plot - plot * tick / 4.0;
            text(svg, left - 6, y + 4, "end", "%.0f".formatted(value));
        }
        text(svg, left - 6, top - 10, "end", unit);
    }

    private static void rect(
            StringBuilder svg, double x, double baseY, double width, double height, String fill, String tooltip) {
        svg.append(String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>%n",
                x,
                baseY - height,
                width,
                height,
                fill,
                escape(tooltip)));
    }

    private static void legend(StringBuilder svg, double x, double y, List<String> colours, List<String> labels) {
        double at = x;
        for (int i = 0; i < colours.size(); i++) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    at,
                    y - 10,
                    colours.get(i)));
            text(svg, at + 16, y, "start", labels.get(i));
            at += 40 + labels.get(i).length() * 7;
        }
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, String content) {
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n",
                x,
                y,
                anchor,
                escape(content)));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
