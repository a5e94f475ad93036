package io.faas.examples.bench;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One row of the results table.
 *
 * @param name          what was measured, e.g. {@code validator.warm-200-lines.p50}
 * @param figure        the measured value (a median over rounds unless the name says otherwise)
 * @param unit          unit of figure and baseline (e.g. {@code ms}, {@code ev/s})
 * @param baseline      the comparison figure measured in the same run, or {@code NaN}
 * @param baselineLabel what the baseline is
 * @param ratio         ours relative to the baseline: the median of per-round ratios when the
 *                      rounds were paired, else figure / baseline; {@code NaN} without a baseline
 * @param target        what the row must reach
 * @param rounds        the figure of each round, in run order (may be empty)
 * @param baselineRounds the baseline's figure of each round, in run order (may be empty)
 * @param note          how it was measured, for the JSON file (may be empty)
 * @since 0.1
 */
public record Result(String name, double figure, String unit, double baseline, String baselineLabel, double ratio,
                     Target target, List<Double> rounds, List<Double> baselineRounds, String note) {

    public Result {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        baselineLabel = baselineLabel == null ? "" : baselineLabel;
        Objects.requireNonNull(target, "target");
        rounds = List.copyOf(rounds);
        baselineRounds = List.copyOf(baselineRounds);
        note = note == null ? "" : note;
    }

    /** A row whose figure must be at most {@code target}; ratio is figure / baseline. */
    public Result(String name, double figure, String unit, double baseline, String baselineLabel, double target) {
        this(name, figure, unit, baseline, baselineLabel, plainRatio(figure, baseline), Target.atMost(target),
                List.of(), List.of(), "");
    }

    /**
     * A row from paired rounds: figure and baseline are the medians of their rounds, the ratio
     * the median of the per-round ratios.
     */
    static Result paired(String name, String unit, double[] ours, double[] baseline, String baselineLabel,
                         Target target, String note) {
        return new Result(name, Stats.median(ours), unit, Stats.median(baseline), baselineLabel,
                Stats.pairedRatio(ours, baseline), target, boxed(ours), boxed(baseline), note);
    }

    /** A row without a baseline. */
    static Result single(String name, double figure, String unit, Target target, List<Double> rounds, String note) {
        return new Result(name, figure, unit, Double.NaN, "", Double.NaN, target, rounds, List.of(), note);
    }

    public boolean passed() {
        return target.passed(figure, ratio);
    }

    /** Whether the row has a target at all. */
    public boolean hasTarget() {
        return target.kind() != Target.Kind.NONE;
    }

    private static double plainRatio(double figure, double baseline) {
        return Double.isNaN(baseline) || baseline == 0 ? Double.NaN : figure / baseline;
    }

    static List<Double> boxed(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }
}
