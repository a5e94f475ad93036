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
     */
    List<Diagnostic> validate(String fileName, String source);
}
