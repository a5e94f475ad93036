package io.faas.api;

/**
 * An event was refused before it was published: its payload is not JSON, or is too large, or
 * a header or key is not acceptable.
 *
 * @since 0.1
 */
public class InvalidEventException extends FaasException {
    private static final long serialVersionUID = 1L;

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
