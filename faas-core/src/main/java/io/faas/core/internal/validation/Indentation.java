package io.faas.core.internal.validation;

/** Where CPython reports "unexpected indent" (GraalPy points at the wrong line). */
final class Indentation {
    private Indentation() {
    }

    /** {line, column} of the first unexpected indent, or null if none is found. */
    static int[] unexpectedIndent(SourceLines lines) {
        return null;
    }
}
