package io.faas.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored version of a function: its specification and code. Versions start at 1 and grow
 * by one with every update.
 *
 * @param spec          specification of this version
 * @param version       version number, at least 1
 * @param source        Python source code; for a {@link FunctionPackage package}, the source of its
 *                      handler module (what a reader is shown first); {@code null} for Java functions
 * @param sourceHash    SHA-256 (hex) of what runs: the source (or package) and handler for Python,
 *                      the handler label for Java; workers cache loaded code by it
 * @param createdAt     when this version was stored
 * @param packageDigest SHA-256 (hex) of the version's {@link FunctionPackage package} as stored,
 *                      which versions with the same files share; {@code null} for a single-file
 *                      function (since 0.3)
 * @since 0.1
 */
public record FunctionVersion(FunctionSpec spec, int version, String source, String sourceHash, Instant createdAt,
                              String packageDigest) {

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
        if (packageDigest != null && !packageDigest.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("package digest must be 64 lower-case hex digits: " + packageDigest);
        }
    }

    /** A version of a single-file function, as before packages existed. */
    public FunctionVersion(FunctionSpec spec, int version, String source, String sourceHash, Instant createdAt) {
        this(spec, version, source, sourceHash, createdAt, null);
    }

    /**
     * Whether the version's code is a {@link FunctionPackage package}.
     *
     * @since 0.3
     */
    public boolean isPackage() {
        return packageDigest != null;
    }

    /** Shortcut for {@code spec().name()}. */
    public String name() {
        return spec.name();
    }
}
