package io.faas.core;

import io.faas.api.spi.FunctionExecutor;

/**
 * A {@link FunctionExecutor} that runs Python functions in local {@code python3} processes and
 * reports on them. Get one from {@link FunctionExecutors}.
 *
 * <p>Thread-safe. User code never runs on a JVM thread: it runs in a separate Python process,
 * while the calling thread waits for the answer.
 *
 * @since 0.1
 */
public interface PythonExecutor extends FunctionExecutor {

    /** Settings this executor was built with. */
    PythonSettings settings();

    /** Current numbers of workers and counters; never blocks on a running call. */
    PythonPoolStats stats();
}
