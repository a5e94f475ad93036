package io.faas.core.internal.secrets;

import io.faas.api.Event;
import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.InvocationStatus;
import io.faas.api.ServiceUnavailableException;
import io.faas.api.spi.ExecutionRequest;
import io.faas.api.spi.ExecutionResult;
import io.faas.api.spi.FunctionExecutor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsExecutorTest {

    private static final FunctionVersion FUNCTION = new FunctionVersion(
            FunctionSpec.builder("f").environment("MODE", "fast").build().withSecretNames(java.util.Set.of("TOKEN")),
            1, "x", "h", Instant.now());
    private static final ExecutionRequest REQUEST = new ExecutionRequest(FUNCTION,
            new Event("e", "t", 0, 0, null, "{}", Map.of(), Instant.now()), 1, Duration.ofSeconds(1), 1024);

    @Test
    void theAttemptGetsTheSecretsAndItsOutcomeIsRedacted() throws Exception {
        AtomicReference<ExecutionRequest> seen = new AtomicReference<>();
        SecretsExecutor executor = new SecretsExecutor(executor(request -> {
            seen.set(request);
            return ExecutionResult.succeeded("\"" + request.environment().get("TOKEN") + "\"", "", false, false,
                    Instant.now(), Instant.now());
        }), function -> Map.of("TOKEN", "s3cr3t"));

        ExecutionResult result = executor.execute(REQUEST);

        assertThat(seen.get().environment()).containsEntry("MODE", "fast").containsEntry("TOKEN", "s3cr3t");
        assertThat(result.result()).isEqualTo("\"***\"");
    }

    @Test
    void secretsThatDoNotOpenFailTheAttemptWithoutRunningIt() throws Exception {
        SecretsExecutor executor = new SecretsExecutor(executor(request -> {
            throw new AssertionError("must not run");
        }), function -> {
            throw new SecretsUnavailableException("secret TOKEN of function 'f' cannot be decrypted");
        });

        ExecutionResult result = executor.execute(REQUEST);

        assertThat(result.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(result.error().type()).isEqualTo("SecretsUnavailable");
        assertThat(result.error().message()).isEqualTo("secret TOKEN of function 'f' cannot be decrypted");
    }

    @Test
    void anExecutorFailureThatNamesASecretIsRethrownWithoutIt() {
        SecretsExecutor executor = new SecretsExecutor(executor(request -> {
            throw new ServiceUnavailableException("worker said s3cr3t", new RuntimeException("s3cr3t"));
        }), function -> Map.of("TOKEN", "s3cr3t"));

        assertThatThrownBy(() -> executor.execute(REQUEST)).isInstanceOf(ServiceUnavailableException.class)
                .hasMessage("worker said ***").hasNoCause();
    }

    private interface Body {
        ExecutionResult run(ExecutionRequest request);
    }

    private static FunctionExecutor executor(Body body) {
        return new FunctionExecutor() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public boolean supports(FunctionRuntime runtime) {
                return true;
            }

            @Override
            public boolean isRunning() {
                return true;
            }

            @Override
            public ExecutionResult execute(ExecutionRequest request) {
                return body.run(request);
            }

            @Override
            public void close() {
            }
        };
    }
}
