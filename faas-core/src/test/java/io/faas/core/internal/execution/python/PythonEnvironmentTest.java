package io.faas.core.internal.execution.python;

import io.faas.api.FunctionSpec;
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
import java.util.Map;

import static io.faas.core.internal.execution.python.PythonFunctions.function;
import static io.faas.core.internal.execution.python.PythonFunctions.py;
import static io.faas.core.internal.execution.python.PythonFunctions.request;
import static org.assertj.core.api.Assertions.assertThat;

/** A function's environment and secrets reach os.environ for its call only. */
class PythonEnvironmentTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SHOW = py(
            "import os",
            "AT_LOAD = os.environ.get('MODE')",
            "def handler(event, context):",
            "    os.environ['LEFT_BEHIND'] = 'x'",
            "    return {'mode': os.environ.get('MODE'), 'token': os.environ.get('TOKEN'), 'at_load': AT_LOAD,",
            "            'left': os.environ.get('LEFT_BEHIND'), 'path': os.environ.get('PATH') is not None}");
    private static final String PLAIN = py(
            "import os",
            "def handler(event, context):",
            "    return {'mode': os.environ.get('MODE'), 'token': os.environ.get('TOKEN'),",
            "            'left': os.environ.get('LEFT_BEHIND')}");

    @TempDir
    static Path workDir;

    private static PythonExecutor pool;
    private static PythonExecutor process;

    @BeforeAll
    static void start() {
        PythonSettings settings = PythonSettings.builder().poolSize(1).workDir(workDir).build();
        pool = FunctionExecutors.pythonPool(settings);
        pool.start();
        process = FunctionExecutors.processPerEvent(settings);
        process.start();
    }

    @AfterAll
    static void close() {
        pool.close();
        process.close();
    }

    @Test
    void theWarmWorkerSetsTheVariablesForTheCallAndRemovesThemAfter() throws Exception {
        FunctionVersion shows = function(FunctionSpec.builder("shows").topics("orders").environment("MODE", "fast")
                .build(), 1, SHOW);
        FunctionVersion plain = function("plain", PLAIN);

        JsonNode seen = result(pool.execute(request(shows, "{}").withSecrets(Map.of("TOKEN", "s3cr3t"))));
        JsonNode after = result(pool.execute(request(plain, "{}")));

        assertThat(seen.path("mode").asString()).isEqualTo("fast");
        assertThat(seen.path("token").asString()).isEqualTo("s3cr3t");
        assertThat(seen.path("at_load").asString()).isEqualTo("fast"); // module-level code sees them too
        assertThat(seen.path("path").asBoolean()).isTrue(); // the worker's own environment stays
        assertThat(after.path("mode").isNull()).isTrue(); // same worker (pool of one), nothing left
        assertThat(after.path("token").isNull()).isTrue();
        assertThat(after.path("left").isNull()).isTrue(); // what the function itself set is gone too
    }

    @Test
    void theProcessExecutorGivesThemToo() throws Exception {
        FunctionVersion shows = function(FunctionSpec.builder("shows2").topics("orders").environment("MODE", "slow")
                .build(), 1, SHOW);

        JsonNode seen = result(process.execute(request(shows, "{}").withSecrets(Map.of("TOKEN", "t0k"))));

        assertThat(seen.path("mode").asString()).isEqualTo("slow");
        assertThat(seen.path("token").asString()).isEqualTo("t0k");
    }

    @Test
    void aSecretWrittenStraightToStderrIsMaskedInTheWorkersStderrAsTheHostSeesIt() throws Exception {
        FunctionVersion leaks = function("leaks", py(
                "import os",
                "def handler(event, context):",
                "    os.write(2, ('raw ' + os.environ['TOKEN'] + ' end\\n').encode())",
                "    os._exit(3)"));

        ExecutionResult crashed = pool.execute(request(leaks, "{}").withSecrets(Map.of("TOKEN", "fd2-s3cr3t")));

        // No SecretsExecutor in between: what the worker pool itself kept of stderr is masked.
        assertThat(crashed.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(crashed.error().message()).contains("raw *** end").doesNotContain("fd2-s3cr3t");
    }

    private static JsonNode result(ExecutionResult result) throws Exception {
        assertThat(result.status()).as("%s", result.error()).isEqualTo(InvocationStatus.SUCCEEDED);
        return JSON.readTree(result.result());
    }
}
