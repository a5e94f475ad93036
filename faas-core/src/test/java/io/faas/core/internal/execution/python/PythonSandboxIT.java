package io.faas.core.internal.execution.python;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.faas.api.Faas;
import io.faas.api.FaasException;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.InvalidFunctionException;
import io.faas.api.InvocationStatus;
import io.faas.api.spi.ExecutionResult;
import io.faas.core.DispatcherSettings;
import io.faas.core.FaasClients;
import io.faas.core.FaasSettings;
import io.faas.core.FunctionExecutors;
import io.faas.core.PythonExecutor;
import io.faas.core.PythonSettings;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.faas.core.internal.execution.python.PythonFunctions.function;
import static io.faas.core.internal.execution.python.PythonFunctions.py;
import static io.faas.core.internal.execution.python.PythonFunctions.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Hostile functions on sandboxed workers: each tries to get out and reports in its result what
 * happened; where the test can look from the host (leftover processes), it does. Some checks run
 * the same function unsandboxed first, to show that the attempt works without the sandbox.
 */
@FaasTest
class PythonSandboxIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @TempDir
    static Path workDir;
    @TempDir
    static Path hostDir;

    private static FaasTestServers servers;
    private static PythonExecutor sandboxed;
    private static PythonExecutor unsandboxed;
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @BeforeAll
    static void start(FaasTestServers testServers) {
        servers = testServers;
        sandboxed = FunctionExecutors.pythonPool(PythonSettings.builder().poolSize(2).workDir(workDir)
                .applyToWorkerSettings(w -> w.sandbox(PythonSettings.Sandbox.BUBBLEWRAP)).build());
        sandboxed.start();
        unsandboxed = FunctionExecutors.pythonPool(PythonSettings.builder().poolSize(1).workDir(workDir)
                .applyToWorkerSettings(w -> w.sandbox(PythonSettings.Sandbox.NONE)).build());
        unsandboxed.start();
    }

    @AfterAll
    static void stop() {
        sandboxed.close();
        unsandboxed.close();
    }

    @AfterEach
    void closeExtras() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        closeAfter.add(closeable);
        return closeable;
    }

    private PythonExecutor pool(PythonSettings.Builder settings) {
        PythonExecutor pool = closeLater(FunctionExecutors.pythonPool(settings.workDir(workDir).build()));
        pool.start();
        return pool;
    }

    private static JsonNode succeeded(ExecutionResult result) {
        assertThat(result.status()).as(result.error() + " " + result.logs()).isEqualTo(InvocationStatus.SUCCEEDED);
        return JSON.readTree(result.result());
    }

    /** Tries to read every path in event['paths']; the result maps each to its content or the error's type. */
    private static final String READER = py(
            "import os",
            "def handler(event, context):",
            "    seen = {}",
            "    for path in event['paths']:",
            "        try:",
            "            if os.path.isdir(path):",
            "                seen[path] = 'listed ' + ','.join(sorted(os.listdir(path)))",
            "            else:",
            "                with open(path, 'rb') as f:",
            "                    seen[path] = 'read %d' % len(f.read(64))",
            "        except OSError as e:",
            "            seen[path] = type(e).__name__",
            "    return seen");

    @Test
    void hostFilesTheJvmAndTheDataDirAreOutOfReach() throws Exception {
        Path secret = Files.writeString(hostDir.resolve("secret.txt"), "host secret");
        Path classes = Path.of(PythonSandboxIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path poolClass = Path.of(PythonWorkerPool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> paths = List.of("/etc/shadow", "/root", "/home", secret.toString(), hostDir.toString(),
                workDir.toString(), System.getProperty("user.dir"), classes.toString(), poolClass.toString(),
                Path.of(System.getProperty("java.home"), "lib", "modules").toString());
        String event = JSON.writeValueAsString(java.util.Map.of("paths", paths));
        FunctionVersion reader = function("reader", READER);

        JsonNode inside = succeeded(sandboxed.execute(request(reader, event)));
        JsonNode outside = succeeded(unsandboxed.execute(request(reader, event)));

        assertThat(outside.get(secret.toString()).asString()).as("the test can fail").isEqualTo("read 11");
        for (String path : paths) {
            // /root holds nothing but the way to a pyenv interpreter's prefix when that is the interpreter
            assertThat(inside.get(path).asString()).as(path)
                    .isIn("FileNotFoundError", "PermissionError", "listed ", path.equals("/root") ? "listed .pyenv" : "");
        }
        assertThat(inside.get(secret.toString()).asString()).isEqualTo("FileNotFoundError");
        assertThat(inside.get("/etc/shadow").asString()).isEqualTo("FileNotFoundError");
    }

    @Test
    void theSystemAndTheInterpreterAreReadOnlyAndTheTmpfsIsPrivate() throws Exception {
        FunctionVersion writer = function("writer", py(
                "import os, sys",
                "def handler(event, context):",
                "    seen = {}",
                "    for path in ['/usr/evil', sys.prefix + '/evil', '/evil', '/etc/evil', '/tmp/mine']:",
                "        try:",
                "            open(path, 'w').write('x')",
                "            seen[path] = 'written'",
                "        except OSError as e:",
                "            seen[path] = type(e).__name__",
                "    try:",
            "        seen_certs = 'listed %d' % len(os.listdir('/etc/ssl/certs'))",
            "    except OSError as e:",
            "        seen_certs = type(e).__name__",
            "    return {'seen': seen, 'cwd': os.getcwd(), 'home': os.environ['HOME'], 'certs': seen_certs,",
                "            'uid': os.getuid(), 'gid': os.getgid(), 'groups': os.getgroups(),",
                "            'caps': [l for l in open('/proc/self/status') if l.startswith('CapEff')][0].split()[1]}"));

        JsonNode seen = succeeded(sandboxed.execute(request(writer, "{}")));

        assertThat(seen.get("seen").get("/tmp/mine").asString()).isEqualTo("written");
        for (String path : List.of("/usr/evil", "/evil", "/etc/evil")) {
            assertThat(seen.get("seen").get(path).asString()).as(path).isIn("OSError", "PermissionError");
        }
        assertThat(seen.get("cwd").asString()).isEqualTo("/tmp");
        assertThat(seen.get("home").asString()).isEqualTo("/tmp");
        assertThat(seen.get("caps").asString()).isEqualTo("0000000000000000");
        assertThat(seen.get("certs").asString()).as("what TLS clients need is readable").startsWith("listed ");
        if (ROOT) {
            assertThat(seen.get("uid").asInt()).isEqualTo(65534);
            assertThat(seen.get("gid").asInt()).isEqualTo(65534);
            assertThat(seen.get("groups").size()).isZero();
        }
    }

    /** Tries to connect to every port in event['ports'] on 127.0.0.1. */
    private static final String CONNECTOR = py(
            "import socket",
            "def handler(event, context):",
            "    seen = {}",
            "    for port in event['ports']:",
            "        try:",
            "            socket.create_connection(('127.0.0.1', port), timeout=2).close()",
            "            seen[str(port)] = 'connected'",
            "        except OSError as e:",
            "            seen[str(port)] = type(e).__name__",
            "    return seen");

    @Test
    void theLoopbackServersOfTheHostAreOutOfReachUnlessTheSpecAsksForTheNetwork() throws Exception {
        ServerSocket server = closeLater(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        int kafka = Integer.parseInt(servers.kafkaBootstrapServers().split(",")[0].replaceAll(".*:", ""));
        int mongo = URI.create(servers.mongoUri()).getPort();
        List<Integer> ports = List.of(server.getLocalPort(), kafka, mongo);
        String event = JSON.writeValueAsString(java.util.Map.of("ports", ports));
        FunctionVersion isolated = function("isolated", CONNECTOR);
        FunctionVersion networked = function(FunctionSpec.builder("networked").topics("orders").network(true)
                .build(), 1, CONNECTOR);

        JsonNode inside = succeeded(sandboxed.execute(request(isolated, event)));
        JsonNode withNetwork = succeeded(sandboxed.execute(request(networked, event)));

        for (int port : ports) {
            assertThat(inside.get(String.valueOf(port)).asString()).as("port " + port)
                    .isEqualTo("ConnectionRefusedError");
            assertThat(withNetwork.get(String.valueOf(port)).asString()).as("port " + port).isEqualTo("connected");
        }
    }

    @Test
    void aSpecAskingForTheNetworkIsRefusedWhereTheOperatorForbidsIt() throws Exception {
        PythonExecutor closed = pool(PythonSettings.builder().poolSize(1).allowNetwork(false));
        FunctionVersion networked = function(FunctionSpec.builder("wants-net").topics("orders").network(true)
                .build(), 1, CONNECTOR);

        ExecutionResult result = closed.execute(request(networked, "{\"ports\": [1]}"));

        assertThat(result.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(result.error().type()).isEqualTo("LimitExceeded");
        assertThat(result.error().message()).contains("network access is not allowed");
        assertThat(closed.stats().workersStarted()).isZero();
    }

    @Test
    void otherProcessesTheJvmAndItsEnvironmentAreOutOfSight() throws Exception {
        long jvm = ProcessHandle.current().pid();
        FunctionVersion snoop = function("snoop", py(
                "import os",
                "def handler(event, context):",
                "    seen = {'pids': sorted(int(p) for p in os.listdir('/proc') if p.isdigit()),",
                "            'me': os.getpid(), 'parent': os.getppid()}",
                "    for name, attempt in [('kill_jvm', lambda: os.kill(event['jvm'], 0)),",
                "                          ('kill_parent', lambda: os.kill(os.getppid(), 15)),",
                "                          ('kill_init', lambda: os.kill(1, 9)),",
                "                          ('environ', lambda: open('/proc/%d/environ' % os.getppid()).read()),",
                "                          ('jvm_environ', lambda: open('/proc/%d/environ' % event['jvm']).read())]:",
                "        try:",
                "            attempt()",
                "            seen[name] = 'done'",
                "        except OSError as e:",
                "            seen[name] = type(e).__name__",
                "    return seen"));

        JsonNode seen = succeeded(sandboxed.execute(request(snoop, "{\"jvm\": " + jvm + "}")));

        assertThat(seen.get("pids").toString()).isEqualTo("[1," + seen.get("me").asInt() + "]");
        assertThat(seen.get("kill_jvm").asString()).isEqualTo("ProcessLookupError");
        assertThat(seen.get("jvm_environ").asString()).isEqualTo("FileNotFoundError");
        if (ROOT) {
            assertThat(seen.get("kill_parent").asString()).isEqualTo("PermissionError");
            assertThat(seen.get("kill_init").asString()).isEqualTo("PermissionError");
            assertThat(seen.get("environ").asString()).isEqualTo("PermissionError");
        }
        assertThat(ProcessHandle.of(jvm)).isPresent();
    }

    /** Leaves a double-forked {@code sleep <event['marker']>} running, detached in its own session. */
    private static final String DAEMON = py(
            "import os, time",
            "def handler(event, context):",
            "    if os.fork() == 0:",
            "        os.setsid()",
            "        if os.fork() == 0:",
            "            os.execv('/bin/sleep', ['sleep', event['marker']])",
            "        os._exit(0)",
            "    time.sleep(0.3)",
            "    time.sleep(event.get('then_sleep', 0))",
            "    return 'left a daemon'");

    private static boolean running(String marker) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.isAlive()
                && p.info().arguments().map(args -> List.of(args).contains(marker)).orElse(false)
                && !isZombie(p.pid()));
    }

    private static boolean isZombie(long pid) {
        return PythonFunctions.isGone(pid);
    }

    private static String marker() {
        // sleep takes fractional seconds: a number no other process on the machine runs with
        return "86400." + (1000 + new java.util.Random().nextInt(899_000));
    }

    @Test
    void aDaemonLeftByACallDiesWithTheCall() throws Exception {
        String marker = marker();
        FunctionVersion daemon = function("daemon", DAEMON);

        String outsideMarker = marker();
        ExecutionResult outside = unsandboxed.execute(request(daemon, "{\"marker\": \"" + outsideMarker + "\"}"));
        try {
            assertThat(outside.status()).isEqualTo(InvocationStatus.SUCCEEDED);
            assertThat(running(outsideMarker)).as("the test can fail: unsandboxed, the daemon outlives its call")
                    .isTrue();
        } finally {
            ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                    .map(args -> List.of(args).contains(outsideMarker)).orElse(false)).forEach(ProcessHandle::destroy);
        }

        ExecutionResult inside = sandboxed.execute(request(daemon, "{\"marker\": \"" + marker + "\"}"));

        assertThat(inside.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        await().atMost(Duration.ofSeconds(3)).until(() -> !running(marker));
    }

    @Test
    void aDaemonDiesWithAWorkerThatTimesOutOrIsRecycledAndWithTheProcessExecutor() throws Exception {
        FunctionVersion daemon = function("daemon-timeout", DAEMON);
        String timedOut = marker();

        ExecutionResult result = sandboxed.execute(request(daemon,
                "{\"marker\": \"" + timedOut + "\", \"then_sleep\": 60}", Duration.ofMillis(1500)));

        assertThat(result.status()).isEqualTo(InvocationStatus.TIMED_OUT);
        await().atMost(Duration.ofSeconds(3)).until(() -> !running(timedOut));

        PythonExecutor recycling = pool(PythonSettings.builder().poolSize(1).maxCallsPerWorker(1));
        String recycled = marker();
        assertThat(recycling.execute(request(daemon, "{\"marker\": \"" + recycled + "\"}")).status())
                .isEqualTo(InvocationStatus.SUCCEEDED);
        await().atMost(Duration.ofSeconds(3)).until(() -> !running(recycled));

        PythonExecutor perEvent = closeLater(FunctionExecutors.processPerEvent(
                PythonSettings.builder().poolSize(1).workDir(workDir).build()));
        perEvent.start();
        String once = marker();
        assertThat(perEvent.execute(request(daemon, "{\"marker\": \"" + once + "\"}")).status())
                .isEqualTo(InvocationStatus.SUCCEEDED);
        await().atMost(Duration.ofSeconds(3)).until(() -> !running(once));
    }

    @Test
    void theFileSizeAndTmpfsCapsStopWrites() throws Exception {
        PythonExecutor small = pool(PythonSettings.builder().poolSize(1).applyToWorkerSettings(w -> w.maxFileSizeMb(4)).applyToWorkerSettings(w -> w.tmpSizeMb(8)));
        FunctionVersion filler = function("filler", py(
                "import errno",
                "def handler(event, context):",
                "    chunk = b'x' * (1024 * 1024)",
                "    seen = {}",
                "    try:",
                "        with open('/tmp/big', 'wb') as f:",
                "            for i in range(16):",
                "                f.write(chunk)",
                "                f.flush()",
                "    except OSError as e:",
                "        seen['big'] = errno.errorcode.get(e.errno, str(e.errno))",
                "    import os",
                "    os.remove('/tmp/big')",
                "    written = 0",
                "    try:",
                "        for n in range(16):",
                "            with open('/tmp/part%d' % n, 'wb') as f:",
                "                for i in range(3):",
                "                    f.write(chunk)",
                "                    f.flush()",
                "                    written += 1",
                "    except OSError as e:",
                "        seen['many'] = errno.errorcode.get(e.errno, str(e.errno))",
                "    seen['written_mb'] = written",
                "    return seen"));

        JsonNode seen = succeeded(small.execute(request(filler, "{}")));

        assertThat(seen.get("big").asString()).isEqualTo("EFBIG");
        assertThat(seen.get("many").asString()).isEqualTo("ENOSPC");
        assertThat(seen.get("written_mb").asInt()).isBetween(6, 8);
    }

    @Test
    void memoryProcessAndCpuLimitsHold() throws Exception {
        PythonExecutor limited = pool(PythonSettings.builder().poolSize(1).applyToWorkerSettings(w -> w.memoryLimitMb(256)).applyToWorkerSettings(w -> w.maxProcesses(16))
                .cpuTimePerCall(Duration.ofSeconds(1)));
        FunctionVersion hog = function("hog", py(
                "import os, time",
                "def handler(event, context):",
                "    seen = {}",
                "    try:",
                "        block = bytearray(512 * 1024 * 1024)",
                "        seen['memory'] = 'allocated'",
                "    except MemoryError:",
                "        seen['memory'] = 'MemoryError'",
                "    children = []",
                "    try:",
                "        for i in range(64):",
                "            pid = os.fork()",
                "            if pid == 0:",
                "                time.sleep(30)",
                "                os._exit(0)",
                "            children.append(pid)",
                "        seen['forks'] = 'all %d' % len(children)",
                "    except OSError as e:",
                "        seen['forks'] = len(children)",
                "        seen['fork_error'] = type(e).__name__",
                "    return seen"));
        FunctionVersion spinner = function("spinner", py(
                "def handler(event, context):",
                "    while True:",
                "        pass"));

        JsonNode seen = succeeded(limited.execute(request(hog, "{}")));
        ExecutionResult spun = limited.execute(request(spinner, "{}", Duration.ofSeconds(20)));

        assertThat(seen.get("memory").asString()).isEqualTo("MemoryError");
        assertThat(seen.get("fork_error").asString()).isEqualTo("BlockingIOError");
        assertThat(seen.get("forks").asInt()).isBetween(1, 15);
        assertThat(spun.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(spun.error().type()).isEqualTo("WorkerCrashed");
        assertThat(spun.error().message()).contains("SIGXCPU");
    }

    @Test
    void bothThePyenvAndTheSystemInterpreterRunSandboxed() throws Exception {
        FunctionVersion where = function("where", py(
                "import os, sys, ssl, json, sqlite3",
                "def handler(event, context):",
                "    return {'prefix': sys.prefix, 'pids': len([p for p in os.listdir('/proc') if p.isdigit()])}"));
        for (String interpreter : List.of("python3", "/usr/bin/python3")) {
            PythonExecutor pool = pool(PythonSettings.builder().poolSize(1).applyToWorkerSettings(w -> w.interpreter(interpreter))
                    .applyToWorkerSettings(w -> w.sandbox(PythonSettings.Sandbox.BUBBLEWRAP)));
            JsonNode seen = succeeded(pool.execute(request(where, "{}")));
            assertThat(seen.get("pids").asInt()).as(interpreter).isEqualTo(2);
        }
    }

    @Test
    void aRequiredSandboxThatCannotRunStopsTheStartAndAutoFallsBackWithOneWarning() throws Exception {
        PythonExecutor required = closeLater(FunctionExecutors.pythonPool(PythonSettings.builder().workDir(workDir)
                .applyToWorkerSettings(w -> w.sandbox(PythonSettings.Sandbox.BUBBLEWRAP)).bubblewrapPath("/nonexistent/bwrap").build()));
        assertThatThrownBy(required::start).isInstanceOf(FaasException.class)
                .hasMessageContaining("sandbox is required")
                .hasMessageContaining("/nonexistent/bwrap");
        assertThat(required.isRunning()).isFalse();

        Logger logger = (Logger) LoggerFactory.getLogger(WorkerLauncher.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            String missing = "/nonexistent/bwrap-" + UUID.randomUUID().toString().substring(0, 8);
            PythonExecutor auto = pool(PythonSettings.builder().poolSize(1).bubblewrapPath(missing));
            PythonExecutor second = closeLater(FunctionExecutors.processPerEvent(PythonSettings.builder()
                    .workDir(workDir).bubblewrapPath(missing).build()));
            second.start();
            Path secret = Files.writeString(hostDir.resolve("auto.txt"), "visible");
            JsonNode seen = succeeded(auto.execute(request(function("auto-reader", READER),
                    JSON.writeValueAsString(java.util.Map.of("paths", List.of(secret.toString()))))));

            assertThat(seen.get(secret.toString()).asString()).as("unsandboxed").isEqualTo("read 7");
            assertThat(appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage))
                    .singleElement().asString().contains("UNSANDBOXED", missing);
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void registeringASpecAboveTheOperatorsCapsIsRefused() {
        String id = "sbx" + ProcessHandle.current().pid() + "x" + SEQ.incrementAndGet();
        FaasSettings settings = FaasSettings.builder()
                .kafkaBootstrapServers(servers.kafkaBootstrapServers())
                .mongoUri(servers.mongoUri())
                .mongoDatabase(id)
                .changesTopic(id + ".changes")
                .validation(false)
                .python(PythonSettings.builder().poolSize(1).applyToWorkerSettings(w -> w.memoryLimitMb(256)).maxMemoryLimitMb(512)
                        .allowNetwork(false).workDir(workDir).build())
                .dispatcher(DispatcherSettings.builder().groupId(id + "-dispatcher").deadLetterTopic(id + ".dlq")
                        .closeGracePeriod(Duration.ofSeconds(5)).build())
                .build();
        try (Faas faas = FaasClients.create(settings)) {
            String source = "def handler(event, context):\n    return 1\n";

            assertThatThrownBy(() -> faas.functions().register(FunctionSpec.builder("greedy")
                    .memoryLimitMb(1_000_000).build(), source))
                    .isInstanceOf(InvalidFunctionException.class)
                    .hasMessageContaining("memoryLimitMb 1000000 is above the most this server allows (512 MiB)");
            assertThatThrownBy(() -> faas.functions().register(FunctionSpec.builder("chatty").network(true)
                    .build(), source))
                    .isInstanceOf(InvalidFunctionException.class)
                    .hasMessageContaining("network access is not allowed");
            FunctionVersion fine = faas.functions().register(FunctionSpec.builder("modest").memoryLimitMb(512)
                    .build(), source);
            assertThat(fine.spec().memoryLimitMb()).isEqualTo(512);
            assertThat(faas.functions().get("greedy")).isEmpty();
        }
    }

    private static final AtomicInteger SEQ = new AtomicInteger();
}
