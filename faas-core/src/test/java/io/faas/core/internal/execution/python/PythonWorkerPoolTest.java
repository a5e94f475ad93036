package io.faas.core.internal.execution.python;

import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.InvocationStatus;
import io.faas.api.spi.ExecutionRequest;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.faas.core.internal.execution.python.PythonFunctions.function;
import static io.faas.core.internal.execution.python.PythonFunctions.py;
import static io.faas.core.internal.execution.python.PythonFunctions.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The function contract, on one shared pool: what a handler sees and what comes back. */
class PythonWorkerPoolTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path workDir;

    private static PythonExecutor pool;
    /** Unsandboxed, for the tests that watch worker processes by host pid through files in {@link #workDir}. */
    private static PythonExecutor hostView;

    @BeforeAll
    static void startPool() {
        pool = FunctionExecutors.pythonPool(PythonSettings.builder().poolSize(2).workDir(workDir).build());
        pool.start();
        hostView = FunctionExecutors.pythonPool(PythonSettings.builder().poolSize(2).workDir(workDir)
                .applyToWorkerSettings(w -> w.sandbox(PythonSettings.Sandbox.NONE)).build());
        hostView.start();
    }

    @AfterAll
    static void closePool() {
        pool.close();
        hostView.close();
    }

    private static ExecutionResult run(FunctionVersion f, String payload) throws InterruptedException {
        return pool.execute(request(f, payload));
    }

    @Test
    void twoBusyFunctionsKeepTheirWorkersInsteadOfEvictingEachOthers() throws Exception {
        FunctionVersion hot = function("hot", py("def handler(event, context):", "    return 1"));
        FunctionVersion other = function("other", py("def handler(event, context):", "    return 2"));
        PythonExecutor two = FunctionExecutors.pythonPool(PythonSettings.builder().poolSize(2).workDir(workDir).build());
        two.start();
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) { // three callers of the hot function want more workers than the pool has
                FunctionVersion f = t == 0 ? other : hot;
                done.add(callers.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 150; i++) {
                        ok += two.execute(request(f, "{}")).status() == InvocationStatus.SUCCEEDED ? 1 : 0;
                    }
                    return ok;
                }));
            }
            for (java.util.concurrent.Future<Integer> f : done) {
                assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(150);
            }
            // One worker each from the start, not one cold start per call.
            assertThat(two.stats().workersStarted()).isLessThanOrEqualTo(4);
        } finally {
            callers.shutdownNow();
            two.close();
        }
    }

    @Test
    void namesItselfLocalAndRunsOnlyPython() {
        assertThat(pool.name()).isEqualTo("local");
        assertThat(pool.supports(io.faas.api.FunctionRuntime.PYTHON)).isTrue();
        assertThat(pool.supports(io.faas.api.FunctionRuntime.JAVA)).isFalse();
        assertThat(pool.isRunning()).isTrue();
    }

    @Test
    void returnsTheHandlersResultAsJson() throws Exception {
        FunctionVersion add = function("add", py(
                "def handler(event, context):",
                "    return {'sum': event['a'] + event['b'], 'text': 'héllo ✓', 'none': None, 'list': [1.5, True]}"));

        ExecutionResult result = run(add, "{\"a\": 2, \"b\": 40}");

        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(JSON.readTree(result.result()))
                .isEqualTo(JSON.readTree("{\"sum\":42,\"text\":\"héllo ✓\",\"none\":null,\"list\":[1.5,true]}"));
        assertThat(result.error()).isNull();
        assertThat(result.finishedAt()).isAfterOrEqualTo(result.startedAt());
    }

    @Test
    void capturesPrintsAndLogsInOrder() throws Exception {
        FunctionVersion f = function("chatty", py(
                "import logging, sys",
                "print('loading')",
                "def handler(event, context):",
                "    print('to stdout')",
                "    print('to stderr', file=sys.stderr)",
                "    context.logger.info('info from %s', context.function_name)",
                "    logging.getLogger('lib').warning('library warning')",
                "    sys.stdout.buffer.write('bytes ✓\\n'.encode())",
                "    return None"));

        ExecutionResult result = run(f, "{}");

        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(result.result()).isEqualTo("null");
        assertThat(result.logs()).containsSubsequence("loading\n", "to stdout\n", "to stderr\n",
                "INFO faas.chatty: info from chatty\n", "WARNING lib: library warning\n", "bytes ✓\n");
        assertThat(result.logsTruncated()).isFalse();
    }

    @Test
    void cutsLogsAtTheCapWithoutSplittingACharacter() throws Exception {
        FunctionVersion f = function("flood", py(
                "def handler(event, context):",
                "    print('é' * 40000)",  // 80,000 bytes of UTF-8
                "    return 'done'"));

        ExecutionResult result = run(f, "{}");

        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(result.logsTruncated()).isTrue();
        assertThat(result.logs().getBytes(StandardCharsets.UTF_8).length).isBetween(65_535, 65_536);
        assertThat(result.logs()).matches("é+");
    }

    @Test
    void aRequestMayAskForASmallerLogCap() throws Exception {
        FunctionVersion f = function("small-cap", py(
                "def handler(event, context):",
                "    print('0123456789' * 10)",
                "    return 1"));
        ExecutionRequest base = request(f, "{}");

        ExecutionResult result = pool.execute(new ExecutionRequest(base.function(), base.event(), 1, base.timeout(),
                25));

        assertThat(result.logs()).isEqualTo("0123456789012345678901234");
        assertThat(result.logsTruncated()).isTrue();
    }

    @Test
    void handlerSeesTheContext() throws Exception {
        FunctionVersion f = function("ctx", py(
                "import logging",
                "def handler(event, context):",
                "    return {'function_name': context.function_name, 'function_version': context.function_version,",
                "            'topic': context.topic, 'partition': context.partition, 'offset': context.offset,",
                "            'key': context.key, 'event_id': context.event_id, 'headers': context.headers,",
                "            'attempt': context.attempt, 'remaining': context.remaining_time(),",
                "            'remaining_ms': context.get_remaining_time_in_millis(),",
                "            'logger': isinstance(context.logger, logging.Logger), 'event': event}"));

        ExecutionResult result = pool.execute(request(f, "{\"order\": [1, 2]}", Duration.ofSeconds(5)));

        JsonNode ctx = JSON.readTree(result.result());
        assertThat(ctx.get("function_name").asString()).isEqualTo("ctx");
        assertThat(ctx.get("function_version").asInt()).isEqualTo(1);
        assertThat(ctx.get("topic").asString()).isEqualTo("orders");
        assertThat(ctx.get("partition").asInt()).isEqualTo(2);
        assertThat(ctx.get("offset").asLong()).isEqualTo(42L);
        assertThat(ctx.get("key").asString()).isEqualTo("key-7");
        assertThat(ctx.get("event_id").asString()).isEqualTo("evt-1");
        assertThat(ctx.get("headers")).isEqualTo(JSON.readTree("{\"trace\":\"abc\"}"));
        assertThat(ctx.get("attempt").asInt()).isEqualTo(1);
        assertThat(ctx.get("remaining").asDouble()).isGreaterThan(4.0).isLessThanOrEqualTo(5.0);
        assertThat(ctx.get("remaining_ms").asLong()).isGreaterThan(4000).isLessThanOrEqualTo(5000);
        assertThat(ctx.get("logger").asBoolean()).isTrue();
        assertThat(ctx.get("event")).isEqualTo(JSON.readTree("{\"order\":[1,2]}"));
    }

    @Test
    void anExceptionIsReportedWithTypeMessageAndTraceback() throws Exception {
        FunctionVersion f = function("divide", py(
                "def handler(event, context):",
                "    print('about to fail')",
                "    return helper(event)",
                "",
                "def helper(event):",
                "    return event['a'] / 0"));

        ExecutionResult result = run(f, "{\"a\": 1}");

        assertThat(result.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(result.error().type()).isEqualTo("ZeroDivisionError");
        assertThat(result.error().message()).isEqualTo("division by zero");
        assertThat(result.error().traceback())
                .startsWith("Traceback (most recent call last):")
                .contains("File \"<function divide v1>\", line 3, in handler", "line 6, in helper",
                        "return event['a'] / 0")
                .doesNotContain("faas_worker.py");
        assertThat(result.logs()).isEqualTo("about to fail\n");
    }

    @Test
    void aResultThatIsNotJsonFailsAsTypeError() throws Exception {
        FunctionVersion sets = function("returns-set", py("def handler(event, context):", "    return {1, 2}"));
        FunctionVersion nan = function("returns-nan", py("def handler(event, context):", "    return float('nan')"));

        ExecutionResult set = run(sets, "{}");
        ExecutionResult notANumber = run(nan, "{}");

        assertThat(set.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(set.error().type()).isEqualTo("TypeError");
        assertThat(set.error().message()).contains("returns-set", "not JSON-serializable", "set");
        assertThat(notANumber.error().type()).isEqualTo("TypeError");
        assertThat(notANumber.error().message()).contains("not JSON-serializable");
    }

    @Test
    void aMissingOrNonCallableHandlerIsHandlerNotFound() throws Exception {
        FunctionVersion missing = function("no-handler", py("def other(event, context):", "    return 1"));
        FunctionVersion notCallable = function(FunctionSpec.builder("not-callable").handler("main").build(), 1,
                py("main = 42"));

        ExecutionResult m = run(missing, "{}");
        ExecutionResult n = run(notCallable, "{}");

        assertThat(m.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(m.error().type()).isEqualTo("HandlerNotFound");
        assertThat(m.error().message()).contains("no-handler", "'handler'");
        assertThat(n.error().type()).isEqualTo("HandlerNotFound");
        assertThat(n.error().message()).contains("'main'", "int");
    }

    @Test
    void anErrorAtImportIsReportedWithItsOwnTypeAndTheCodeIsRetriedNextTime() throws Exception {
        FunctionVersion broken = function("import-fails", py(
                "import json",
                "print('importing')",
                "raise KeyError('no config')",
                "def handler(event, context):",
                "    return 1"));
        FunctionVersion syntax = function("syntax-error", py("def handler(event, context)", "    return 1"));

        ExecutionResult first = run(broken, "{}");
        ExecutionResult second = run(broken, "{}");
        ExecutionResult bad = run(syntax, "{}");

        assertThat(first.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(first.error().type()).isEqualTo("KeyError");
        assertThat(first.error().message()).isEqualTo("'no config'");
        assertThat(first.error().traceback()).contains("line 3, in <module>", "raise KeyError('no config')");
        assertThat(first.logs()).isEqualTo("importing\n");
        assertThat(first.coldStart()).isTrue();
        assertThat(second.coldStart()).as("a module that failed to load is not cached").isTrue();
        assertThat(second.logs()).isEqualTo("importing\n");
        assertThat(bad.error().type()).isEqualTo("SyntaxError");
        assertThat(bad.error().traceback()).contains("<function syntax-error v1>", "line 1");
    }

    @Test
    void coldOnTheFirstCallOfAVersionOnly() throws Exception {
        FunctionVersion v1 = function(FunctionSpec.python("versioned", "orders"), 1,
                py("def handler(event, context):", "    return 1"));
        FunctionVersion v2 = function(FunctionSpec.python("versioned", "orders"), 2,
                py("def handler(event, context):", "    return 2"));

        ExecutionResult first = run(v1, "{}");
        ExecutionResult second = run(v1, "{}");
        ExecutionResult newVersion = run(v2, "{}");
        ExecutionResult newVersionAgain = run(v2, "{}");

        assertThat(first.coldStart()).isTrue();
        assertThat(second.coldStart()).isFalse();
        assertThat(newVersion.coldStart()).isTrue();
        assertThat(newVersion.result()).isEqualTo("2");
        assertThat(newVersionAgain.coldStart()).isFalse();
    }

    @Test
    void moduleStateSurvivesBetweenWarmCalls() throws Exception {
        FunctionVersion counter = function("counter", py(
                "calls = 0",
                "def handler(event, context):",
                "    global calls",
                "    calls += 1",
                "    return calls"));

        ExecutionResult first = run(counter, "{}");
        ExecutionResult second = run(counter, "{}");

        assertThat(List.of(first.result(), second.result())).containsExactly("1", "2");
    }

    @Test
    void theEnvironmentIsScrubbedAndTheWorkingDirectoryIsPrivate() throws Exception {
        FunctionVersion env = function("env", py(
                "import os",
                "def handler(event, context):",
                "    open('scratch.txt', 'w').write('x')",
                "    return {'env': dict(os.environ), 'cwd': os.getcwd()}"));

        JsonNode seen = JSON.readTree(run(env, "{}").result());

        Set<String> names = new HashSet<>();
        seen.get("env").propertyNames().forEach(names::add);
        assertThat(names).containsExactlyInAnyOrder("PATH", "LANG", "LC_ALL", "HOME", "TMPDIR",
                "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "PYTHONIOENCODING");
        for (String parentVariable : System.getenv().keySet()) {
            if (!names.contains(parentVariable)) {
                assertThat(seen.get("env").has(parentVariable)).as(parentVariable).isFalse();
            }
        }
        assertThat(seen.get("env").get("PATH").asString()).isEqualTo("/usr/local/bin:/usr/bin:/bin");
        Path cwd = Path.of(seen.get("cwd").asString());
        assertThat(seen.get("env").get("HOME").asString()).isEqualTo(cwd.toString());
        assertThat(seen.get("env").get("TMPDIR").asString()).isEqualTo(cwd.toString());
        // Sandboxed, the private directory is the sandbox's own tmpfs, invisible from here.
        assertThat(cwd).isEqualTo(Path.of("/tmp"));

        JsonNode unsandboxed = JSON.readTree(hostView.execute(request(env, "{}")).result());
        Path hostCwd = Path.of(unsandboxed.get("cwd").asString());
        assertThat(unsandboxed.get("env").get("HOME").asString()).isEqualTo(hostCwd.toString());
        assertThat(hostCwd.toRealPath()).startsWith(workDir.toRealPath());
        assertThat(hostCwd.resolve("scratch.txt")).exists();
        assertThat(Files.getPosixFilePermissions(hostCwd)).allMatch(p -> p.name().startsWith("OWNER"));
    }

    @Test
    void writingToFd1OrReadingStdinDoesNotBreakTheProtocol() throws Exception {
        FunctionVersion rude = function("rude", py(
                "import os, sys, subprocess",
                "def handler(event, context):",
                "    os.write(1, b'\\x00\\x00\\x00\\x10not a frame at all' * 1000)",
                "    print('to the real stdout', file=sys.__stdout__, flush=True)",
                "    subprocess.run(['echo', 'from a child'])",
                "    subprocess.run(['cat'])",  // reads its stdin: must be /dev/null, not the protocol
                "    got = os.read(0, 100)",
                "    try:",
                "        input()",
                "        reply = 'input returned'",
                "    except EOFError:",
                "        reply = 'eof'",
                "    return {'stdin': got.decode(), 'input': reply}"));

        ExecutionResult first = run(rude, "{}");
        ExecutionResult second = run(rude, "{}");

        assertThat(first.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(JSON.readTree(first.result())).isEqualTo(JSON.readTree("{\"stdin\":\"\",\"input\":\"eof\"}"));
        assertThat(second.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(second.coldStart()).isFalse();
    }

    @Test
    void aPayloadThatIsNotOneJsonValueNeverReachesAWorker() throws Exception {
        FunctionVersion f = function("payload", py("def handler(event, context):", "    return event"));

        ExecutionResult injected = run(f, "{}, \"source\": \"x\"");
        ExecutionResult garbage = run(f, "{not json");
        ExecutionResult scalar = run(f, "\"just a string\"");

        assertThat(injected.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(injected.error().type()).isEqualTo("InvalidEventPayload");
        assertThat(garbage.error().type()).isEqualTo("InvalidEventPayload");
        assertThat(scalar.result()).isEqualTo("\"just a string\"");
    }

    @Test
    void aTimeoutKillsTheWorkerAndItsChildrenAndThePoolGoesOn() throws Exception {
        Path pids = workDir.resolve("timeout-pids.txt");
        FunctionVersion slow = function("sleepy", py(
                "import os, subprocess, time",
                "def handler(event, context):",
                "    child = subprocess.Popen(['sleep', '60'])",
                "    with open(event['pids'], 'w') as f:",
                "        f.write('%d %d' % (os.getpid(), child.pid))",
                "    time.sleep(60)"));
        FunctionVersion quick = function("quick", py("def handler(event, context):", "    return 'fine'"));
        long timeoutsBefore = hostView.stats().timeouts();

        long started = System.nanoTime();
        ExecutionResult result = hostView.execute(request(slow, "{\"pids\": \"" + pids + "\"}", Duration.ofMillis(1500)));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(result.status()).isEqualTo(InvocationStatus.TIMED_OUT);
        assertThat(result.error().type()).isEqualTo("TimeoutError");
        assertThat(result.error().message()).contains("'sleepy'", "1500 ms");
        assertThat(tookMillis).isLessThan(5000);
        String[] both = Files.readString(pids).split(" ");
        for (String pid : both) {
            await().atMost(Duration.ofSeconds(3)).until(() -> PythonFunctions.isGone(Long.parseLong(pid)));
        }
        assertThat(hostView.execute(request(quick, "{}")).result()).isEqualTo("\"fine\"");
        assertThat(hostView.stats().timeouts()).isEqualTo(timeoutsBefore + 1);
    }

    @Test
    void anInterruptedCallerStopsWaitingAndTheWorkerIsKilled() throws Exception {
        Path pids = workDir.resolve("interrupt-pids.txt");
        FunctionVersion slow = function("stuck", py(
                "import os, time",
                "def handler(event, context):",
                "    with open(event['pids'], 'w') as f:",
                "        f.write(str(os.getpid()))",
                "    time.sleep(60)"));
        FunctionVersion quick = function("quick", py("def handler(event, context):", "    return 'fine'"));
        java.util.concurrent.CompletableFuture<Throwable> ending = new java.util.concurrent.CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                hostView.execute(request(slow, "{\"pids\": \"" + pids + "\"}", Duration.ofSeconds(60)));
                ending.complete(null);
            } catch (Throwable t) {
                ending.complete(t);
            }
        }, "interrupted-caller");
        caller.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pids) && !Files.readString(pids).isEmpty());

        caller.interrupt();

        assertThat(ending.get(5, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        long pid = Long.parseLong(Files.readString(pids).trim());
        await().atMost(Duration.ofSeconds(3)).until(() -> PythonFunctions.isGone(pid));
        assertThat(hostView.execute(request(quick, "{}")).result()).isEqualTo("\"fine\"");
    }

    @Test
    void aCrashIsRecordedWithExitCodeAndStderrAndThePoolRecovers() throws Exception {
        FunctionVersion exits = function("exits", py(
                "import os, sys",
                "def handler(event, context):",
                "    sys.__stderr__.write('about to exit\\n')",
                "    sys.__stderr__.flush()",
                "    os._exit(3)"));
        FunctionVersion segfaults = function("segfaults", py(
                "import ctypes",
                "def handler(event, context):",
                "    return ctypes.string_at(0)"));
        FunctionVersion quick = function("after-crash", py("def handler(event, context):", "    return 'alive'"));
        long crashesBefore = pool.stats().crashes();

        ExecutionResult exit = run(exits, "{}");
        ExecutionResult segv = run(segfaults, "{}");

        assertThat(exit.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(exit.error().type()).isEqualTo("WorkerCrashed");
        assertThat(exit.error().message()).contains("'exits'", "exit code 3");
        assertThat(exit.error().message()).contains("about to exit");
        assertThat(exit.error().traceback()).contains("about to exit");
        assertThat(segv.error().type()).isEqualTo("WorkerCrashed");
        assertThat(segv.error().message()).contains("signal 11", "<function segfaults v1>").doesNotContain("faas_worker");
        assertThat(segv.error().traceback()).as("faulthandler's dump").contains("Segmentation fault");
        assertThat(run(quick, "{}").result()).isEqualTo("\"alive\"");
        assertThat(pool.stats().crashes()).isEqualTo(crashesBefore + 2);
    }

    @Test
    void hittingTheMemoryLimitFailsTheCallInsteadOfHanging() throws Exception {
        FunctionVersion hog = function(FunctionSpec.builder("hog").memoryLimitMb(128).build(), 1, py(
                "def handler(event, context):",
                "    blocks = []",
                "    for _ in range(64):",
                "        blocks.append(bytearray(16 * 1024 * 1024))",
                "    return len(blocks)"));
        FunctionVersion quick = function("after-hog", py("def handler(event, context):", "    return 'ok'"));

        ExecutionResult result = pool.execute(request(hog, "{}", Duration.ofSeconds(20)));

        assertThat(result.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(result.error().type()).isIn("MemoryError", "WorkerCrashed");
        if (result.error().type().equals("MemoryError")) {
            assertThat(result.error().message()).isEqualTo("out of memory (address-space limit 128 MiB)");
        }
        assertThat(run(quick, "{}").status()).isEqualTo(InvocationStatus.SUCCEEDED);
    }
}
