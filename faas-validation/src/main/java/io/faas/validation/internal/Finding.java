package io.faas.validation.internal;

import io.faas.api.Diagnostic;

/** A checker message before it becomes a {@link Diagnostic}; {@code kind} names the pyflakes message class. */
record Finding(int line, int col, String kind, String text, Diagnostic.Severity severity) {

    Diagnostic toDiagnostic() {
        return new Diagnostic(line, col, text, severity);
    }
}
