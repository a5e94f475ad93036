package io.faas.ssh.internal;

import java.time.Instant;

import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.InvocationStatus;
import io.faas.api.ServiceUnavailableException;
import io.faas.api.spi.ExecutionResult;
import io.faas.ssh.SshHostSettings;
import io.faas.core.internal.execution.python.PythonProtocol;
import io.faas.testkit.EmbeddedSshd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.faas.ssh.internal.RemoteFunctions.function;
import static io.faas.ssh.internal.RemoteFunctions.knownHosts;
import static io.faas.ssh.internal.RemoteFunctions.pool;
import static io.faas.ssh.internal.RemoteFunctions.py;
import static io.faas.ssh.internal.RemoteFunctions.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The SSH executor against two real OpenSSH servers on loopback ports. */
class SshExecutorIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static EmbeddedSshd a;
    private static EmbeddedSshd b;

    @TempDir
    Path dir;

    private SshExecutor executor;

    @BeforeAll
    static void startServers() {
        assumeTrue(EmbeddedSshd.isAvailable(), "openssh-server is not installed");
        a = EmbeddedSshd.builder().build().start();
        b = EmbeddedSshd.builder().clientKey(a.clientKey()).build().start();
    }

    @AfterAll
    static void stopServers() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @AfterEach
    void closeExecutor() {
        if (executor != null) {
            executor.close();
        }
        a.start(); // a test may have killed them
        b.start();
    }

    static Path clientKey() {
        return a.clientKey();
    }

    private SshExecutor start(io.faas.ssh.SshPoolSettings settings) {
        executor = new SshExecutor(settings);
        executor.start();
        return executor;
    }

    @Test
    void uploadsCodeOnceByItsHashAndRunsItInAWarmRemoteWorker() throws Exception {
        Path remote = dir.resolve("remote");
        start(pool("warm", remote, knownHosts(dir, a), a).build());
        String source = py("import os",
                "def handler(event, context):",
                "    print('on', context.function_name)",
                "    return {'sum': event['a'] + event['b'], 'pid': os.getpid(), 'cwd': os.getcwd()}");
        FunctionVersion f = function("adder", source);

        ExecutionResult first = executor.execute(request(f, "{\"a\":1,\"b\":2}"));
        ExecutionResult second = executor.execute(request(f, "{\"a\":3,\"b\":4}"));

        assertThat(first.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(first.result()).contains("\"sum\":3");
        assertThat(first.logs()).contains("on adder");
        assertThat(first.coldStart()).isTrue();
        assertThat(second.result()).contains("\"sum\":7");
        assertThat(second.coldStart()).isFalse();
        assertThat(pid(second)).isEqualTo(pid(first)); // the same warm worker
        assertThat(first.result()).contains(remote.resolve("run").toString()); // its private directory
        Path code = remote.resolve("fn").resolve(PythonProtocol.codeRef(source)).resolve("main.py");
        assertThat(code).hasContent(source.stripTrailing());
        try (var scripts = Files.list(remote.resolve("worker"))) {
            assertThat(scripts.toList()).hasSize(1);
        }
    }

    @Test
    void aPackageOrAFunctionWithLayersIsRefusedWithoutRunningAnything() throws Exception {
        Path remote = dir.resolve("remote");
        start(pool("nopkg", remote, knownHosts(dir, a), a).build());
        String source = py("def handle(event, context):", "    return 1");
        FunctionVersion packaged = new FunctionVersion(FunctionSpec.builder("pkg").topics("orders")
                .handler("main.handle").build(), 1, source, PythonProtocol.codeRef(source), Instant.now(),
                "0".repeat(64));
        FunctionVersion layered = function(FunctionSpec.builder("lay").topics("orders").handler("handle")
                .layers(java.util.List.of("tools@" + "1".repeat(64))).build(), source);
        for (FunctionVersion f : java.util.List.of(packaged, layered)) {
            ExecutionResult result = executor.execute(request(f, "{}"));
            assertThat(result.status()).isEqualTo(InvocationStatus.FAILED);
            assertThat(result.error().type()).isEqualTo("PackageUnsupported");
            assertThat(result.error().message()).contains("run it on the local or process executor");
        }
        assertThat(remote.resolve("fn")).doesNotExist(); // no code was uploaded
    }

    @Test
    void theFunctionsEnvironmentAndSecretsReachTheRemoteWorkerForTheCallOnly() throws Exception {
        start(pool("env", dir.resolve("remote"), knownHosts(dir, a), a).build());
        FunctionVersion f = function(io.faas.api.FunctionSpec.builder("env").topics("orders")
                .environment("MODE", "fast").build(), py("import os",
                "def handler(event, context):",
                "    return [os.environ.get('MODE'), os.environ.get('TOKEN')]"));
        FunctionVersion plain = function("plain", py("import os",
                "def handler(event, context):",
                "    return [os.environ.get('MODE'), os.environ.get('TOKEN')]"));

        ExecutionResult seen = executor.execute(request(f, "{}").withSecrets(java.util.Map.of("TOKEN", "t0k")));
        ExecutionResult after = executor.execute(request(plain, "{}"));

        assertThat(seen.result()).isEqualTo("[\"fast\",\"t0k\"]");
        assertThat(after.result()).isEqualTo("[null,null]");
    }

    @Test
    void aRemoteWorkerWrapsItselfInBubblewrapWhereItIsInstalled() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "host secret");
        start(pool("boxed", dir.resolve("remote"), knownHosts(dir, a), a)
                .applyToWorkerSettings(w -> w.sandbox(io.faas.core.PythonSettings.Sandbox.BUBBLEWRAP)).build());
        FunctionVersion f = function("boxed", py("import os, socket",
                "def handler(event, context):",
                "    seen = {'pids': sorted(int(p) for p in os.listdir('/proc') if p.isdigit()), 'me': os.getpid(),",
                "            'uid': os.getuid(), 'cwd': os.getcwd()}",
                "    try:",
                "        seen['secret'] = open(event['secret']).read()",
                "    except OSError as e:",
                "        seen['secret'] = type(e).__name__",
                "    try:",
                "        socket.create_connection(('127.0.0.1', event['port']), timeout=2).close()",
                "        seen['ssh'] = 'connected'",
                "    except OSError as e:",
                "        seen['ssh'] = type(e).__name__",
                "    return seen"));

        ExecutionResult result = executor.execute(request(f, "{\"secret\": \"" + secret + "\", \"port\": "
                + a.port() + "}"));

        assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(InvocationStatus.SUCCEEDED);
        tools.jackson.databind.JsonNode seen = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(result.result());
        assertThat(seen.get("pids").toString()).isEqualTo("[1," + seen.get("me").asInt() + "]");
        assertThat(seen.get("secret").asString()).isEqualTo("FileNotFoundError");
        assertThat(seen.get("ssh").asString()).isEqualTo("ConnectionRefusedError");
        assertThat(seen.get("cwd").asString()).isEqualTo("/tmp");
        if ("root".equals(System.getProperty("user.name"))) {
            assertThat(seen.get("uid").asInt()).isEqualTo(65534);
        }
    }

    private static String pid(ExecutionResult result) {
        return result.result().replaceAll(".*\"pid\":(\\d+).*", "$1");
    }

    @Test
    void aFunctionErrorOrCrashIsTheResultAndTheHostStaysUp() throws Exception {
        start(pool("errors", dir.resolve("remote"), knownHosts(dir, a), a).build());
        FunctionVersion f = function("bad", py("import os",
                "def handler(event, context):",
                "    if event == 'crash':",
                "        os._exit(3)",
                "    return 1 / 0"));

        ExecutionResult failed = executor.execute(request(f, "\"div\""));
        ExecutionResult crashed = executor.execute(request(f, "\"crash\""));

        assertThat(failed.error().type()).isEqualTo("ZeroDivisionError");
        assertThat(crashed.error().type()).isEqualTo("WorkerCrashed");
        assertThat(crashed.error().message()).contains("exit code 3");
        assertThat(executor.load()).allMatch(SshExecutor.HostLoad::up);
    }

    @Test
    void aTimeoutKillsTheRemoteWorkerAndWhatItStarted() throws Exception {
        start(pool("timeouts", dir.resolve("remote"), knownHosts(dir, a), a).build());
        Path pids = dir.resolve("pids");
        FunctionVersion f = function(FunctionSpec.python("sleeper", "orders"), py("import os, subprocess, time",
                "def handler(event, context):",
                "    child = subprocess.Popen(['sleep', '60'])",
                "    with open(event, 'w') as f:",
                "        f.write('%d %d' % (os.getpid(), child.pid))",
                "    time.sleep(60)"));

        ExecutionResult result = executor.execute(request(f, "\"" + pids + "\"", Duration.ofSeconds(2)));

        assertThat(result.status()).isEqualTo(InvocationStatus.TIMED_OUT);
        assertThat(result.error().type()).isEqualTo("TimeoutError");
        for (String pid : Files.readString(pids).split(" ")) {
            await().atMost(WAIT).until(() -> gone(Long.parseLong(pid)));
        }
    }

    /** Gone, or a zombie waiting for its reaper: either way it runs nothing. */
    private static boolean gone(long pid) {
        if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return true;
        }
    }

    @Test
    void aHostKilledDuringACallIsMarkedDownTheCallFinishesOnTheOtherAndTheHostIsProbedBackIn() throws Exception {
        start(pool("failover", dir.resolve("remote"), knownHosts(dir, a, b), a, b).build());
        Path started = dir.resolve("started");
        FunctionVersion f = function("slow", py("import os, time",
                "def handler(event, context):",
                "    open(event, 'a').write('%d ' % os.getpid())",
                "    time.sleep(1.5)",
                "    return 'done'"));
        await().atMost(WAIT).until(() -> executor.load().stream().allMatch(h -> h.warmWorkers() > 0));

        CompletableFuture<ExecutionResult> call = CompletableFuture.supplyAsync(() -> {
            try {
                return executor.execute(request(f, "\"" + started + "\""));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(WAIT).until(() -> Files.exists(started));
        long worker = Long.parseLong(Files.readString(started).trim());
        EmbeddedSshd victim = a.serves(worker) ? a : b;
        String busy = "127.0.0.1:" + victim.port();
        assertThat(victim.serves(worker)).isTrue();
        victim.kill();

        ExecutionResult result = call.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(result.result()).isEqualTo("\"done\"");
        String[] pids = Files.readString(started).trim().split(" ");
        assertThat(pids).hasSize(2); // started on both hosts, the second time on the other
        EmbeddedSshd survivor = victim == a ? b : a;
        assertThat(survivor.serves(Long.parseLong(pids[1]))).isTrue();
        assertThat(executor.load()).filteredOn(h -> h.id().equals(busy)).singleElement()
                .satisfies(h -> assertThat(h.up()).isFalse());

        victim.start();
        await().atMost(WAIT).until(() -> executor.load().stream().allMatch(SshExecutor.HostLoad::up));
    }

    @Test
    void aHostWhoseKeyDoesNotMatchKnownHostsIsRefused() throws Exception {
        // known_hosts names a's port with b's key: what a man in the middle would look like.
        Path wrong = dir.resolve("known_hosts_wrong");
        Files.writeString(wrong, a.knownHostsLine().split(" ")[0] + " "
                + b.knownHostsLine().split(" ", 2)[1] + "\n");
        start(pool("mitm", dir.resolve("remote"), wrong, a).build());
        FunctionVersion f = function("never", py("def handler(event, context):", "    return 'ran'"));

        assertThatThrownBy(() -> executor.execute(request(f, "{}")))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("host key");
        assertThat(executor.load()).singleElement().satisfies(h -> {
            assertThat(h.up()).isFalse();
            assertThat(h.lastError()).contains("host key");
        });
        assertThat(dir.resolve("remote")).doesNotExist(); // nothing was uploaded
    }

    @Test
    void nothingAFunctionOrAnEventCarriesReachesAShell() throws Exception {
        start(pool("quoting", dir.resolve("remote"), knownHosts(dir, a), a).build());
        Path marker = dir.resolve("pwned");
        String attack = "$(touch " + marker + ")`touch " + marker + "`; touch " + marker;
        FunctionVersion f = function(FunctionSpec.builder("quoting-f").topics("orders").handler("handler").build(),
                py("def handler(event, context):", "    return [event, context.key]"));
        var event = new io.faas.api.Event("id'; touch " + marker + "'", "orders", 0, 1L, attack,
                "\"" + attack + "\"",
                java.util.Map.of("h", attack), java.time.Instant.now());

        ExecutionResult result = executor.execute(new io.faas.api.spi.ExecutionRequest(f, event, 1,
                Duration.ofSeconds(10), 1024));

        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(result.result()).contains("touch");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aHostThatJoinsLaterTakesCallsAndOneThatLeavesDoesNot() throws Exception {
        start(pool("dynamic", dir.resolve("remote"), knownHosts(dir, a, b)).build());
        FunctionVersion f = function("joined", py("def handler(event, context):", "    return 'ok'"));
        assertThatThrownBy(() -> executor.execute(request(f, "{}")))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("no host");

        assertThat(executor.join(new SshHostSettings("i-1", a.host(), a.port(), null, null))).isTrue();
        assertThat(executor.execute(request(f, "{}")).result()).isEqualTo("\"ok\"");

        assertThat(executor.leave("i-1")).isTrue();
        assertThat(executor.hostIds()).isEmpty();
        assertThatThrownBy(() -> executor.execute(request(f, "{}"))).isInstanceOf(ServiceUnavailableException.class);
    }
}
