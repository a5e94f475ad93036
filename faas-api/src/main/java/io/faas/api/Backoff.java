package io.faas.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff between attempts: the delay before attempt {@code n + 1} is
 * {@code initial * multiplier^(n - 1)}, capped at {@code max}.
 *
 * @param initial    delay after the first failed attempt, whole milliseconds, at least 0
 * @param multiplier growth factor, at least 1.0
 * @param max        upper bound for any delay, whole milliseconds, at least {@code initial} and at
 *                   most {@link #MAX_DELAY}
 * @since 0.1
 */
public record Backoff(Duration initial, double multiplier, Duration max) {

    /** Longest delay between two attempts. */
    public static final Duration MAX_DELAY = Duration.ofDays(1);

    /** 200 ms, doubling, at most 10 s. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), 2.0, Duration.ofSeconds(10));

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || !isWholeMillis(initial)) {
            throw new IllegalArgumentException("backoff initial delay must be whole milliseconds, not negative: "
                    + initial);
        }
        if (max.compareTo(MAX_DELAY) > 0 || !isWholeMillis(max)) {
            throw new IllegalArgumentException("backoff max must be whole milliseconds, at most " + MAX_DELAY + ": "
                    + max);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("backoff multiplier must be a finite number >= 1.0: " + multiplier);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff max " + max + " is less than initial " + initial);
        }
    }

    /**
     * Whether {@code d} is a whole number of milliseconds, as every duration faas stores is: a
     * value it accepts is one it can store and read back unchanged.
     */
    static boolean isWholeMillis(Duration d) {
        return d.getNano() % 1_000_000 == 0;
    }

    /** A fixed delay between attempts. */
    public static Backoff fixed(Duration delay) {
        return new Backoff(delay, 1.0, delay);
    }

    /**
     * Delay to wait after the given failed attempt (1-based) before the next one.
     */
    public Duration delayAfter(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
        }
        double millis = initial.toMillis() * Math.pow(multiplier, attempt - 1);
        if (millis >= max.toMillis()) {
            return max;
        }
        return Duration.ofMillis((long) millis);
    }
}
