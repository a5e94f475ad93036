package io.faas.api;

/**
 * Another caller changed the same function at the same time; read it again and retry.
 *
 * @since 0.1
 */
public class ConcurrentUpdateException extends RetriableFaasException {
    private static final long serialVersionUID = 1L;

    public ConcurrentUpdateException(String message) {
        super(message);
    }
}
