package io.faas.api;

/**
 * The invocation is not in a state that allows the operation (for example, redriving one that
 * succeeded or is still running).
 *
 * @since 0.1
 */
public class InvocationStateException extends FaasException {
    private static final long serialVersionUID = 1L;

    public InvocationStateException(String message) {
        super(message);
    }
}
