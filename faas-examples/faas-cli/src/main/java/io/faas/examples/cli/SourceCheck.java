package io.faas.examples.cli;

/**
 * The local check of {@code faas functions deploy}: what {@code faas validate} checks, one source at
 * a time, with a warm validator between checks. Not thread-safe.
 *
 * <p>Public because {@link PyflakesCheck} implements it from the validator's own class loader
 * ({@link ValidatorLibraries}); this interface and {@link Findings} stay in the CLI's loader, so no
 * GraalPy class is named here.
 *
 * @since 0.1
 */
public interface SourceCheck extends AutoCloseable {

    /**
     * Checks {@code source} as {@code faas validate [--handler HANDLER] PATH} would and prints what
     * it would print, each line once per instance: a second check of the same source with a handler
     * prints only what the contract check adds.
     *
     * @param handler the function to look for, or {@code null} for none
     */
    Findings check(String path, String source, String handler);

    /** Frees the validator (and its class loader). Idempotent. */
    @Override
    void close();

    /** How many of a check's diagnostics block a deploy ({@code errors}) and how many do not. */
    record Findings(int errors, int warnings) {
    }
}
