package io.faas.core;

import io.faas.core.internal.common.SettingsChecks;
import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.api.InvalidFunctionException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * How Python functions are run on this machine: the interpreter, the size of the worker pool, the
 * sandbox and the limits of each worker, which the operator sets and a function spec cannot raise.
 * What each worker process gets is a nested {@link WorkerSettings} ({@link #workers()}), the same
 * type an SSH pool holds, set with {@link Builder#applyToWorkerSettings}. Immutable and
 * thread-safe; build with {@link #builder()}, adjust a copy with {@link #builder(PythonSettings)}.
 *
 * <p>Used by {@link FunctionExecutors#pythonPool(PythonSettings)} and
 * {@link FunctionExecutors#processPerEvent(PythonSettings)}.
 *
 * @since 0.1
 */
public final class PythonSettings {

    private final WorkerSettings workers;
    private final int poolSize;
    private final int minIdle;
    private final int maxCallsPerWorker;
    private final Path workDir;
    private final String bubblewrapPath;
    private final boolean allowNetwork;
    private final int maxMemoryLimitMb;
    private final Duration cpuTimePerCall;
    private final Path wheelhouse;
    private final String indexUrl;
    private final Duration pipTimeout;

    /** Whether Python workers on this machine run inside a sandbox. */
    public enum Sandbox {
        /** Bubblewrap when it works on this host (tried once at start), else none, with a warning. */
        AUTO,
        /** Bubblewrap, required: the executor does not start when it cannot be used. */
        BUBBLEWRAP,
        /** No sandbox: functions run as the JVM's user and see what it sees. */
        NONE
    }

    private PythonSettings(Builder b, WorkerSettings workers) {
        this.workers = workers;
        this.poolSize = b.poolSize;
        this.minIdle = b.minIdle;
        this.maxCallsPerWorker = b.maxCallsPerWorker;
        this.workDir = b.workDir;
        this.bubblewrapPath = b.bubblewrapPath;
        this.allowNetwork = b.allowNetwork;
        this.maxMemoryLimitMb = b.maxMemoryLimitMb;
        this.cpuTimePerCall = b.cpuTimePerCall;
        this.wheelhouse = b.wheelhouse;
        this.indexUrl = b.indexUrl;
        this.pipTimeout = b.pipTimeout;
    }

    /**
     * Directory of wheels that a package's {@code requirements.txt} is resolved against, with pip's
     * {@code --no-index --find-links}; {@code null} (the default) when there is none.
     *
     * @since 0.3
     */
    public Path wheelhouse() {
        return wheelhouse;
    }

    /**
     * Package index that a package's {@code requirements.txt} is resolved against when there is no
     * {@link #wheelhouse()}; {@code null} (the default) for none. With neither, a package with
     * requirements is refused.
     *
     * @since 0.3
     */
    public String indexUrl() {
        return indexUrl;
    }

    /**
     * Longest pip may take to resolve one package's requirements (default 2 min); past it pip is
     * killed and the deploy refused.
     *
     * @since 0.3
     */
    public Duration pipTimeout() {
        return pipTimeout;
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
     * What each worker process gets: interpreter, start and idle timeouts, memory and file limits,
     * sandbox. Here {@link WorkerSettings#startTimeout()} defaults to 10 s.
     *
     * @since 0.2
     */
    public WorkerSettings workers() {
        return workers;
    }

    /** Most worker processes alive at once, and so most calls running at once (default {@code max(2, CPUs)}). */
    public int poolSize() {
        return poolSize;
    }


    /** Idle workers kept warm however long they are idle; also started by {@code start()} (default 0). */
    public int minIdle() {
        return minIdle;
    }

    /** Calls after which a worker is replaced by a fresh process (default 10,000). */
    public int maxCallsPerWorker() {
        return maxCallsPerWorker;
    }



    /** Directory under which every worker gets a private working directory (default {@code java.io.tmpdir}). */
    public Path workDir() {
        return workDir;
    }




    /** The bubblewrap executable, a path or a command looked up on the workers' {@code PATH} (default {@code bwrap}). */
    public String bubblewrapPath() {
        return bubblewrapPath;
    }



    /**
     * Whether a function may ask for the host's network ({@code FunctionSpec.network()}); without
     * it a sandboxed worker has only its own loopback (default true).
     */
    public boolean allowNetwork() {
        return allowNetwork;
    }

    /**
     * Highest memory limit a function spec may ask for, in MiB; 0 for no cap (default 1024). A spec
     * asking more is refused when registered. Workers never run without a limit when this is set.
     */
    public int maxMemoryLimitMb() {
        return maxMemoryLimitMb;
    }




    /**
     * CPU time one call may use ({@code RLIMIT_CPU}, renewed before each call; whole seconds),
     * {@link Duration#ZERO} for none (default 15 min, the longest timeout). Past it the worker is
     * killed and the call fails as a crash.
     */
    public Duration cpuTimePerCall() {
        return cpuTimePerCall;
    }

    /**
     * The memory limit a worker for this spec runs with: the spec's own, else the default
     * ({@link WorkerSettings#memoryLimitMb()}), and never none when {@link #maxMemoryLimitMb()} is set.
     */
    public int memoryLimitMb(FunctionSpec spec) {
        int limit = spec.memoryLimitMb() > 0 ? spec.memoryLimitMb() : workers.memoryLimitMb();
        return limit == 0 ? maxMemoryLimitMb : limit;
    }

    /**
     * Checks what a Python function spec asks of the operator's limits.
     *
     * @throws InvalidFunctionException if it asks more memory than {@link #maxMemoryLimitMb()}, or
     *                                  the host network when {@link #allowNetwork()} is off
     */
    public void requireWithinLimits(FunctionSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.runtime() != FunctionRuntime.PYTHON) {
            return;
        }
        if (maxMemoryLimitMb > 0 && spec.memoryLimitMb() > maxMemoryLimitMb) {
            throw new InvalidFunctionException(spec.name(), "memoryLimitMb " + spec.memoryLimitMb()
                    + " is above the most this server allows (" + maxMemoryLimitMb + " MiB); ask for "
                    + maxMemoryLimitMb + " or less, or 0 for the default");
        }
        if (spec.network() && !allowNetwork) {
            throw new InvalidFunctionException(spec.name(), "network access is not allowed on this server; "
                    + "remove network: true");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PythonSettings s)) {
            return false;
        }
        return poolSize == s.poolSize && minIdle == s.minIdle && maxCallsPerWorker == s.maxCallsPerWorker
                && workers.equals(s.workers) && workDir.equals(s.workDir)
                && bubblewrapPath.equals(s.bubblewrapPath) && allowNetwork == s.allowNetwork
                && maxMemoryLimitMb == s.maxMemoryLimitMb && cpuTimePerCall.equals(s.cpuTimePerCall)
                && Objects.equals(wheelhouse, s.wheelhouse) && Objects.equals(indexUrl, s.indexUrl)
                && pipTimeout.equals(s.pipTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(workers, poolSize, minIdle, maxCallsPerWorker, workDir, bubblewrapPath, allowNetwork,
                maxMemoryLimitMb, cpuTimePerCall, wheelhouse, indexUrl, pipTimeout);
    }

    @Override
    public String toString() {
        return "PythonSettings{poolSize=" + poolSize + ", minIdle=" + minIdle + ", maxCallsPerWorker="
                + maxCallsPerWorker + ", workDir=" + workDir + ", bubblewrapPath=" + bubblewrapPath
                + ", allowNetwork=" + allowNetwork + ", maxMemoryLimitMb=" + maxMemoryLimitMb + ", cpuTimePerCall="
                + cpuTimePerCall + ", wheelhouse=" + wheelhouse + ", indexUrl=" + indexUrl + ", pipTimeout="
                + pipTimeout + ", workers=" + workers + "}";
    }

    /**
     * Mutable builder; {@link #build()} checks every value. Not thread-safe. The knobs of each
     * worker are set with {@link #applyToWorkerSettings}.
     */
    public static final class Builder {
        private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._/+-]{1,300}");

        private final WorkerSettings.Builder workers;
        private int poolSize = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int minIdle;
        private int maxCallsPerWorker = 10_000;
        private Path workDir = Path.of(System.getProperty("java.io.tmpdir"));
        private String bubblewrapPath = "bwrap";
        private boolean allowNetwork = true;
        private int maxMemoryLimitMb = 1024;
        private Duration cpuTimePerCall = FunctionSpec.MAX_TIMEOUT;
        private Path wheelhouse;
        private String indexUrl;
        private Duration pipTimeout = Duration.ofMinutes(2);

        private Builder() {
            workers = WorkerSettings.builder();
        }

        private Builder(PythonSettings s) {
            workers = WorkerSettings.builder(s.workers);
            poolSize = s.poolSize;
            minIdle = s.minIdle;
            maxCallsPerWorker = s.maxCallsPerWorker;
            workDir = s.workDir;
            bubblewrapPath = s.bubblewrapPath;
            allowNetwork = s.allowNetwork;
            maxMemoryLimitMb = s.maxMemoryLimitMb;
            cpuTimePerCall = s.cpuTimePerCall;
            wheelhouse = s.wheelhouse;
            indexUrl = s.indexUrl;
            pipTimeout = s.pipTimeout;
        }

        /**
         * Directory of wheels for {@code requirements.txt} ({@code pip --no-index --find-links}); {@code null} for none.
         *
         * @since 0.3
         */
        public Builder wheelhouse(Path wheelhouse) {
            this.wheelhouse = wheelhouse;
            return this;
        }

        /**
         * Package index for {@code requirements.txt} when there is no wheelhouse, an http(s) URL; {@code null} for none.
         *
         * @since 0.3
         */
        public Builder indexUrl(String indexUrl) {
            this.indexUrl = indexUrl;
            return this;
        }

        /**
         * Longest one pip run may take, at least 1 s.
         *
         * @since 0.3
         */
        public Builder pipTimeout(Duration pipTimeout) {
            this.pipTimeout = pipTimeout;
            return this;
        }

        /**
         * Adjusts the settings of each worker: {@code applyToWorkerSettings(w -> w.memoryLimitMb(512))}.
         *
         * @since 0.2
         */
        public Builder applyToWorkerSettings(Consumer<WorkerSettings.Builder> block) {
            Objects.requireNonNull(block, "block").accept(workers);
            return this;
        }


        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
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



        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }




        public Builder bubblewrapPath(String bubblewrapPath) {
            this.bubblewrapPath = bubblewrapPath;
            return this;
        }



        public Builder allowNetwork(boolean allowNetwork) {
            this.allowNetwork = allowNetwork;
            return this;
        }

        public Builder maxMemoryLimitMb(int maxMemoryLimitMb) {
            this.maxMemoryLimitMb = maxMemoryLimitMb;
            return this;
        }




        public Builder cpuTimePerCall(Duration cpuTimePerCall) {
            this.cpuTimePerCall = cpuTimePerCall;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first setting that is out of range, and the range
         * @throws NullPointerException     naming the first setting that is {@code null}
         */
        public PythonSettings build() {
            WorkerSettings built = SettingsChecks.nested("python", workers::build);
            SettingsChecks.atLeast("python poolSize", poolSize, 1);
            SettingsChecks.atLeast("python minIdle", minIdle, 0);
            if (minIdle > poolSize) {
                throw new IllegalArgumentException("python minIdle must be at most poolSize (" + poolSize + "): "
                        + minIdle);
            }
            SettingsChecks.atLeast("python maxCallsPerWorker", maxCallsPerWorker, 1);
            Objects.requireNonNull(workDir, "python workDir");
            Objects.requireNonNull(bubblewrapPath, "python bubblewrapPath");
            if (!SAFE_PATH.matcher(bubblewrapPath).matches()) {
                throw new IllegalArgumentException("python bubblewrapPath must be a command name or an absolute path "
                        + "of letters, digits and ._/+-: " + bubblewrapPath);
            }
            SettingsChecks.atLeast("python maxMemoryLimitMb", maxMemoryLimitMb, 0);
            if (maxMemoryLimitMb > 0 && built.memoryLimitMb() > maxMemoryLimitMb) {
                throw new IllegalArgumentException("python worker memoryLimitMb must be at most maxMemoryLimitMb ("
                        + maxMemoryLimitMb + "): " + built.memoryLimitMb());
            }
            Objects.requireNonNull(cpuTimePerCall, "python cpuTimePerCall");
            if (cpuTimePerCall.isNegative() || !cpuTimePerCall.isZero() && cpuTimePerCall.toSeconds() < 1) {
                throw new IllegalArgumentException("python cpuTimePerCall must be zero (no limit) or at least 1 s: "
                        + cpuTimePerCall);
            }
            if (indexUrl != null && !indexUrl.matches("https?://[^\\s]+")) {
                throw new IllegalArgumentException("python indexUrl must be an http or https URL: " + indexUrl);
            }
            Objects.requireNonNull(pipTimeout, "python pipTimeout");
            if (pipTimeout.toSeconds() < 1) {
                throw new IllegalArgumentException("python pipTimeout must be at least 1 s: " + pipTimeout);
            }
            return new PythonSettings(this, built);
        }
    }
}
