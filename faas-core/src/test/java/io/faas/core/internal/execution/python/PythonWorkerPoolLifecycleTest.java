package io.faas.core.internal.execution.python;

import io.faas.api.FaasException;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.InvocationStatus;
import io.faas.api.ServiceUnavailableException;
import io.faas.api.spi.ExecutionResult;
import io.faas.core.FunctionExecutors;
import io.faas.core.PythonExecutor;
import io.faas.core.PythonPoolStats;
import io.faas.core.PythonSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.faas.core.internal.execution.python.PythonFunctions.function;
import static io.faas.core.internal.execution.python.PythonFunctions.py;
import static io.faas.core.internal.execution.python.PythonFunctions.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Sizing, reuse and shutdown of the pool, each test on its own (unsandboxed) pool. */
class PythonWorkerPoolLifecycleTest {

    private static final FunctionVersion PID = function("pid", py(
            "import os, time",
            "def handler(event, context):",
            "    time.sleep(event.get('sleep', 0))",
            "    return os.getpid()"));

    @TempDir
    Path workDir;

    private final List<PythonExecutor> pools = new ArrayList<>();
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void closeEverything() {
        callers.shutdownNow();
        pools.forEach(PythonExecutor::close);
    }

    private PythonExecutor pool(PythonSettings.Builder settings) {
        // These tests tell workers apart by host pid and count them as host processes, which the
        // sandbox's PID namespace hides (every worker is pid 2 inside); the pool logic is the same
        // either way, and PythonSandboxIT checks recycling and kills with the sandbox on.
        PythonExecutor pool = FunctionExecutors.pythonPool(settings.workDir(workDir)
                .applyToWorkerSettings(w -> w.sandbox(PythonSettings.Sandbox.NONE)).build());
        pools.add(pool);
        pool.start();
        return pool;
    }

    private static long pid(ExecutionResult result) {
        assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(InvocationStatus.SUCCEEDED);
        return Long.parseLong(result.result());
    }

