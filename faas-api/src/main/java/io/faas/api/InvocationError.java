package io.faas.api;

import java.util.Objects;

/**
 * Why an invocation failed.
 *
 * @param type      exception type, such as {@code ZeroDivisionError}, {@code TimeoutError},
 *                  {@code WorkerCrashed} or {@code InvalidEventPayload}
 * @param message   human-readable message
 * @param traceback stack or traceback text, may be empty
 * @since 0.1
 */
public record InvocationError(String type, String message, String traceback) {
    public InvocationError {
        Objects.requireNonNull(type, "type");
        message = message == null ? "" : message;
        traceback = traceback == null ? "" : traceback;
    }

    public static InvocationError of(String type, String message) {
        return new InvocationError(type, message, "");
    }
}
