package io.faas.core.internal.validation;

import io.faas.core.ValidationReport;

/** Finds syntax that Python 3.12 accepts and 3.11 refuses. */
final class NewerSyntax {
    private NewerSyntax() {
    }

    static ValidationReport find(PyNode module, String source, SourceLines lines) {
        return null;
    }
}
