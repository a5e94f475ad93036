package io.faas.core.internal.dispatch;

import io.faas.core.internal.registry.RegistrySnapshot;
import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.Topic;
import io.faas.api.spi.ExecutionRequest;
import io.faas.api.spi.ExecutionResult;
import io.faas.api.spi.FunctionExecutor;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutorRouterTest {

    private static FunctionExecutor executor(String name, FunctionRuntime runtime) {
        return new FunctionExecutor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean supports(FunctionRuntime r) {
                return r == runtime;
            }

            @Override
            public boolean isRunning() {
                return true;
            }

            @Override
            public ExecutionResult execute(ExecutionRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
            }
        };
    }

    private static final ExecutorRouter ROUTER = new ExecutorRouter(
            List.of(executor("local", FunctionRuntime.PYTHON), executor("java", FunctionRuntime.JAVA),
                    executor("ssh:fast", FunctionRuntime.PYTHON), executor("ssh:slow", FunctionRuntime.PYTHON)),
            Map.of(FunctionRuntime.PYTHON, "local", FunctionRuntime.JAVA, "java"),
            Map.of("premium", "ssh:fast"));

    private static FunctionVersion python(String name, String executor, String... topics) {
        return new FunctionVersion(FunctionSpec.builder(name).topics(topics).executor(executor).build(), 1, "x",
                "h", Instant.now());
    }

    @Test
    void theFunctionsOwnExecutorWinsThenTheTopicsTierThenTheRuntimeDefault() {
        FunctionVersion own = python("own", "ssh:slow", "premium");
        FunctionVersion tiered = python("tiered", null, "premium", "basic");
        FunctionVersion java = new FunctionVersion(FunctionSpec.java("j", "premium"), 1, null, "h", Instant.now());

        assertThat(ROUTER.nameFor(own, "premium")).isEqualTo("ssh:slow");
        assertThat(ROUTER.nameFor(tiered, "premium")).isEqualTo("ssh:fast");
        assertThat(ROUTER.nameFor(tiered, "basic")).isEqualTo("local"); // same function, another topic
        assertThat(ROUTER.nameFor(java, "premium")).isEqualTo("java"); // the tier's pool cannot run Java
        assertThat(ROUTER.route(tiered, "premium")).get().extracting(FunctionExecutor::name).isEqualTo("ssh:fast");
        assertThat(ROUTER.route(python("missing", "ssh:none", "basic"), "basic")).isEmpty();
    }

    @Test
    void topicsRoutedToAnExecutorComeFromBindingsAndFromFunctionsThatNameIt() {
        FunctionVersion own = python("own", "ssh:slow", "reports");
        FunctionVersion tiered = python("tiered", null, "basic");
        RegistrySnapshot snapshot = new RegistrySnapshot(List.of(Topic.of("reports"), Topic.of("basic"),
                Topic.of("premium")), List.of(own, tiered));

        assertThat(ROUTER.topicsRoutedTo("ssh:slow", snapshot)).containsExactly("reports");
        assertThat(ROUTER.topicsRoutedTo("ssh:fast", snapshot)).containsExactly("premium");
        assertThat(ROUTER.topicsRoutedTo("local", snapshot)).containsExactly("basic");
    }
}
