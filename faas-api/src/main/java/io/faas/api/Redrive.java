package io.faas.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One redrive of an invocation, as kept in its history ({@link Invocation#redrives()}).
 *
 * @param number          1 for the first redrive, and so on
 * @param requestedAt     when it was requested
 * @param replacedStatus  the final status it replaced: FAILED or TIMED_OUT
 * @param replacedError   the error it replaced
 * @param replacedVersion the function version that had produced it
 * @since 0.2
 */
public record Redrive(int number, Instant requestedAt, InvocationStatus replacedStatus, InvocationError replacedError,
                      int replacedVersion) {

    public Redrive {
        if (number < 1) {
            throw new IllegalArgumentException("redrive number must be >= 1: " + number);
        }
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(replacedStatus, "replacedStatus");
    }
}
