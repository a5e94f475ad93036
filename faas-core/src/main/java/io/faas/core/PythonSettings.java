package io.faas.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How Python functions are run on this machine: the interpreter, the size of the worker pool and
 * the limits of each worker. Immutable and thread-safe; build with {@link #builder()}, adjust a
 * copy with {@link #builder(PythonSettings)}.
 *
 * <p>Used by {@link FunctionExecutors#pythonPool(PythonSettings)} and
 * {@link FunctionExecutors#processPerEvent(PythonSettings)}.
 *
 * @since 0.1
 */
public final class PythonSettings {

    private final String interpreter;
    private final int poolSize;
    private final Duration idleTimeout;
    private final int minIdle;
    private final int maxCallsPerWorker;
    private final int memoryLimitMb;
    private final int logLimitBytes;
    private final Path workDir;
    private final Duration startTimeout;
    private final int maxModulesPerWorker;

    private PythonSettings(Builder b) {
        this.interpreter = b.interpreter;
        this.poolSize = b.poolSize;
        this.idleTimeout = b.idleTimeout;
        this.minIdle = b.minIdle;
        this.maxCallsPerWorker = b.maxCallsPerWorker;
        this.memoryLimitMb = b.memoryLimitMb;
        this.logLimitBytes = b.logLimitBytes;
        this.workDir = b.workDir;
        this.startTimeout = b.startTimeout;
        this.maxModulesPerWorker = b.maxModulesPerWorker;
    }

    /** A builder with every default set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from {@code existing}. */
    public static Builder builder(PythonSettings existing) {
        return new Builder(Objects.requireNonNull(existing, "existing"));
    }

    /** Settings with every default. */
    public static PythonSettings defaults() {
        return builder().build();
    }

    /**
     * Python 3.9 or later to run, as a command looked up on the {@code PATH} or a path (default
     * {@code python3}). It is resolved once, with the host's environment, to the real executable
     * ({@code sys.executable}), so a pyenv or virtualenv shim works; workers then run that
     * executable with a scrubbed environment.
     */
    public String interpreter() {
        return interpreter;
    }

    /** Most worker processes alive at once, and so most calls running at once (default {@code max(2, CPUs)}). */
    public int poolSize() {
        return poolSize;
    }

    /** How long a worker may stay idle before it is stopped, unless it is one of {@link #minIdle()} (default 5 min). */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Idle workers kept warm however long they are idle; also started by {@code start()} (default 0). */
    public int minIdle() {
        return minIdle;
    }

    /** Calls after which a worker is replaced by a fresh process (default 10,000). */
    public int maxCallsPerWorker() {
        return maxCallsPerWorker;
    }

    /**
     * Address-space limit ({@code RLIMIT_AS}) of a worker, in MiB; 0 for none (default 1024). A
     * function whose {@code FunctionSpec.memoryLimitMb()} is above 0 gets that limit instead.
     */
    public int memoryLimitMb() {
        return memoryLimitMb;
    }

    /**
     * Most bytes (UTF-8) of output kept per call (default 65,536); a request may ask for less,
     * never for more.
     */
    public int logLimitBytes() {
        return logLimitBytes;
    }

    /** Directory under which every worker gets a private working directory (default {@code java.io.tmpdir}). */
    public Path workDir() {
        return workDir;
    }

    /** Longest wait for a new worker to report ready, and for the interpreter look-up (default 10 s). */
    public Duration startTimeout() {
        return startTimeout;
    }

    /** Function modules a worker keeps loaded, least recently used dropped first (default 64). */
    public int maxModulesPerWorker() {
        return maxModulesPerWorker;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PythonSettings)) {
            return false;
        }
        PythonSettings s = (PythonSettings) o;
        return poolSize == s.poolSize && minIdle == s.minIdle && maxCallsPerWorker == s.maxCallsPerWorker
                && memoryLimitMb == s.memoryLimitMb && logLimitBytes == s.logLimitBytes
                && maxModulesPerWorker == s.maxModulesPerWorker && interpreter.equals(s.interpreter)
                && idleTimeout.equals(s.idleTimeout) && workDir.equals(s.workDir)
                && startTimeout.equals(s.startTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(interpreter, poolSize, idleTimeout, minIdle, maxCallsPerWorker, memoryLimitMb,
                logLimitBytes, workDir, startTimeout, maxModulesPerWorker);
    }

    @Override
    public String toString() {
        return "PythonSettings{interpreter=" + interpreter + ", poolSize=" + poolSize + ", idleTimeout=" + idleTimeout
                + ", minIdle=" + minIdle + ", maxCallsPerWorker=" + maxCallsPerWorker + ", memoryLimitMb="
                + memoryLimitMb + ", logLimitBytes=" + logLimitBytes + ", workDir=" + workDir + ", startTimeout="
                + startTimeout + ", maxModulesPerWorker=" + maxModulesPerWorker + "}";
    }

    /** Mutable builder; {@link #build()} checks every value. Not thread-safe. */
    public static final class Builder {
        private String interpreter = "python3";
        private int poolSize = Math.max(2, Runtime.getRuntime().availableProcessors());
        private Duration idleTimeout = Duration.ofMinutes(5);
        private int minIdle;
        private int maxCallsPerWorker = 10_000;
        private int memoryLimitMb = 1024;
        private int logLimitBytes = 64 * 1024;
        private Path workDir = Path.of(System.getProperty("java.io.tmpdir"));
        private Duration startTimeout = Duration.ofSeconds(10);
        private int maxModulesPerWorker = 64;

        private Builder() {
        }

        private Builder(PythonSettings s) {
            interpreter = s.interpreter;
            poolSize = s.poolSize;
            idleTimeout = s.idleTimeout;
            minIdle = s.minIdle;
            maxCallsPerWorker = s.maxCallsPerWorker;
            memoryLimitMb = s.memoryLimitMb;
            logLimitBytes = s.logLimitBytes;
            workDir = s.workDir;
            startTimeout = s.startTimeout;
            maxModulesPerWorker = s.maxModulesPerWorker;
        }

        public Builder interpreter(String interpreter) {
            this.interpreter = interpreter;
            return this;
        }

        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder minIdle(int minIdle) {
            this.minIdle = minIdle;
            return this;
        }

        public Builder maxCallsPerWorker(int maxCallsPerWorker) {
            this.maxCallsPerWorker = maxCallsPerWorker;
            return this;
        }

        public Builder memoryLimitMb(int memoryLimitMb) {
            this.memoryLimitMb = memoryLimitMb;
            return this;
        }

        public Builder logLimitBytes(int logLimitBytes) {
            this.logLimitBytes = logLimitBytes;
            return this;
        }

        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        public Builder maxModulesPerWorker(int maxModulesPerWorker) {
            this.maxModulesPerWorker = maxModulesPerWorker;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first setting that is out of range, and the range
         * @throws NullPointerException     naming the first setting that is {@code null}
         */
        public PythonSettings build() {
            Objects.requireNonNull(interpreter, "python interpreter");
            if (interpreter.isBlank()) {
                throw new IllegalArgumentException("python interpreter must not be blank");
            }
            Settings.atLeast("python poolSize", poolSize, 1);
            Settings.positive("python idleTimeout", idleTimeout);
            Settings.atLeast("python minIdle", minIdle, 0);
            if (minIdle > poolSize) {
                throw new IllegalArgumentException("python minIdle must be at most poolSize (" + poolSize + "): "
                        + minIdle);
            }
            Settings.atLeast("python maxCallsPerWorker", maxCallsPerWorker, 1);
            Settings.atLeast("python memoryLimitMb", memoryLimitMb, 0);
            Settings.atLeast("python logLimitBytes", logLimitBytes, 0);
            Objects.requireNonNull(workDir, "python workDir");
            Settings.positive("python startTimeout", startTimeout);
            Settings.atLeast("python maxModulesPerWorker", maxModulesPerWorker, 1);
            return new PythonSettings(this);
        }
    }
}
