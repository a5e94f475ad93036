package io.faas.core.internal.python;

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

import java.nio.file.Path;
import java.time.Duration;

import static io.faas.core.internal.python.PythonFunctions.function;
import static io.faas.core.internal.python.PythonFunctions.py;
import static io.faas.core.internal.python.PythonFunctions.request;
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
                "def handler(event, context):",
                "    return {'pid': os.getpid(), 'env': sorted(os.environ), 'cwd': os.getcwd(), 'n': event['n']}"));

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
        Path cwd = Path.of(one.get("cwd").asString());
        assertThat(cwd).startsWithRaw(workDir.toRealPath());
        assertThat(cwd).as("removed with its process").doesNotExist();
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
