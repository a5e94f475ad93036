package io.faas.api;

/**
 * A failure that may succeed when the same call is made again later: a broker or database
 * that could not be reached, a worker that could not be started, a concurrent update.
 *
 * @since 0.1
 */
public abstract class RetriableFaasException extends FaasException {
    private static final long serialVersionUID = 1L;

    protected RetriableFaasException(String message) {
        super(message);
    }

    protected RetriableFaasException(String message, Throwable cause) {
        super(message, cause);
    }
}
