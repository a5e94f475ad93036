package io.faas.api.spi;

import io.faas.api.InvocationError;
import io.faas.api.InvocationStatus;

import java.time.Instant;
import java.util.Objects;

/**
 * Outcome of one attempt.
 *
 * @param status        SUCCEEDED, FAILED or TIMED_OUT
 * @param result        JSON text of the return value when SUCCEEDED, else {@code null}
 * @param error         why it failed, else {@code null}
 * @param logs          captured output, at most the requested cap
 * @param logsTruncated whether output was cut at the cap
 * @param coldStart     whether the function's code had to be loaded for this attempt
 * @param startedAt     when the attempt started
 * @param finishedAt    when it ended
 * @since 0.1
 */
public record ExecutionResult(InvocationStatus status, String result, InvocationError error, String logs,
                              boolean logsTruncated, boolean coldStart, Instant startedAt, Instant finishedAt) {

    public ExecutionResult {
        Objects.requireNonNull(status, "status");
        if (status == InvocationStatus.RUNNING) {
            throw new IllegalArgumentException("an attempt's outcome cannot be RUNNING");
        }
        if (status == InvocationStatus.SUCCEEDED) {
            Objects.requireNonNull(result, "result of a SUCCEEDED attempt");
        } else {
            Objects.requireNonNull(error, "error of a " + status + " attempt");
        }
        logs = logs == null ? "" : logs;
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    public static ExecutionResult succeeded(String resultJson, String logs, boolean logsTruncated, boolean coldStart,
                                            Instant startedAt, Instant finishedAt) {
        return new ExecutionResult(InvocationStatus.SUCCEEDED, resultJson, null, logs, logsTruncated, coldStart,
                startedAt, finishedAt);
    }

    public static ExecutionResult failed(InvocationError error, String logs, boolean logsTruncated, boolean coldStart,
                                         Instant startedAt, Instant finishedAt) {
        return new ExecutionResult(InvocationStatus.FAILED, null, error, logs, logsTruncated, coldStart, startedAt,
                finishedAt);
    }

    public static ExecutionResult timedOut(InvocationError error, String logs, boolean logsTruncated,
                                           boolean coldStart, Instant startedAt, Instant finishedAt) {
        return new ExecutionResult(InvocationStatus.TIMED_OUT, null, error, logs, logsTruncated, coldStart,
                startedAt, finishedAt);
    }
}
