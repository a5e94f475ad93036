package io.faas.core.internal.secrets;

import io.faas.api.FaasException;

/** A stored secret cannot be decrypted (another key) or the key cannot be loaded. */
public final class SecretsUnavailableException extends FaasException {
    private static final long serialVersionUID = 1L;

    public SecretsUnavailableException(String message) {
        super(message);
    }

    public SecretsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
