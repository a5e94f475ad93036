package io.faas.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One attempt of an invocation, as kept in its history ({@link Invocation#history()}).
 *
 * @param number        attempt number within its run, from 1
 * @param redrive       which run it belongs to: 0 for the event's delivery, n for the n-th redrive
 * @param status        how the attempt ended: SUCCEEDED, FAILED or TIMED_OUT
 * @param error         why it failed; {@code null} if it succeeded
 * @param logs          what it printed or logged, cut at {@link #LOG_LIMIT} characters
 * @param logsTruncated whether the logs were cut (here or at the executor's cap)
 * @param startedAt     when it started
 * @param finishedAt    when it ended
 * @param executor      name of the executor that ran it
 * @since 0.2
 */
public record Attempt(int number, int redrive, InvocationStatus status, InvocationError error, String logs,
                      boolean logsTruncated, Instant startedAt, Instant finishedAt, String executor) {

    /** Most characters of logs an attempt keeps in the history (the record keeps the last attempt's in full). */
    public static final int LOG_LIMIT = 4096;

    public Attempt {
        if (number < 1) {
            throw new IllegalArgumentException("attempt number must be >= 1: " + number);
        }
        if (redrive < 0) {
            throw new IllegalArgumentException("redrive must be >= 0: " + redrive);
        }
        Objects.requireNonNull(status, "status");
        if (status == InvocationStatus.RUNNING) {
            throw new IllegalArgumentException("an attempt in the history has ended; RUNNING is not an outcome");
        }
        if (status != InvocationStatus.SUCCEEDED && error == null) {
            throw new IllegalArgumentException("a " + status + " attempt needs an error");
        }
        logs = logs == null ? "" : logs;
        if (logs.length() > LOG_LIMIT) {
            logs = logs.substring(0, LOG_LIMIT);
            logsTruncated = true;
        }
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        executor = executor == null ? "" : executor;
    }

    /** The same attempt, counted in another run. */
    public Attempt inRedrive(int redrive) {
        return new Attempt(number, redrive, status, error, logs, logsTruncated, startedAt, finishedAt, executor);
    }

    /** Time from start to end of the attempt. */
    public long durationMs() {
        return Duration.between(startedAt, finishedAt).toMillis();
    }
}
