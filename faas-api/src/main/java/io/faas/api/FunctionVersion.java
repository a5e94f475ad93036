package io.faas.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored version of a function: its specification and code. Versions start at 1 and grow
 * by one with every update.
 *
 * @param spec       specification of this version
 * @param version    version number, at least 1
 * @param source     Python source code; {@code null} for Java functions
 * @param sourceHash SHA-256 (hex) of what runs: the source and handler for Python, the handler
 *                   label for Java; workers cache loaded code by it
 * @param createdAt  when this version was stored
 * @since 0.1
 */
public record FunctionVersion(FunctionSpec spec, int version, String source, String sourceHash, Instant createdAt) {

    public FunctionVersion {
        Objects.requireNonNull(spec, "spec");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1: " + version);
        }
        if (spec.runtime() == FunctionRuntime.PYTHON && source == null) {
            throw new IllegalArgumentException("Python function '" + spec.name() + "' needs source code");
        }
        Objects.requireNonNull(sourceHash, "sourceHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Shortcut for {@code spec().name()}. */
    public String name() {
        return spec.name();
    }
}
