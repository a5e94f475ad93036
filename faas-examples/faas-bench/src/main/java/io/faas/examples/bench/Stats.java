package io.faas.examples.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics of measured samples. Stateless. */
final class Stats {

    private Stats() {
    }

    static double median(double[] values) {
        return percentile(values, 50);
    }

    static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * The nearest-rank percentile: the smallest sample with at least {@code p} percent of the
     * samples at or below it. NaN for no samples.
     */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /**
     * The median of the per-round ratios {@code ours[i] / baseline[i]}: rounds are measured back
     * to back, so a round's ratio cancels most of what the machine's load did to both sides.
     */
    static double pairedRatio(double[] ours, double[] baseline) {
        if (ours.length != baseline.length) {
            throw new IllegalArgumentException("rounds differ: " + ours.length + " vs " + baseline.length);
        }
        double[] ratios = ratios(ours, baseline);
        return ratios.length == 0 ? Double.NaN : median(ratios);
    }

    static double[] ratios(double[] ours, double[] baseline) {
        double[] ratios = new double[Math.min(ours.length, baseline.length)];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = baseline[i] == 0 ? Double.NaN : ours[i] / baseline[i];
        }
        return ratios;
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }
}
