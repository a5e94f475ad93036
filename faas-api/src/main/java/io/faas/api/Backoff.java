package io.faas.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff between attempts: the delay before attempt {@code n + 1} is
 * {@code initial * multiplier^(n - 1)}, capped at {@code max}.
 *
 * @param initial    delay after the first failed attempt, at least 0
 * @param multiplier growth factor, at least 1.0
 * @param max        upper bound for any delay, at least {@code initial}
 * @since 0.1
 */
public record Backoff(Duration initial, double multiplier, Duration max) {

    /** 200 ms, doubling, at most 10 s. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), 2.0, Duration.ofSeconds(10));

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative()) {
            throw new IllegalArgumentException("backoff initial delay must not be negative: " + initial);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("backoff multiplier must be a finite number >= 1.0: " + multiplier);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff max " + max + " is less than initial " + initial);
        }
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
