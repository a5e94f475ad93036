package io.faas.api;

/**
 * Root of every exception that faas throws. Unchecked; vendor exceptions (Kafka, MongoDB, ...)
 * are chained as the cause and never appear in a signature.
 *
 * @since 0.1
 */
public class FaasException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FaasException(String message) {
        super(message);
    }

    public FaasException(String message, Throwable cause) {
        super(message, cause);
    }
}
