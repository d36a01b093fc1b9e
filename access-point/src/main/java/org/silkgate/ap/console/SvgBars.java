package org.silkgate.ap.console;

import java.util.List;
import org.silkgate.console.Html;

/**
 * Bar charts as inline SVG written by hand: no script, no library, nothing fetched; it scales with the page through
 * its viewBox. Each bar has a {@code <title>} (a tooltip, and what a screen reader says).
 */
public final class SvgBars {
    private SvgBars() {}

    /** One group of bars (one per series) under a label, e.g. an hour with its outbound and inbound counts. */
    public record Group(String label, String title, long[] values) {}

    /**
     * Vertical bars, groups side by side.
     *
     * @param seriesClasses the CSS class of each series' bars (their colours are in the style sheet)
     * @param labelEvery label one group in so many, so that 24 hours stay readable on a phone
     */
    public static String vertical(String caption, List<Group> groups, List<String> seriesClasses, int labelEvery) {
        int groupWidth = 30;
        int chartHeight = 160;
        int top = 16;
        int bottom = 20;
        int width = Math.max(1, groups.size()) * groupWidth + 40;
        long max = Math.max(
                1,
                groups.stream()
                        .flatMapToLong(g -> java.util.Arrays.stream(g.values()))
                        .max()
                        .orElse(1));
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(chartHeight + top + bottom)
                .append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(caption))
                .append("\">");
        svg.append("<text x=\"0\" y=\"12\" class=\"axis\">").append(max).append("</text>");
        svg.append("<line x1=\"36\" y1=\"")
                .append(top + chartHeight)
                .append("\" x2=\"")
                .append(width)
                .append("\" y2=\"")
                .append(top + chartHeight)
                .append("\" class=\"baseline\"/>");
        int barWidth = (groupWidth - 6) / Math.max(1, seriesClasses.size());
        for (int g = 0; g < groups.size(); g++) {
            Group group = groups.get(g);
            int x0 = 40 + g * groupWidth;
            svg.append("<g><title>").append(Html.escape(group.title())).append("</title>");
            for (int s = 0; s < group.values().length; s++) {
                long value = group.values()[s];
                int height = (int) Math.round((double) value * chartHeight / max);
                svg.append("<rect class=\"")
                        .append(Html.escape(seriesClasses.get(s)))
                        .append("\" x=\"")
                        .append(x0 + s * barWidth)
                        .append("\" y=\"")
                        .append(top + chartHeight - height)
                        .append("\" width=\"")
                        .append(barWidth - 1)
                        .append("\" height=\"")
                        .append(height)
                        .append("\"/>");
            }
            svg.append("</g>");
            if (g % labelEvery == 0) {
                svg.append("<text x=\"")
                        .append(x0)
                        .append("\" y=\"")
                        .append(top + chartHeight + 14)
                        .append("\" class=\"axis\">")
                        .append(Html.escape(group.label()))
                        .append("</text>");
            }
        }
        return svg.append("</svg>").toString();
    }

    /** Horizontal bars, one row per label with its value written after the bar. */
    public static String horizontal(String caption, List<String> labels, List<Long> values, String barClass) {
        int rowHeight = 22;
        int labelWidth = 260;
        int barSpace = 300;
        long max = Math.max(1, values.stream().mapToLong(Long::longValue).max().orElse(1));
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ")
                .append(labelWidth + barSpace + 60)
                .append(' ')
                .append(Math.max(1, labels.size()) * rowHeight + 4)
                .append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(caption))
                .append("\">");
        for (int i = 0; i < labels.size(); i++) {
            int y = i * rowHeight + 2;
            int length = (int) Math.round((double) values.get(i) * barSpace / max);
            svg.append("<g><title>")
                    .append(Html.escape(labels.get(i) + ": " + values.get(i)))
                    .append("</title><text x=\"0\" y=\"")
                    .append(y + 15)
                    .append("\" class=\"label\">")
                    .append(Html.escape(labels.get(i)))
                    .append("</text><rect class=\"")
                    .append(Html.escape(barClass))
                    .append("\" x=\"")
                    .append(labelWidth)
                    .append("\" y=\"")
                    .append(y + 3)
                    .append("\" width=\"")
                    .append(Math.max(1, length))
                    .append("\" height=\"")
                    .append(rowHeight - 6)
                    .append("\"/><text x=\"")
                    .append(labelWidth + length + 6)
                    .append("\" y=\"")
                    .append(y + 15)
                    .append("\" class=\"label\">")
                    .append(values.get(i))
                    .append("</text></g>");
        }
        return svg.append("</svg>").toString();
    }
}
