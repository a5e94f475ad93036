package io.faas.examples.bench;

import java.util.Locale;

/**
 * One row of the results table.
 *
 * @param name     what was measured, e.g. {@code validator.warm-200-lines.p50}
 * @param figure   the measured value
 * @param unit     unit of figure, baseline and target (e.g. {@code ms})
 * @param baseline the comparison figure measured in the same run, or {@code NaN} when unavailable
 * @param baselineLabel what the baseline is
 * @param target   the figure must be at most this (lower is better)
 * @since 0.1
 */
public record Result(String name, double figure, String unit, double baseline, String baselineLabel, double target) {

    public boolean passed() {
        return figure <= target;
    }

    /** figure / baseline, or NaN without a baseline. */
    public double ratio() {
        return Double.isNaN(baseline) || baseline == 0 ? Double.NaN : figure / baseline;
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }
}
