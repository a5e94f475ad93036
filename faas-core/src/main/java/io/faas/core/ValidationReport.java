package io.faas.core;

import io.faas.api.Diagnostic;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link PythonValidator} found in one source: the diagnostics, and whether the source
 * could be parsed at all. Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ValidationReport {

    /** How far checking got. */
    public enum Outcome {
        /** The source parsed; {@link #diagnostics()} holds every pyflakes-style finding. */
        CHECKED,
        /** The source does not parse; {@link #diagnostics()} holds exactly that one error. */
        SYNTAX_ERROR,
        /** The source could not be read as Python text (e.g. it contains NUL characters). */
        UNREADABLE
    }

    private final Outcome outcome;
    private final List<Diagnostic> diagnostics;
    private final String errorLine;

    public ValidationReport(Outcome outcome, List<Diagnostic> diagnostics, String errorLine) {
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.diagnostics = List.copyOf(diagnostics);
        this.errorLine = errorLine;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Problems in source order, as pyflakes orders them (by line). */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** For a syntax error: the source line Python points at, when it names one. */
    public Optional<String> errorLine() {
        return Optional.ofNullable(errorLine);
    }

    /** Whether any diagnostic is an {@link Diagnostic.Severity#ERROR}. */
    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
    }

    /**
     * The lines pyflakes prints on standard output for this source, under {@code path}: one
     * {@code path:line:col: message} per finding (none for a syntax error).
     */
    public List<String> pyflakesStdout(String path) {
        if (outcome != Outcome.CHECKED) {
            return List.of();
        }
        return diagnostics.stream().map(d -> path + ":" + d).toList();
    }

    /**
     * The lines pyflakes prints on standard error for this source, under {@code path}: for a syntax
     * error its location and message, then the offending line and a caret under the column.
     */
    public List<String> pyflakesStderr(String path) {
        if (outcome == Outcome.CHECKED) {
            return List.of();
        }
        Diagnostic d = diagnostics.get(0);
        if (outcome == Outcome.UNREADABLE) {
            return List.of(path + ": " + d.message());
        }
        List<String> out = new java.util.ArrayList<>();
        out.add(d.column() > 0 ? path + ":" + d : path + ":" + d.line() + ": " + d.message());
        if (errorLine != null) {
            out.add(errorLine);
            if (d.column() > 0) {
                out.add(caretPadding(errorLine, d.column() - 1) + "^");
            }
        }
        return out;
    }

    /** pyflakes blanks every non-space character before the column, keeping tabs and spaces. */
    private static String caretPadding(String line, int width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < width && i < line.length(); i++) {
            char c = line.charAt(i);
            sb.append(Character.isWhitespace(c) ? c : ' ');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "ValidationReport{" + outcome + ", " + diagnostics + "}";
    }
}