    /** Worker processes of the pools in this test's work directory, as the OS sees them. */
    private long workerProcesses() {
        String root = workDir.toString();
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(args -> String.join(" ", args).contains(root)).orElse(false))
                .count();
    }

    @Test
    void parallelCallsAllSucceedAndNeverUseMoreThanPoolSizeProcesses() throws Exception {
        PythonExecutor pool = pool(PythonSettings.builder().poolSize(4));
        AtomicInteger mostProcesses = new AtomicInteger();
        AtomicInteger mostLive = new AtomicInteger();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            mostProcesses.accumulateAndGet((int) workerProcesses(), Math::max);
            mostLive.accumulateAndGet(pool.stats().liveWorkers(), Math::max);
        }, 0, 5, TimeUnit.MILLISECONDS);
        try {
            List<Future<ExecutionResult>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(callers.submit(() -> pool.execute(request(PID, "{\"sleep\": 0.2}"))));
            }
            Set<Long> pids = new HashSet<>();
            for (Future<ExecutionResult> call : calls) {
                pids.add(pid(call.get(30, TimeUnit.SECONDS)));
            }

            assertThat(pids).hasSizeBetween(1, 4);
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(1, TimeUnit.SECONDS);
        }
        assertThat(mostLive.get()).isBetween(1, 4);
        assertThat(mostProcesses.get()).isBetween(1, 4);
        assertThat(pool.stats().busyWorkers()).isZero();
    }

    @Test
    void aCallGoesToTheIdleWorkerThatAlreadyHasItsCode() throws Exception {
        PythonExecutor pool = pool(PythonSettings.builder().poolSize(2));
        FunctionVersion a = function("fa", py("import os, time",
                "def handler(event, context):", "    time.sleep(event.get('sleep', 0))", "    return os.getpid()"));
        FunctionVersion b = function("fb", py("import os, time",
                "def handler(event, context):", "    time.sleep(event.get('sleep', 0))", "    return os.getpid() "));
        // Run both at once so that each gets a worker of its own.
        Future<ExecutionResult> firstA = callers.submit(() -> pool.execute(request(a, "{\"sleep\": 0.5}")));
        Future<ExecutionResult> firstB = callers.submit(() -> pool.execute(request(b, "{\"sleep\": 0.5}")));
        long workerA = pid(firstA.get(10, TimeUnit.SECONDS));
        long workerB = pid(firstB.get(10, TimeUnit.SECONDS));
        assertThat(workerA).isNotEqualTo(workerB);

        for (int i = 0; i < 4; i++) {
            ExecutionResult ra = pool.execute(request(a, "{}"));
            ExecutionResult rb = pool.execute(request(b, "{}"));
            assertThat(pid(ra)).isEqualTo(workerA);
            assertThat(pid(rb)).isEqualTo(workerB);
            assertThat(ra.coldStart()).isFalse();
            assertThat(rb.coldStart()).isFalse();
        }
        assertThat(pool.stats().coldStarts()).isEqualTo(2);
    }

    @Test
    void aWorkerIsReplacedAfterMaxCalls() throws Exception {
        PythonExecutor pool = pool(PythonSettings.builder().poolSize(1).maxCallsPerWorker(3));
        List<Long> pids = new ArrayList<>();
        List<Boolean> cold = new ArrayList<>();

        for (int i = 0; i < 7; i++) {
            ExecutionResult result = pool.execute(request(PID, "{}"));
            pids.add(pid(result));
            cold.add(result.coldStart());
        }

        assertThat(pids.subList(0, 3)).containsOnly(pids.get(0));
        assertThat(pids.subList(3, 6)).containsOnly(pids.get(3));
        assertThat(new HashSet<>(pids)).hasSize(3);
        assertThat(cold).containsExactly(true, false, false, true, false, false, true);
        assertThat(pool.stats().workersStarted()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(3)).until(() -> PythonFunctions.isGone(pids.get(0)));
    }

    @Test
    void idleWorkersAboveMinIdleAreStopped() throws Exception {
        PythonExecutor pool = pool(PythonSettings.builder().poolSize(3).minIdle(1)
                .applyToWorkerSettings(w -> w.idleTimeout(Duration.ofMillis(300))));
        assertThat(pool.stats().idleWorkers()).as("minIdle is started by start()").isEqualTo(1);

        List<Future<ExecutionResult>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(callers.submit(() -> pool.execute(request(PID, "{\"sleep\": 0.3}"))));
        }
        for (Future<ExecutionResult> call : calls) {
            pid(call.get(10, TimeUnit.SECONDS));
        }
        assertThat(pool.stats().workersStarted()).isEqualTo(3);

        await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().liveWorkers() == 1);
        PythonPoolStats stats = pool.stats();
        assertThat(stats.idleWorkers()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(3)).until(() -> workerProcesses() == 1);
    }

    @Test
    void anIdleWorkerWithAnotherMemoryLimitMakesRoomAtCapacity() throws Exception {
        PythonExecutor pool = pool(PythonSettings.builder().poolSize(1).applyToWorkerSettings(w -> w.memoryLimitMb(512)));
        FunctionVersion small = function(FunctionSpec.builder("small-limit").memoryLimitMb(256).build(), 1,
                py("import os, resource",
                        "def handler(event, context):",
                        "    return [os.getpid(), resource.getrlimit(resource.RLIMIT_AS)[0] // (1024 * 1024)]"));
        FunctionVersion normal = function("default-limit", py("import os, resource",
                "def handler(event, context):",
                "    return [os.getpid(), resource.getrlimit(resource.RLIMIT_AS)[0] // (1024 * 1024)]"));

        ExecutionResult first = pool.execute(request(normal, "{}"));
        ExecutionResult second = pool.execute(request(small, "{}"));

        assertThat(first.result()).endsWith(",512]");
        assertThat(second.result()).endsWith(",256]");
        assertThat(first.result()).isNotEqualTo(second.result());
        assertThat(pool.stats().liveWorkers()).isEqualTo(1);
        assertThat(workerProcesses()).isEqualTo(1);
    }

    @Test
    void closeStopsBusyWorkersWithinABoundEvenIfTheyIgnoreSigterm() throws Exception {
        PythonExecutor pool = pool(PythonSettings.builder().poolSize(3));
        Path childPid = workDir.resolve("child.pid");
        FunctionVersion stubborn = function("stubborn", py(
                "import signal, subprocess, time",
                "def handler(event, context):",
                "    signal.signal(signal.SIGTERM, signal.SIG_IGN)",
                "    child = subprocess.Popen(['sleep', '60'])",  // inherits SIG_IGN for SIGTERM
                "    with open(event['pid_file'], 'w') as f:",
                "        f.write(str(child.pid))",
                "    time.sleep(60)"));
        List<Future<ExecutionResult>> calls = new ArrayList<>();
        calls.add(callers.submit(() -> pool.execute(request(stubborn, "{\"pid_file\": \"" + childPid + "\"}"))));
        calls.add(callers.submit(() -> pool.execute(request(PID, "{\"sleep\": 60}"))));
        calls.add(callers.submit(() -> pool.execute(request(PID, "{\"sleep\": 60}"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().busyWorkers() == 3 && Files.exists(childPid)
                && !Files.readString(childPid).isEmpty());
        Path root;
        try (var entries = Files.list(workDir)) {
            root = entries.filter(p -> p.getFileName().toString().startsWith("faas-python-pool-")).findFirst()
                    .orElseThrow();
        }
        long child = Long.parseLong(Files.readString(childPid));

        long started = System.nanoTime();
        pool.close();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(tookMillis).isLessThan(4000);
        assertThat(workerProcesses()).isZero();
        await().atMost(Duration.ofSeconds(1)).until(() -> PythonFunctions.isGone(child));
        for (Future<ExecutionResult> call : calls) {
            assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ServiceUnavailableException.class);
        }
        assertThat(root).doesNotExist();
        assertThat(pool.isRunning()).isFalse();
        pool.close(); // idempotent
        assertThatThrownBy(() -> pool.execute(request(PID, "{}")))
                .isInstanceOf(FaasException.class).hasMessageContaining("closed");
    }

    @Test
    void anInterruptedCallerAbandonsTheCallAndItsWorker() throws Exception {
        PythonExecutor pool = pool(PythonSettings.builder().poolSize(1));
        Future<ExecutionResult> call = callers.submit(() -> pool.execute(request(PID, "{\"sleep\": 60}")));
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().busyWorkers() == 1);

        call.cancel(true);

        await().atMost(Duration.ofSeconds(3)).until(() -> pool.stats().liveWorkers() == 0 && workerProcesses() == 0);
        assertThat(pid(pool.execute(request(PID, "{}")))).isPositive();
    }

    @Test
    void aWaitingCallerCanBeInterrupted() throws Exception {
        PythonExecutor pool = pool(PythonSettings.builder().poolSize(1));
        Future<ExecutionResult> busy = callers.submit(() -> pool.execute(request(PID, "{\"sleep\": 60}")));
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stats().busyWorkers() == 1);
        AtomicInteger interrupted = new AtomicInteger();
        Thread waiter = new Thread(() -> {
            try {
                pool.execute(request(PID, "{}"));
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
            }
        });
        waiter.start();
        await().atMost(Duration.ofSeconds(3)).until(() -> waiter.getState() == Thread.State.WAITING);

        waiter.interrupt();
        waiter.join(3000);

        assertThat(interrupted.get()).isEqualTo(1);
        assertThat(pool.stats().busyWorkers()).isEqualTo(1);
        busy.cancel(true);
    }

    @Test
    void executeBeforeStartFailsAndABadInterpreterFailsStart() {
        PythonExecutor notStarted = FunctionExecutors.pythonPool(PythonSettings.builder().workDir(workDir).build());
        pools.add(notStarted);
        assertThatThrownBy(() -> notStarted.execute(request(PID, "{}")))
                .isInstanceOf(FaasException.class).hasMessageContaining("start()");

        PythonExecutor bad = FunctionExecutors.pythonPool(PythonSettings.builder().workDir(workDir)
                .applyToWorkerSettings(w -> w.interpreter("/nonexistent/python3")).build());
        pools.add(bad);
        assertThatThrownBy(bad::start).isInstanceOf(FaasException.class)
                .hasMessageContaining("'/nonexistent/python3'");
        assertThat(bad.isRunning()).isFalse();
    }
}
