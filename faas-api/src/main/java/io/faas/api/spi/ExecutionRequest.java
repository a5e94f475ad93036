package io.faas.api.spi;

import io.faas.api.Event;
import io.faas.api.FunctionVersion;

import java.time.Duration;
import java.util.Objects;

/**
 * One attempt to run.
 *
 * @param function      function version to run
 * @param event         the event; its payload is valid JSON
 * @param attempt       1-based attempt number
 * @param timeout       how long this attempt may run before it is stopped
 * @param logLimitBytes cap of the captured logs, in bytes of UTF-8
 * @since 0.1
 */
public record ExecutionRequest(FunctionVersion function, Event event, int attempt, Duration timeout,
                               int logLimitBytes) {
    public ExecutionRequest {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(event, "event");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (logLimitBytes < 0) {
            throw new IllegalArgumentException("logLimitBytes must be >= 0: " + logLimitBytes);
        }
    }
}
