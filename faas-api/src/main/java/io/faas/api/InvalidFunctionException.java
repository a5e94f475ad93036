package io.faas.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A function's code or specification was refused. For code, {@link #diagnostics()} lists every
 * problem found (line, column, message, severity); for a bad specification it may be empty.
 *
 * @since 0.1
 */
public class InvalidFunctionException extends FaasException {
    private static final long serialVersionUID = 1L;
    private final String function;
    private final transient List<Diagnostic> diagnostics;

    public InvalidFunctionException(String function, String message) {
        this(function, message, List.of());
    }

    public InvalidFunctionException(String function, List<Diagnostic> diagnostics) {
        this(function, summary(diagnostics), diagnostics);
    }

    public InvalidFunctionException(String function, String message, List<Diagnostic> diagnostics) {
        super("function '" + function + "' is invalid: " + message);
        this.function = function;
        this.diagnostics = List.copyOf(diagnostics);
    }

    private static String summary(List<Diagnostic> diagnostics) {
        return diagnostics.stream()
                .filter(d -> d.severity() == Diagnostic.Severity.ERROR)
                .map(Diagnostic::toString)
                .collect(Collectors.joining("; "));
    }

    /** Name of the refused function. */
    public String function() {
        return function;
    }

    /** Every problem found in the code, in source order; empty when the specification was at fault. */
    public List<Diagnostic> diagnostics() {
        return diagnostics == null ? List.of() : diagnostics;
    }
}
