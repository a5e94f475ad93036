package io.faas.ssh.internal;

import io.faas.api.Event;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.spi.ExecutionRequest;
import io.faas.ssh.SshPoolSettings;
import io.faas.core.internal.execution.python.PythonProtocol;
import io.faas.testkit.EmbeddedSshd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/** Functions, requests and pools over embedded sshd for the remote executor tests. */
final class RemoteFunctions {

    private RemoteFunctions() {
    }

    static FunctionVersion function(String name, String source) {
        return function(FunctionSpec.python(name, "orders"), source);
    }

    static FunctionVersion function(FunctionSpec spec, String source) {
        return new FunctionVersion(spec, 1, source, PythonProtocol.codeRef(spec.handler() + "\0" + source),
                Instant.now());
    }

    static ExecutionRequest request(FunctionVersion function, String payload) {
        return request(function, payload, function.spec().timeout());
    }

    static ExecutionRequest request(FunctionVersion function, String payload, Duration timeout) {
        Event event = new Event("evt-1", "orders", 0, 7L, null, payload, Map.of(), Instant.now());
        return new ExecutionRequest(function, event, 1, timeout, 64 * 1024);
    }

    static String py(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    /** A known_hosts file listing the host keys of these servers. */
    static Path knownHosts(Path dir, EmbeddedSshd... servers) {
        try {
            Path file = Files.createTempFile(dir, "known_hosts", "");
            Files.writeString(file, String.join("\n", Arrays.stream(servers).map(EmbeddedSshd::knownHostsLine)
                    .toList()) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A pool over these servers, strict host key checking on, quick health checks. */
    static SshPoolSettings.Builder pool(String name, Path remoteDir, Path knownHosts, EmbeddedSshd... servers) {
        SshPoolSettings.Builder b = SshPoolSettings.builder(name)
                .user(System.getProperty("user.name"))
                .privateKey(SshExecutorIT.clientKey())
                .knownHosts(knownHosts)
                .remoteDir(remoteDir.toString())
                .concurrencyPerHost(2)
                // These tests watch remote workers by host pid and their files on the host, which
                // the sandbox hides; SshExecutorIT has its own test of the sandboxed remote worker.
                .applyToWorkerSettings(w -> w.memoryLimitMb(0).sandbox(io.faas.core.PythonSettings.Sandbox.NONE))
                .healthCheckInterval(Duration.ofMillis(300))
                .connectTimeout(Duration.ofSeconds(3));
        for (EmbeddedSshd server : servers) {
            b.host(server.host(), server.port());
        }
        return b;
    }
}
