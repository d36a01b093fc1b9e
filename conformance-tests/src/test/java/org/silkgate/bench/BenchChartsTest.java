package org.silkgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The benchmarks' SVG pictures: well-formed, one bar per figure, sized by it, the ratios written out. */
class BenchChartsTest {
    private static final String SVG = "http://www.w3.org/2000/svg";

    @Test
    void aSteadyChartHasTwoBarsPerBlockSizedByThroughputAndEachBlocksRatio() throws Exception {
        List<BenchCharts.Block> blocks = List.of(
                new BenchCharts.Block(1, 62.3, 73.1),
                new BenchCharts.Block(2, 105.7, 96.0),
                new BenchCharts.Block(3, 132.5, 92.0));

        Document chart = parse(BenchCharts.steady("SilkGate & the stock pair <steady>", blocks));

        List<Element> bars = bars(chart);
        assertEquals(6, bars.size());
        assertTrue(height(bars.get(4)) > height(bars.get(0)), "block 3's SilkGate bar is taller than block 1's");
        assertEquals(240.0, height(bars.get(4)), 0.1, "the largest figure fills the plot");
        String text = chart.getDocumentElement().getTextContent();
        assertTrue(text.contains("0.85×") && text.contains("1.10×") && text.contains("1.44×"), text);
        assertTrue(text.contains("SilkGate & the stock pair <steady>"), "the title, escaped and read back");
    }

    @Test
    void aRatioChartHasABarPerComparedRowColouredByItsTarget() throws Exception {
        List<BenchRow> rows = List.of(
                new BenchRow("as4 steady", 101.7, 93.4, "msg/s", new BenchRow.LeastRatio(1.5)),
                new BenchRow("validate, 1 thread", 290, 200, "docs/s", new BenchRow.LeastRatio(1.0)),
                new BenchRow("smp hot lookups", 24_600, 0, "lookups/s", new BenchRow.LeastFigure(20_000)));

        Document chart = parse(BenchCharts.ratios("bench all", rows));

        List<Element> bars = bars(chart);
        assertEquals(2, bars.size(), "the row without a baseline has no ratio to draw");
        assertEquals("#d1242f", bars.get(0).getAttribute("fill"), "1.09× misses its 1.5× target");
        assertEquals("#1f6feb", bars.get(1).getAttribute("fill"), "1.45× meets its 1.0× target");
        assertThrows(IllegalArgumentException.class, () -> BenchCharts.ratios("none", List.of(rows.get(2))));
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /** The data bars: rectangles with a tooltip (the background and the legend have none). */
    private static List<Element> bars(Document chart) {
        NodeList rects = chart.getElementsByTagNameNS(SVG, "rect");
        List<Element> bars = new java.util.ArrayList<>();
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            if (rect.getElementsByTagNameNS(SVG, "title").getLength() > 0) bars.add(rect);
        }
        return bars;
    }

    private static double height(Element rect) {
        return Double.parseDouble(rect.getAttribute("height"));
    }
}
