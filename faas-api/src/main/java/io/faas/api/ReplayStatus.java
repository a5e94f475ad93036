package io.faas.api;

/**
 * State of a {@link Replay}.
 *
 * @since 0.2
 */
public enum ReplayStatus {
    /** Events are being run. */
    RUNNING,
    /** Every event up to the end has its record. */
    DONE,
    /** Stopped by a cancel; what was recorded stays. */
    CANCELLED,
    /** Stopped by an error, or the instance running it went away. */
    FAILED
}
