package io.faas.api;

/**
 * A function with the given name already exists.
 *
 * @since 0.1
 */
public class DuplicateFunctionException extends FaasException {
    private static final long serialVersionUID = 1L;
    private final String function;

    public DuplicateFunctionException(String function) {
        super("function '" + function + "' already exists");
        this.function = function;
    }

    public DuplicateFunctionException(String function, String reason) {
        super("function '" + function + "' already exists: " + reason);
        this.function = function;
    }

    /** Name that is taken. */
    public String function() {
        return function;
    }
}
