package io.faas.core.internal.secrets;

import io.faas.api.FunctionRuntime;
import io.faas.api.InvocationError;
import io.faas.api.spi.ExecutionRequest;
import io.faas.api.spi.ExecutionResult;
import io.faas.api.spi.FunctionExecutor;

import java.time.Instant;
import java.util.Map;

/**
 * The one place every attempt passes through on its way to and from an executor: gives the
 * attempt the function's decrypted secrets, and redacts them from the outcome before the
 * dispatcher records or dead-letters it. Does not own the executor it wraps (closing is the
 * owner's). Thread-safe if the wrapped executor is.
 */
public final class SecretsExecutor implements FunctionExecutor {

    private final FunctionExecutor delegate;
    private final SecretSource secrets;

    public SecretsExecutor(FunctionExecutor delegate, SecretSource secrets) {
        this.delegate = delegate;
        this.secrets = secrets;
    }

    public FunctionExecutor delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public boolean supports(FunctionRuntime runtime) {
        return delegate.supports(runtime);
    }

    @Override
    public boolean isRunning() {
        return delegate.isRunning();
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) throws InterruptedException {
        Map<String, String> values;
        try {
            values = secrets.secretsOf(request.function());
        } catch (SecretsUnavailableException e) {
            Instant now = Instant.now();
            return ExecutionResult.failed(InvocationError.of("SecretsUnavailable", e.getMessage()), "", false,
                    false, now, now);
        }
        if (values.isEmpty() && request.secrets().isEmpty()) {
            return delegate.execute(request);
        }
        Map<String, String> all = values;
        if (!request.secrets().isEmpty()) {
            all = new java.util.TreeMap<>(request.secrets());
            all.putAll(values);
        }
        Redactor redactor = Redactor.of(all.values());
        ExecutionResult result;
        try {
            result = delegate.execute(request.withSecrets(all));
        } catch (RuntimeException e) {
            throw redacted(e, redactor);
        }
        return redactor.redact(result);
    }

    /**
     * The executor's own failure as it is, or, when its message holds a secret, a replacement of the
     * same kind (retriable or not) without it and without the cause, which the dispatcher would log.
     */
    private static RuntimeException redacted(RuntimeException e, Redactor redactor) {
        String message = String.valueOf(e.getMessage());
        String clean = redactor.redact(message);
        if (clean.equals(message)) {
            return e;
        }
        if (e instanceof io.faas.api.ServiceUnavailableException) {
            return new io.faas.api.ServiceUnavailableException(clean);
        }
        if (e instanceof io.faas.api.FaasException) {
            return new io.faas.api.FaasException(clean);
        }
        return new IllegalStateException(clean);
    }

    @Override
    public void close() {
        // not owned
    }
}
