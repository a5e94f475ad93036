package io.faas.api;

/**
 * Writes lines into the current invocation's logs (capped; see {@link Invocation#logsTruncated()}).
 * Thread-safe.
 *
 * @since 0.1
 */
public interface FunctionLogger {

    void info(String message);

    void warn(String message);

    void error(String message);
}
