package org.silkgate.bench;

/**
 * One line of {@code bench all}: SilkGate's figure, the baseline's measured in the same run, and the target, which
 * is either a least ratio SilkGate / baseline or a least absolute figure for SilkGate (or none: informative only).
 *
 * @param benchmark what was measured, e.g. {@code validate, 2 threads}
 * @param unit of both figures; higher is better
 */
public record BenchRow(String benchmark, double silkgate, double baseline, String unit, Target target) {

    /** What "met" means for a row. */
    public sealed interface Target {
        boolean metBy(BenchRow row);

        String text();
    }

    /** SilkGate at least {@code least} times the baseline. */
    public record LeastRatio(double least) implements Target {
        @Override
        public boolean metBy(BenchRow row) {
            return row.ratio() >= least;
        }

        @Override
        public String text() {
            return "≥ %.2f×".formatted(least);
        }
    }

    /** SilkGate's own figure at least {@code least}, whatever the baseline does. */
    public record LeastFigure(double least) implements Target {
        @Override
        public boolean metBy(BenchRow row) {
            return row.silkgate() >= least;
        }

        @Override
        public String text() {
            return "≥ %.0f".formatted(least);
        }
    }

    /** A figure shown for information, with no target of its own. */
    public record Informative() implements Target {
        @Override
        public boolean metBy(BenchRow row) {
            return true;
        }

        @Override
        public String text() {
            return "-";
        }
    }

    public double ratio() {
        return silkgate / baseline;
    }

    public boolean met() {
        return target.metBy(this);
    }
}
