package io.faas.spring.boot.autoconfigure;

import io.faas.api.Backoff;
import io.faas.api.FunctionSpec;

import java.time.Duration;
import java.util.Objects;

/**
 * What a function gets when its declaration leaves a value out: the timeout of one attempt, the
 * number of attempts and the backoff between them ({@code faas.dispatcher.default-timeout},
 * {@code faas.dispatcher.max-attempts}, {@code faas.dispatcher.backoff.*}). Used for
 * {@code @FaasFunction} beans and by APIs built on the starter.
 *
 * @param timeout     timeout of one attempt
 * @param maxAttempts attempts per invocation
 * @param backoff     delays between attempts
 * @since 0.1
 */
public record FaasFunctionDefaults(Duration timeout, int maxAttempts, Backoff backoff) {

    public FaasFunctionDefaults {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(backoff, "backoff");
    }

    /** A spec builder for {@code name} with these defaults applied. */
    public FunctionSpec.Builder builder(String name) {
        return FunctionSpec.builder(name).timeout(timeout).maxAttempts(maxAttempts).backoff(backoff);
    }
}
