package io.faas.api;

/**
 * No ledger record has the given id.
 *
 * @since 0.1
 */
public class InvocationNotFoundException extends FaasException {
    private static final long serialVersionUID = 1L;

    public InvocationNotFoundException(String id) {
        super("invocation '" + id + "' does not exist");
    }
}
