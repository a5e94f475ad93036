package io.faas.api;

import java.util.Objects;

/**
 * One problem found in a function's source code.
 *
 * @param line     1-based line
 * @param column   1-based column, as pyflakes prints it
 * @param message  message, in pyflakes' words where pyflakes reports the same problem
 * @param severity whether it blocks registration
 * @since 0.1
 */
public record Diagnostic(int line, int column, String message, Severity severity) {

    /** How serious a diagnostic is. */
    public enum Severity {
        /** Blocks registration and update: the code cannot run as written. */
        ERROR,
        /** Reported, but does not block. */
        WARNING
    }

    public Diagnostic {
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0: " + line);
        }
        if (column < 0) {
            throw new IllegalArgumentException("column must be >= 0: " + column);
        }
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(severity, "severity");
    }

    public static Diagnostic error(int line, int column, String message) {
        return new Diagnostic(line, column, message, Severity.ERROR);
    }

    public static Diagnostic warning(int line, int column, String message) {
        return new Diagnostic(line, column, message, Severity.WARNING);
    }

    /** {@code line:column: message}, the way pyflakes prints it after the path. */
    @Override
    public String toString() {
        return line + ":" + column + ": " + message;
    }
}
