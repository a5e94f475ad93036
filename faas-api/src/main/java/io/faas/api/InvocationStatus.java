package io.faas.api;

/**
 * State of one function's run for one event.
 *
 * @since 0.1
 */
public enum InvocationStatus {
    /** Being executed (or waiting for a retry). */
    RUNNING,
    /** The function returned a JSON-serializable result. */
    SUCCEEDED,
    /** The function raised, crashed, returned something that is not JSON, or the event was not JSON. */
    FAILED,
    /** The function ran past its timeout and was stopped. */
    TIMED_OUT;

    /** Whether no further change is expected for this invocation. */
    public boolean isFinal() {
        return this != RUNNING;
    }
}
