package io.faas.core.internal.execution.python;

import io.faas.api.FunctionVersion;
import io.faas.api.InvocationStatus;
import io.faas.core.PythonSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.faas.core.internal.execution.python.PythonFunctions.function;
import static io.faas.core.internal.execution.python.PythonFunctions.py;
import static io.faas.core.internal.execution.python.PythonFunctions.request;
import static org.assertj.core.api.Assertions.assertThat;

/** The worker protocol below the pool: one launcher, one worker. */
class PythonWorkerProtocolTest {

    @TempDir
    Path workDir;

    private WorkerLauncher launcher;
    private PythonWorker worker;

    @BeforeEach
    void launch() throws Exception {
        launcher = new WorkerLauncher(PythonSettings.builder().workDir(workDir).applyToWorkerSettings(w -> w.maxModulesPerWorker(2)).build(),
                "faas-python-test-");
        launcher.start();
        worker = launcher.launch(WorkerProfile.unbound(0), false);
    }

    @AfterEach
    void stop() {
        worker.stop(2000);
        launcher.close();
    }

    @Test
    void answersPing() throws Exception {
        worker.send(PythonProtocol.ping(7));

        PythonProtocol.Reply reply = PythonProtocol.parse(worker.receive(TimeUnit.SECONDS.toNanos(5)));

        assertThat(reply.op()).isEqualTo("pong");
        assertThat(reply.id()).isEqualTo(7);
    }

    @Test
    void asksForTheSourceWhenItDoesNotHaveTheModule() throws Exception {
        FunctionVersion f = function("needs-source", py("def handler(event, context):", "    return 'loaded'"));
        worker.send(PythonProtocol.invoke(1, request(f, "{}"), false, false, 100));

        PythonProtocol.Reply reply = PythonProtocol.parse(worker.receive(TimeUnit.SECONDS.toNanos(5)));

        assertThat(reply.status()).isEqualTo("NEED_SOURCE");
        assertThat(reply.id()).isEqualTo(1);
    }

    @Test
    void aCallResendsTheSourceWhenTheWorkerDroppedTheModule() throws Exception {
        FunctionVersion f = function("dropped", py("def handler(event, context):", "    return 'reloaded'"));
        worker.noteLoaded(f.sourceHash(), true); // this side believes it is loaded; the worker never saw it

        WorkerCall.Outcome outcome = WorkerCall.run(worker, request(f, "{}"), 100);

        assertThat(outcome.result().status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(outcome.result().result()).isEqualTo("\"reloaded\"");
        assertThat(outcome.result().coldStart()).isTrue();
        assertThat(outcome.workerReusable()).isTrue();
    }

    @Test
    void aWorkerWithACodeDirectoryReadsCodeByItsHashAndRefusesATamperedFile() throws Exception {
        String good = py("def handler(event, context):", "    return 'from the code directory'");
        String other = py("def handler(event, context):", "    return 'tampered'");
        FunctionVersion f = function("by-ref", good);
        FunctionVersion g = function("tampered", other);
        Path codeDir = workDir.resolve("fn");
        java.nio.file.Files.createDirectories(codeDir.resolve(PythonProtocol.codeRef(good)));
        java.nio.file.Files.writeString(codeDir.resolve(PythonProtocol.codeRef(good)).resolve("main.py"), good);
        // The file named by g's hash holds other bytes: the worker must not run them.
        java.nio.file.Files.createDirectories(codeDir.resolve(PythonProtocol.codeRef(other)));
        java.nio.file.Files.writeString(codeDir.resolve(PythonProtocol.codeRef(other)).resolve("main.py"), good);
        Process process = new ProcessBuilder(launcher.executable(), launcher.root().resolve("faas_worker.py").toString(),
                "--code-dir", codeDir.toString(), "--private-dir-root", workDir.resolve("run").toString()).start();
        PythonWorker byRef = PythonWorker.attach(new LocalWorkerProcess(process, workDir.resolve("none")), WorkerProfile.unbound(0), 4, true);
        try {
            WorkerLauncher.awaitReady(byRef, java.time.Duration.ofSeconds(10));
            WorkerCall.Outcome first = WorkerCall.run(byRef, request(f, "{}"), 100);
            WorkerCall.Outcome second = WorkerCall.run(byRef, request(f, "{}"), 100);
            WorkerCall.Outcome tampered = WorkerCall.run(byRef, request(g, "{}"), 100);

            assertThat(first.result().result()).isEqualTo("\"from the code directory\"");
            assertThat(first.result().coldStart()).isTrue();
            assertThat(second.result().coldStart()).isFalse();
            // NEED_SOURCE, then the source inline: the function's own code ran.
            assertThat(tampered.result().result()).isEqualTo("\"tampered\"");
            assertThat(workDir.resolve("run")).isDirectory();
            assertThat(java.nio.file.Files.list(workDir.resolve("run")).count()).isEqualTo(1);
        } finally {
            byRef.stop(2000);
        }
        // The private directory goes with a worker that ends normally.
        assertThat(java.nio.file.Files.list(workDir.resolve("run")).count()).isZero();
    }

    @Test
    void theWorkerKeepsOnlyTheMostRecentlyUsedModules() throws Exception {
        FunctionVersion a = function("lru-a", py("def handler(event, context):", "    return 'a'"));
        FunctionVersion b = function("lru-b", py("def handler(event, context):", "    return 'b'"));
        FunctionVersion c = function("lru-c", py("def handler(event, context):", "    return 'c'"));

        boolean[] cold = new boolean[5];
        FunctionVersion[] order = {a, b, a, c, b};
        for (int i = 0; i < order.length; i++) {
            cold[i] = WorkerCall.run(worker, request(order[i], "{}"), 100).result().coldStart();
        }

        // capacity 2: a, b loaded; a used again; c evicts b; b is loaded again
        assertThat(cold).containsExactly(true, true, false, true, true);
        assertThat(worker.knows(a.sourceHash())).isFalse();
        assertThat(worker.knows(c.sourceHash())).isTrue();
    }
}
