package io.faas.core;

import io.faas.api.CodeValidator;
import io.faas.api.PayloadTooLargeException;

/**
 * A {@link CodeValidator} for Python sources that holds interpreter resources, so it has a
 * lifecycle: {@link #start()} creates and warms them, {@link #close()} frees them.
 *
 * <p>Sources are parsed, never compiled to bytecode or run. Findings match what pyflakes 2.5.0 on
 * CPython 3.11 prints, message for message; syntax errors and undefined names are
 * {@link io.faas.api.Diagnostic.Severity#ERROR}s, style problems are warnings.
 *
 * <p>Implementations are thread-safe: validations may run concurrently from any number of threads
 * (as many at once as the pool has contexts; the rest wait). No user code runs on any thread.
 *
 * @since 0.1
 */
public interface PythonValidator extends CodeValidator, AutoCloseable {

    /**
     * Creates and warms the first interpreter context; returns when the validator is ready to
     * validate. The pool's other contexts are created and warmed on a background thread and join
     * it as they become ready (until then, concurrent validations wait for a free context). Calling
     * it on a running validator does nothing.
     *
     * @throws IllegalStateException if the validator was closed
     */
    void start();

    /** Whether {@link #start()} completed and {@link #close()} was not called. */
    boolean isRunning();

    /**
     * Like {@link #validate(String, String)}, with whether the source parsed at all.
     *
     * @throws PayloadTooLargeException if the source is over the size limit
     * @throws IllegalStateException    if the validator is not running
     */
    ValidationReport check(String fileName, String source);

    /** Frees the interpreter contexts. Idempotent; bounded in time. */
    @Override
    void close();
}
