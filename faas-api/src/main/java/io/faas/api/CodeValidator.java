package io.faas.api;

import java.util.List;

/**
 * Checks function source code without running it.
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1
 */
public interface CodeValidator {

    /**
     * Returns every problem found, in source order; empty when the code is clean.
     *
     * @param fileName name shown in messages (not read from disk)
     * @param source   the code
     * @throws PayloadTooLargeException if the source is over the validator's size limit
     */
    List<Diagnostic> validate(String fileName, String source);

    /**
     * {@link #validate(String, String)} plus the function contract: the module defines
     * {@code handlerName} as a function that takes two arguments ({@code event, context}).
     * The default adds no contract checks.
     *
     * @throws PayloadTooLargeException if the source is over the validator's size limit
     */
    default List<Diagnostic> validateFunction(String fileName, String source, String handlerName) {
        return validate(fileName, source);
    }
}
