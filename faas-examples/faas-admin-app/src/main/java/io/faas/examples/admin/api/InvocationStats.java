package io.faas.examples.admin.api;

import io.faas.api.Invocation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Counts, error rate and duration percentiles of a set of ledger records, in total and per time
 * bucket. Pure arithmetic over what the ledger returned; the caller decides which records.
 */
final class InvocationStats {

    private InvocationStats() {
    }

    /**
     * Totals of some invocations. {@code errorRate} is FAILED + TIMED_OUT over the finished ones,
     * and it and the percentiles are {@code null} when nothing finished (a gap in a chart, not a zero).
     */
    record Summary(long invocations, long succeeded, long failed, long timedOut, long running, Double errorRate,
                   Long p50Ms, Long p95Ms) {
    }

    /** The invocations queued in {@code [start, start + width)}. */
    record Bucket(Instant start, long invocations, long errors, Double errorRate, Long p50Ms, Long p95Ms) {
    }

    static Summary summarize(Collection<Invocation> invocations) {
        long succeeded = 0;
        long failed = 0;
        long timedOut = 0;
        long running = 0;
        long[] durations = new long[invocations.size()];
        int n = 0;
        for (Invocation i : invocations) {
            switch (i.status()) {
                case SUCCEEDED -> succeeded++;
                case FAILED -> failed++;
                case TIMED_OUT -> timedOut++;
                case RUNNING -> running++;
            }
            if (i.status().isFinal() && i.durationMs() >= 0) {
                durations[n++] = i.durationMs();
            }
        }
        long finished = succeeded + failed + timedOut;
        long[] sorted = Arrays.copyOf(durations, n);
        Arrays.sort(sorted);
        return new Summary(invocations.size(), succeeded, failed, timedOut, running,
                finished == 0 ? null : (double) (failed + timedOut) / finished,
                percentile(sorted, 50), percentile(sorted, 95));
    }

    /**
     * {@code count} buckets of equal width covering {@code [from, to)}; records queued outside it
     * are left out.
     */
    static List<Bucket> buckets(Collection<Invocation> invocations, Instant from, Instant to, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("'to' " + to + " must be after 'from' " + from);
        }
        long widthNanos = Math.max(1, Duration.between(from, to).toNanos() / count);
        List<List<Invocation>> slots = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            slots.add(new ArrayList<>());
        }
        for (Invocation i : invocations) {
            if (i.queuedAt().isBefore(from) || !i.queuedAt().isBefore(to)) {
                continue;
            }
            long index = Duration.between(from, i.queuedAt()).toNanos() / widthNanos;
            slots.get((int) Math.min(index, count - 1)).add(i);
        }
        List<Bucket> buckets = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            Summary s = summarize(slots.get(b));
            buckets.add(new Bucket(from.plusNanos(widthNanos * b), s.invocations(), s.failed() + s.timedOut(),
                    s.errorRate(), s.p50Ms(), s.p95Ms()));
        }
        return buckets;
    }

    /** Nearest-rank percentile of sorted values, {@code null} when there are none. */
    static Long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
