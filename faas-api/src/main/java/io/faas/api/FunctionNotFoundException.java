package io.faas.api;

/**
 * No function with the given name (or version) is registered.
 *
 * @since 0.1
 */
public class FunctionNotFoundException extends FaasException {
    private static final long serialVersionUID = 1L;
    private final String function;

    public FunctionNotFoundException(String function) {
        super("function '" + function + "' does not exist");
        this.function = function;
    }

    public FunctionNotFoundException(String function, int version) {
        super("function '" + function + "' has no version " + version);
        this.function = function;
    }

    /** Name of the function that was looked up. */
    public String function() {
        return function;
    }
}
