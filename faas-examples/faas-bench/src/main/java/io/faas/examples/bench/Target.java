package io.faas.examples.bench;

import java.util.Locale;

/**
 * What a row must reach: a bound on its figure or on its ratio to the baseline, or nothing (a
 * row that is only reported).
 *
 * @param kind  which quantity is bounded, and how
 * @param value the bound
 * @since 0.1
 */
public record Target(Kind kind, double value) {

    /** Which quantity a target bounds, and from which side. */
    public enum Kind {
        FIGURE_AT_MOST, FIGURE_AT_LEAST, RATIO_AT_MOST, RATIO_AT_LEAST, NONE
    }

    private static final Target NONE = new Target(Kind.NONE, Double.NaN);

    public static Target atMost(double value) {
        return new Target(Kind.FIGURE_AT_MOST, value);
    }

    public static Target atLeast(double value) {
        return new Target(Kind.FIGURE_AT_LEAST, value);
    }

    public static Target ratioAtMost(double value) {
        return new Target(Kind.RATIO_AT_MOST, value);
    }

    public static Target ratioAtLeast(double value) {
        return new Target(Kind.RATIO_AT_LEAST, value);
    }

    /** No target: the row is reported and always counts as passed. */
    public static Target none() {
        return NONE;
    }

    /** Whether a figure and ratio meet this target; a missing (NaN) bounded quantity never does. */
    public boolean passed(double figure, double ratio) {
        return switch (kind) {
            case FIGURE_AT_MOST -> figure <= value;
            case FIGURE_AT_LEAST -> figure >= value;
            case RATIO_AT_MOST -> ratio <= value;
            case RATIO_AT_LEAST -> ratio >= value;
            case NONE -> true;
        };
    }

    /** For the table: {@code <= 20.0 ms}, {@code >= 50x}, {@code <= 1.50x}, or {@code -}. */
    public String describe(String unit) {
        return switch (kind) {
            case FIGURE_AT_MOST -> "<= " + Result.format(value) + " " + unit;
            case FIGURE_AT_LEAST -> ">= " + Result.format(value) + " " + unit;
            case RATIO_AT_MOST -> "<= " + Result.format(value) + "x";
            case RATIO_AT_LEAST -> ">= " + Result.format(value) + "x";
            case NONE -> "-";
        };
    }

    /** For the JSON file: {@code figure <= 20}, {@code ratio >= 50}, or {@code none}. */
    public String expression() {
        return switch (kind) {
            case FIGURE_AT_MOST -> "figure <= " + plain(value);
            case FIGURE_AT_LEAST -> "figure >= " + plain(value);
            case RATIO_AT_MOST -> "ratio <= " + plain(value);
            case RATIO_AT_LEAST -> "ratio >= " + plain(value);
            case NONE -> "none";
        };
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
