package io.faas.core.internal.execution.python;

import io.faas.api.Event;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.spi.ExecutionRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/** Functions and requests for the Python executor tests. */
final class PythonFunctions {

    private PythonFunctions() {
    }

    static FunctionVersion function(String name, String source) {
        return function(FunctionSpec.python(name, "orders"), 1, source);
    }

    static FunctionVersion function(FunctionSpec spec, int version, String source) {
        return new FunctionVersion(spec, version, source, sha256(spec.handler() + "\0" + source), Instant.now());
    }

    static ExecutionRequest request(FunctionVersion function, String payload) {
        return request(function, payload, function.spec().timeout());
    }

    static ExecutionRequest request(FunctionVersion function, String payload, Duration timeout) {
        Event event = new Event("evt-1", "orders", 2, 42L, "key-7", payload, Map.of("trace", "abc"),
                Instant.parse("2026-01-01T00:00:00Z"));
        return new ExecutionRequest(function, event, 1, timeout, 64 * 1024);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether the process is gone. A killed child of a killed worker is re-parented to PID 1 and
     * stays a zombie until PID 1 reaps it, which some container inits do late; a zombie runs
     * nothing, so it counts as gone.
     */
    static boolean isGone(long pid) {
        if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
            return true;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return true;
        }
    }

    /** Python source from lines, so tests read like the code they run. */
    static String py(String... lines) {
        return String.join("\n", lines) + "\n";
    }
}
