package io.faas.core.internal.execution.python;

import io.faas.api.FunctionVersion;
import io.faas.api.InvocationStatus;
import io.faas.api.spi.ExecutionResult;
import io.faas.core.FunctionExecutors;
import io.faas.core.PythonExecutor;
import io.faas.core.PythonSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.faas.core.internal.execution.python.PythonFunctions.function;
import static io.faas.core.internal.execution.python.PythonFunctions.py;
import static io.faas.core.internal.execution.python.PythonFunctions.request;
import static org.assertj.core.api.Assertions.assertThat;

class ProcessPerEventExecutorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path workDir;

    private static PythonExecutor executor;

    @BeforeAll
    static void start() {
        executor = FunctionExecutors.processPerEvent(PythonSettings.builder().poolSize(2).workDir(workDir).build());
        executor.start();
    }

    @AfterAll
    static void close() {
        executor.close();
    }

    @Test
    void everyCallIsColdInAFreshProcessWithAScrubbedEnvironment() throws Exception {
        FunctionVersion f = function("fresh", py(
                "import os",
                "print('imported')",
                "PROCESS = os.urandom(16).hex()",  // a pid would not do: in the sandbox every worker is pid 2
                "def handler(event, context):",
                "    return {'pid': PROCESS, 'env': sorted(os.environ), 'cwd': os.getcwd(), 'n': event['n']}"));

        ExecutionResult first = executor.execute(request(f, "{\"n\": 1}"));
        ExecutionResult second = executor.execute(request(f, "{\"n\": 2}"));

        assertThat(executor.name()).isEqualTo("process");
        assertThat(first.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(first.coldStart()).isTrue();
        assertThat(second.coldStart()).isTrue();
        assertThat(second.logs()).isEqualTo("imported\n");
        JsonNode one = JSON.readTree(first.result());
        JsonNode two = JSON.readTree(second.result());
        assertThat(one.get("pid")).isNotEqualTo(two.get("pid"));
        assertThat(two.get("n").asInt()).isEqualTo(2);
        assertThat(one.get("env").toString()).isEqualTo("[\"HOME\",\"LANG\",\"LC_ALL\",\"PATH\",\"PYTHONDONTWRITEBYTECODE\","
                + "\"PYTHONIOENCODING\",\"PYTHONUNBUFFERED\",\"TMPDIR\"]");
        // The private directory is the sandbox's tmpfs, gone with its process.
        assertThat(one.get("cwd").asString()).isEqualTo("/tmp");
        try (var left = Files.list(workDir)) {
            assertThat(left.flatMap(root -> {
                try {
                    return Files.list(root);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(p -> p.getFileName().toString().startsWith("worker-"))).as("no host directories").isEmpty();
        }
        assertThat(executor.stats().workersStarted()).isGreaterThanOrEqualTo(2);
        assertThat(executor.stats().liveWorkers()).isZero();
    }

    @Test
    void errorsTimeoutsAndCrashesAreReportedLikeInThePool() throws Exception {
        FunctionVersion raises = function("raises", py("def handler(event, context):", "    raise ValueError('bad')"));
        FunctionVersion sleeps = function("sleeps", py("import time", "def handler(event, context):",
                "    time.sleep(30)"));
        FunctionVersion exits = function("exits-once", py("import os", "def handler(event, context):",
                "    os._exit(4)"));

        ExecutionResult error = executor.execute(request(raises, "{}"));
        ExecutionResult timeout = executor.execute(request(sleeps, "{}", Duration.ofMillis(500)));
        ExecutionResult crash = executor.execute(request(exits, "{}"));

        assertThat(error.error().type()).isEqualTo("ValueError");
        assertThat(error.error().traceback()).contains("raise ValueError('bad')");
        assertThat(timeout.status()).isEqualTo(InvocationStatus.TIMED_OUT);
        assertThat(timeout.error().type()).isEqualTo("TimeoutError");
        assertThat(crash.error().type()).isEqualTo("WorkerCrashed");
        assertThat(crash.error().message()).contains("exit code 4");
        assertThat(executor.stats().timeouts()).isEqualTo(1);
        assertThat(executor.stats().crashes()).isEqualTo(1);
    }
}
