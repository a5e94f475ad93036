package io.faas.api;

/**
 * Kafka, MongoDB or an execution host could not be reached or did not answer in time.
 *
 * @since 0.1
 */
public class ServiceUnavailableException extends RetriableFaasException {
    private static final long serialVersionUID = 1L;

    public ServiceUnavailableException(String message) {
        super(message);
    }

    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
