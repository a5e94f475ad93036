package io.faas.core;

import io.faas.core.internal.common.SettingsChecks;
import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.api.InvalidFunctionException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How Python functions are run on this machine: the interpreter, the size of the worker pool, the
 * sandbox and the limits of each worker, which the operator sets and a function spec cannot raise. Immutable and thread-safe; build with {@link #builder()}, adjust a
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
    private final Sandbox sandbox;
    private final String bubblewrapPath;
    private final String sandboxUser;
    private final int tmpSizeMb;
    private final boolean allowNetwork;
    private final int maxMemoryLimitMb;
    private final int maxFileSizeMb;
    private final int maxProcesses;
    private final int maxOpenFiles;
    private final Duration cpuTimePerCall;

    /** Whether Python workers on this machine run inside a sandbox. */
    public enum Sandbox {
        /** Bubblewrap when it works on this host (tried once at start), else none, with a warning. */
        AUTO,
        /** Bubblewrap, required: the executor does not start when it cannot be used. */
        BUBBLEWRAP,
        /** No sandbox: functions run as the JVM's user and see what it sees. */
        NONE
    }

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
        this.sandbox = b.sandbox;
        this.bubblewrapPath = b.bubblewrapPath;
        this.sandboxUser = b.sandboxUser;
        this.tmpSizeMb = b.tmpSizeMb;
        this.allowNetwork = b.allowNetwork;
        this.maxMemoryLimitMb = b.maxMemoryLimitMb;
        this.maxFileSizeMb = b.maxFileSizeMb;
        this.maxProcesses = b.maxProcesses;
        this.maxOpenFiles = b.maxOpenFiles;
        this.cpuTimePerCall = b.cpuTimePerCall;
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
     * function whose {@code FunctionSpec.memoryLimitMb()} is above 0 gets that limit instead, up
     * to {@link #maxMemoryLimitMb()}.
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

    /** Whether workers run inside bubblewrap (default {@link Sandbox#AUTO}). */
    public Sandbox sandbox() {
        return sandbox;
    }

    /** The bubblewrap executable, a path or a command looked up on the workers' {@code PATH} (default {@code bwrap}). */
    public String bubblewrapPath() {
        return bubblewrapPath;
    }

    /**
     * User that sandboxed workers run as when the JVM runs as root: a user name or
     * {@code UID[:GID]} (default {@code nobody}). A JVM that is not root keeps its own user, inside
     * a user namespace.
     */
    public String sandboxUser() {
        return sandboxUser;
    }

    /** Size of the private tmpfs that is a sandboxed worker's working directory, HOME and TMPDIR, in MiB (default 64). */
    public int tmpSizeMb() {
        return tmpSizeMb;
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

    /** Largest file a worker may write ({@code RLIMIT_FSIZE}), in MiB; 0 for no limit (default 64). */
    public int maxFileSizeMb() {
        return maxFileSizeMb;
    }

    /**
     * Most processes and threads of the sandbox user ({@code RLIMIT_NPROC}); 0 for no limit
     * (default 64). The kernel counts them per user, so sandboxed workers that share the
     * {@link #sandboxUser()} share this count; not applied without a sandbox.
     */
    public int maxProcesses() {
        return maxProcesses;
    }

    /** Most open files of a worker ({@code RLIMIT_NOFILE}); 0 for no limit (default 256). */
    public int maxOpenFiles() {
        return maxOpenFiles;
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
     * The memory limit a worker for this spec runs with: the spec's own, else the default, and
     * never none when {@link #maxMemoryLimitMb()} is set.
     */
    public int memoryLimitMb(FunctionSpec spec) {
        int limit = spec.memoryLimitMb() > 0 ? spec.memoryLimitMb() : memoryLimitMb;
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
        if (!(o instanceof PythonSettings)) {
            return false;
        }
        PythonSettings s = (PythonSettings) o;
        return poolSize == s.poolSize && minIdle == s.minIdle && maxCallsPerWorker == s.maxCallsPerWorker
                && memoryLimitMb == s.memoryLimitMb && logLimitBytes == s.logLimitBytes
                && maxModulesPerWorker == s.maxModulesPerWorker && interpreter.equals(s.interpreter)
                && idleTimeout.equals(s.idleTimeout) && workDir.equals(s.workDir)
                && startTimeout.equals(s.startTimeout) && sandbox == s.sandbox
                && bubblewrapPath.equals(s.bubblewrapPath) && sandboxUser.equals(s.sandboxUser)
                && tmpSizeMb == s.tmpSizeMb && allowNetwork == s.allowNetwork
                && maxMemoryLimitMb == s.maxMemoryLimitMb && maxFileSizeMb == s.maxFileSizeMb
                && maxProcesses == s.maxProcesses && maxOpenFiles == s.maxOpenFiles
                && cpuTimePerCall.equals(s.cpuTimePerCall);
    }

    @Override
    public int hashCode() {
        return Objects.hash(interpreter, poolSize, idleTimeout, minIdle, maxCallsPerWorker, memoryLimitMb,
                logLimitBytes, workDir, startTimeout, maxModulesPerWorker, sandbox, bubblewrapPath, sandboxUser,
                tmpSizeMb, allowNetwork, maxMemoryLimitMb, maxFileSizeMb, maxProcesses, maxOpenFiles, cpuTimePerCall);
    }

    @Override
    public String toString() {
        return "PythonSettings{interpreter=" + interpreter + ", poolSize=" + poolSize + ", idleTimeout=" + idleTimeout
                + ", minIdle=" + minIdle + ", maxCallsPerWorker=" + maxCallsPerWorker + ", memoryLimitMb="
                + memoryLimitMb + ", logLimitBytes=" + logLimitBytes + ", workDir=" + workDir + ", startTimeout="
                + startTimeout + ", maxModulesPerWorker=" + maxModulesPerWorker + ", sandbox=" + sandbox
                + ", bubblewrapPath=" + bubblewrapPath + ", sandboxUser=" + sandboxUser + ", tmpSizeMb=" + tmpSizeMb
                + ", allowNetwork=" + allowNetwork + ", maxMemoryLimitMb=" + maxMemoryLimitMb + ", maxFileSizeMb="
                + maxFileSizeMb + ", maxProcesses=" + maxProcesses + ", maxOpenFiles=" + maxOpenFiles
                + ", cpuTimePerCall=" + cpuTimePerCall + "}";
    }

    /** Mutable builder; {@link #build()} checks every value. Not thread-safe. */
    public static final class Builder {
        private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._/+-]{1,300}");
        private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}|[0-9]{1,10}(:[0-9]{1,10})?");

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
        private Sandbox sandbox = Sandbox.AUTO;
        private String bubblewrapPath = "bwrap";
        private String sandboxUser = "nobody";
        private int tmpSizeMb = 64;
        private boolean allowNetwork = true;
        private int maxMemoryLimitMb = 1024;
        private int maxFileSizeMb = 64;
        private int maxProcesses = 64;
        private int maxOpenFiles = 256;
        private Duration cpuTimePerCall = FunctionSpec.MAX_TIMEOUT;

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
            sandbox = s.sandbox;
            bubblewrapPath = s.bubblewrapPath;
            sandboxUser = s.sandboxUser;
            tmpSizeMb = s.tmpSizeMb;
            allowNetwork = s.allowNetwork;
            maxMemoryLimitMb = s.maxMemoryLimitMb;
            maxFileSizeMb = s.maxFileSizeMb;
            maxProcesses = s.maxProcesses;
            maxOpenFiles = s.maxOpenFiles;
            cpuTimePerCall = s.cpuTimePerCall;
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

        public Builder sandbox(Sandbox sandbox) {
            this.sandbox = sandbox;
            return this;
        }

        public Builder bubblewrapPath(String bubblewrapPath) {
            this.bubblewrapPath = bubblewrapPath;
            return this;
        }

        public Builder sandboxUser(String sandboxUser) {
            this.sandboxUser = sandboxUser;
            return this;
        }

        public Builder tmpSizeMb(int tmpSizeMb) {
            this.tmpSizeMb = tmpSizeMb;
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

        public Builder maxFileSizeMb(int maxFileSizeMb) {
            this.maxFileSizeMb = maxFileSizeMb;
            return this;
        }

        public Builder maxProcesses(int maxProcesses) {
            this.maxProcesses = maxProcesses;
            return this;
        }

        public Builder maxOpenFiles(int maxOpenFiles) {
            this.maxOpenFiles = maxOpenFiles;
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
            Objects.requireNonNull(interpreter, "python interpreter");
            if (interpreter.isBlank()) {
                throw new IllegalArgumentException("python interpreter must not be blank");
            }
            SettingsChecks.atLeast("python poolSize", poolSize, 1);
            SettingsChecks.positive("python idleTimeout", idleTimeout);
            SettingsChecks.atLeast("python minIdle", minIdle, 0);
            if (minIdle > poolSize) {
                throw new IllegalArgumentException("python minIdle must be at most poolSize (" + poolSize + "): "
                        + minIdle);
            }
            SettingsChecks.atLeast("python maxCallsPerWorker", maxCallsPerWorker, 1);
            SettingsChecks.atLeast("python memoryLimitMb", memoryLimitMb, 0);
            SettingsChecks.atLeast("python logLimitBytes", logLimitBytes, 0);
            Objects.requireNonNull(workDir, "python workDir");
            SettingsChecks.positive("python startTimeout", startTimeout);
            SettingsChecks.atLeast("python maxModulesPerWorker", maxModulesPerWorker, 1);
            Objects.requireNonNull(sandbox, "python sandbox");
            Objects.requireNonNull(bubblewrapPath, "python bubblewrapPath");
            if (!SAFE_PATH.matcher(bubblewrapPath).matches()) {
                throw new IllegalArgumentException("python bubblewrapPath must be a command name or an absolute path "
                        + "of letters, digits and ._/+-: " + bubblewrapPath);
            }
            Objects.requireNonNull(sandboxUser, "python sandboxUser");
            if (!USER.matcher(sandboxUser).matches()) {
                throw new IllegalArgumentException("python sandboxUser must be a user name or UID[:GID]: "
                        + sandboxUser);
            }
            if (sandboxUser.toLowerCase(Locale.ROOT).equals("root") || sandboxUser.matches("0(:.*)?")) {
                throw new IllegalArgumentException("python sandboxUser must not be root: " + sandboxUser);
            }
            SettingsChecks.atLeast("python tmpSizeMb", tmpSizeMb, 1);
            SettingsChecks.atLeast("python maxMemoryLimitMb", maxMemoryLimitMb, 0);
            if (maxMemoryLimitMb > 0 && memoryLimitMb > maxMemoryLimitMb) {
                throw new IllegalArgumentException("python memoryLimitMb must be at most maxMemoryLimitMb ("
                        + maxMemoryLimitMb + "): " + memoryLimitMb);
            }
            SettingsChecks.atLeast("python maxFileSizeMb", maxFileSizeMb, 0);
            SettingsChecks.atLeast("python maxProcesses", maxProcesses, 0);
            if (maxProcesses > 0 && maxProcesses < 4) {
                throw new IllegalArgumentException("python maxProcesses must be 0 (no limit) or at least 4: "
                        + maxProcesses);
            }
            SettingsChecks.atLeast("python maxOpenFiles", maxOpenFiles, 0);
            if (maxOpenFiles > 0 && maxOpenFiles < 16) {
                throw new IllegalArgumentException("python maxOpenFiles must be 0 (no limit) or at least 16: "
                        + maxOpenFiles);
            }
            Objects.requireNonNull(cpuTimePerCall, "python cpuTimePerCall");
            if (cpuTimePerCall.isNegative() || !cpuTimePerCall.isZero() && cpuTimePerCall.toSeconds() < 1) {
                throw new IllegalArgumentException("python cpuTimePerCall must be zero (no limit) or at least 1 s: "
                        + cpuTimePerCall);
            }
            return new PythonSettings(this);
        }
    }
}
