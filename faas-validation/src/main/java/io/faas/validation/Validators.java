package io.faas.validation;

import io.faas.core.PythonValidator;
import io.faas.validation.internal.GraalPyValidator;

import java.util.Objects;

/**
 * Creates {@link PythonValidator}s.
 *
 * <pre>{@code
 * try (PythonValidator validator = Validators.graalPy()) {
 *     validator.start();
 *     List<Diagnostic> problems = validator.validateFunction("handler.py", source, "handler");
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class Validators {
    private Validators() {
    }

    /** A GraalPy-backed validator with {@link ValidatorSettings#defaults()}; call {@code start()} before use. */
    public static PythonValidator graalPy() {
        return graalPy(ValidatorSettings.defaults());
    }

    /** A GraalPy-backed validator; call {@code start()} before use. */
    public static PythonValidator graalPy(ValidatorSettings settings) {
        return new GraalPyValidator(Objects.requireNonNull(settings, "settings"));
    }
}
