package io.faas.core;

import io.faas.core.internal.common.SettingsChecks;
import io.faas.core.internal.execution.python.CompileValidator;
import io.faas.core.spi.ValidatorProvider;

import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Creates the {@link PythonValidator}s a client checks sources with. Each returned validator is
 * thread-safe, does nothing until {@code start()}, and must be closed.
 *
 * <pre>{@code
 * try (PythonValidator validator = CodeValidators.create(PythonSettings.defaults(), 1 << 20)) {
 *     validator.start();
 *     List<Diagnostic> problems = validator.validateFunction("handler.py", source, "handler");
 * }
 * }</pre>
 *
 * @since 0.2
 */
public final class CodeValidators {

    /** Longest a compiler check may take before the source is reported as not checkable. */
    static final Duration COMPILE_TIMEOUT = Duration.ofSeconds(10);

    private CodeValidators() {
    }

    /**
     * The best validator on the class path: the first {@link ValidatorProvider} found by
     * {@link ServiceLoader} (the {@code faas-validation} artifact's GraalPy validator, with
     * pyflakes' checks), else {@link #compiler(PythonSettings, long)}.
     */
    public static PythonValidator create(PythonSettings python, long maxSourceBytes) {
        Iterator<ValidatorProvider> providers = ServiceLoader.load(ValidatorProvider.class,
                CodeValidators.class.getClassLoader()).iterator();
        if (providers.hasNext()) {
            return providers.next().create(maxSourceBytes);
        }
        return compiler(python, maxSourceBytes);
    }

    /**
     * Syntax and handler checks by CPython's own compiler, in a warm process of the interpreter
     * {@code python} configures: sources are compiled, never run. Syntax errors are reported as
     * pyflakes reports them; pyflakes' other checks (undefined names, unused imports, ...) need
     * the {@code faas-validation} artifact.
     */
    public static PythonValidator compiler(PythonSettings python, long maxSourceBytes) {
        Objects.requireNonNull(python, "python");
        SettingsChecks.atLeast("maxSourceBytes", maxSourceBytes, 1);
        return new CompileValidator(python, maxSourceBytes, COMPILE_TIMEOUT);
    }
}
