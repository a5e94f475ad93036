package io.faas.core.internal.secrets;

import io.faas.api.FunctionVersion;

import java.util.Map;

/** The decrypted secrets of a function, looked up for each attempt. Thread-safe. */
@FunctionalInterface
public interface SecretSource {

    SecretSource NONE = function -> Map.of();

    /**
     * @throws SecretsUnavailableException if a stored secret cannot be decrypted
     */
    Map<String, String> secretsOf(FunctionVersion function);
}
