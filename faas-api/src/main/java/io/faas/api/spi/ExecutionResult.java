package io.faas.api.spi;

import io.faas.api.InvocationError;
import io.faas.api.InvocationStatus;

import java.time.Instant;
import java.util.Map;
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
 * @param itemErrors    for a SUCCEEDED batch call, the events the handler failed one by one, by
 *                      their index in the batch (their place in {@code result}, a JSON array, is
 *                      {@code null}); empty otherwise (since 0.2)
 * @since 0.1
 */
public record ExecutionResult(InvocationStatus status, String result, InvocationError error, String logs,
                              boolean logsTruncated, boolean coldStart, Instant startedAt, Instant finishedAt,
                              Map<Integer, InvocationError> itemErrors) {

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
        itemErrors = itemErrors == null || itemErrors.isEmpty() ? Map.of() : Map.copyOf(itemErrors);
    }

    /** An outcome without per-event failures. */
    public ExecutionResult(InvocationStatus status, String result, InvocationError error, String logs,
                           boolean logsTruncated, boolean coldStart, Instant startedAt, Instant finishedAt) {
        this(status, result, error, logs, logsTruncated, coldStart, startedAt, finishedAt, Map.of());
    }

    /**
     * This outcome with the events of a batch that the handler failed one by one.
     *
     * @since 0.2
     */
    public ExecutionResult withItemErrors(Map<Integer, InvocationError> itemErrors) {
        return new ExecutionResult(status, result, error, logs, logsTruncated, coldStart, startedAt, finishedAt,
                itemErrors);
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
