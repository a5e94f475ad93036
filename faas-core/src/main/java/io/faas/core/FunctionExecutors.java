package io.faas.core;

import io.faas.api.spi.FunctionExecutor;
import io.faas.core.internal.execution.python.ProcessPerEventExecutor;
import io.faas.core.internal.execution.python.PythonWorkerPool;

/**
 * Factories of the built-in {@link io.faas.api.spi.FunctionExecutor}s. Each returned executor is
 * thread-safe, does nothing until {@code start()}, and must be closed.
 *
 * <pre>{@code
 * try (PythonExecutor python = FunctionExecutors.pythonPool(PythonSettings.defaults())) {
 *     python.start();
 *     ExecutionResult result = python.execute(request);
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class FunctionExecutors {

    private FunctionExecutors() {
    }

    /**
     * Python functions in a pool of persistent worker processes that keep loaded code warm;
     * executor name {@code local}, the default for Python.
     */
    public static PythonExecutor pythonPool(PythonSettings settings) {
        return new PythonWorkerPool(settings);
    }

    /**
     * Python functions in a fresh process per call, always cold; executor name {@code process}.
     * Simplest isolation, slowest; kept as a baseline.
     */
    public static PythonExecutor processPerEvent(PythonSettings settings) {
        return new ProcessPerEventExecutor(settings);
    }
}
