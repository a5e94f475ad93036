package io.faas.core;

import io.faas.core.internal.common.SettingsChecks;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The knobs of one warm {@code faas_worker.py} process, the same wherever it runs: the interpreter,
 * how long it may take to start and stay idle, and the limits and sandbox it runs under. Both the
 * local pool ({@link PythonSettings#workers()}) and an SSH pool ({@code SshPoolSettings.workers()})
 * hold one, set through their builders' {@code applyToWorkerSettings(b -> ...)}, the way the
 * MongoDB driver nests its connection-pool settings.
 *
 * <p>Defaults are the same for both pools but one: {@link #startTimeout()} is 10 s here and in
 * {@link PythonSettings}, 15 s in an SSH pool (a remote worker starts over a network).
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}, adjust a copy with
 * {@link #builder(WorkerSettings)}.
 *
 * @since 0.2
 */
public final class WorkerSettings {

    private final String interpreter;
    private final Duration startTimeout;
    private final Duration idleTimeout;
    private final int memoryLimitMb;
    private final int maxModulesPerWorker;
    private final int logLimitBytes;
    private final PythonSettings.Sandbox sandbox;
    private final String sandboxUser;
    private final int tmpSizeMb;
    private final int maxFileSizeMb;
    private final int maxProcesses;
    private final int maxOpenFiles;

    private WorkerSettings(Builder b) {
        interpreter = b.interpreter;
        startTimeout = b.startTimeout;
        idleTimeout = b.idleTimeout;
        memoryLimitMb = b.memoryLimitMb;
        maxModulesPerWorker = b.maxModulesPerWorker;
        logLimitBytes = b.logLimitBytes;
        sandbox = b.sandbox;
        sandboxUser = b.sandboxUser;
        tmpSizeMb = b.tmpSizeMb;
        maxFileSizeMb = b.maxFileSizeMb;
        maxProcesses = b.maxProcesses;
        maxOpenFiles = b.maxOpenFiles;
    }

    /** A builder with every default set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from {@code existing}. */
    public static Builder builder(WorkerSettings existing) {
        return new Builder(Objects.requireNonNull(existing, "existing"));
    }

    /** Settings with every default. */
    public static WorkerSettings defaults() {
        return builder().build();
    }

    /**
     * Python 3.9 or later, a command looked up on the {@code PATH} or a path (default
     * {@code python3}). The local pool resolves it once, with the host's environment, to the real
     * executable ({@code sys.executable}), so a pyenv or virtualenv shim works; an SSH pool puts it
     * on a remote command line, so there it may hold only letters, digits and {@code ._/+-}.
     */
    public String interpreter() {
        return interpreter;
    }

    /**
     * Longest wait for a new worker to report ready, and for the interpreter look-up (default
     * 10 s; 15 s in an SSH pool).
     */
    public Duration startTimeout() {
        return startTimeout;
    }

    /** How long a worker may stay idle before it is stopped (default 5 min); the local pool keeps its {@code minIdle}. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * Address-space limit ({@code RLIMIT_AS}) of a worker, in MiB; 0 for none (default 1024). A
     * function whose {@code FunctionSpec.memoryLimitMb()} is above 0 gets that limit instead (up
     * to the local pool's {@link PythonSettings#maxMemoryLimitMb()}).
     */
    public int memoryLimitMb() {
        return memoryLimitMb;
    }

    /** Function modules a worker keeps loaded, least recently used dropped first (default 64). */
    public int maxModulesPerWorker() {
        return maxModulesPerWorker;
    }

    /** Most bytes (UTF-8) of output kept per call (default 65,536); a request may ask for less, never for more. */
    public int logLimitBytes() {
        return logLimitBytes;
    }

    /**
     * Whether workers run inside bubblewrap (default {@link PythonSettings.Sandbox#AUTO}: when it
     * works on the host, else unsandboxed with a warning; {@code BUBBLEWRAP}: a host without it
     * cannot start workers).
     */
    public PythonSettings.Sandbox sandbox() {
        return sandbox;
    }

    /**
     * User that sandboxed workers run as when they are started as root: a user name or
     * {@code UID[:GID]}, never root (default {@code nobody}). Started as another user, a worker
     * keeps that user, inside a user namespace.
     */
    public String sandboxUser() {
        return sandboxUser;
    }

    /** Size of the private tmpfs that is a sandboxed worker's working directory, HOME and TMPDIR, in MiB (default 64). */
    public int tmpSizeMb() {
        return tmpSizeMb;
    }

    /** Largest file a worker may write ({@code RLIMIT_FSIZE}), in MiB; 0 for no limit (default 64). */
    public int maxFileSizeMb() {
        return maxFileSizeMb;
    }

    /**
     * Most processes and threads of the sandbox user ({@code RLIMIT_NPROC}); 0 for no limit
     * (default 64). The kernel counts them per user, so sandboxed workers that share the
     * {@link #sandboxUser()} on a host share this count; not applied without a sandbox.
     */
    public int maxProcesses() {
        return maxProcesses;
    }

    /** Most open files of a worker ({@code RLIMIT_NOFILE}); 0 for no limit (default 256). */
    public int maxOpenFiles() {
        return maxOpenFiles;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof WorkerSettings s)) {
            return false;
        }
        return memoryLimitMb == s.memoryLimitMb && maxModulesPerWorker == s.maxModulesPerWorker
                && logLimitBytes == s.logLimitBytes && tmpSizeMb == s.tmpSizeMb && maxFileSizeMb == s.maxFileSizeMb
                && maxProcesses == s.maxProcesses && maxOpenFiles == s.maxOpenFiles
                && interpreter.equals(s.interpreter) && startTimeout.equals(s.startTimeout)
                && idleTimeout.equals(s.idleTimeout) && sandbox == s.sandbox && sandboxUser.equals(s.sandboxUser);
    }

    @Override
    public int hashCode() {
        return Objects.hash(interpreter, startTimeout, idleTimeout, memoryLimitMb, maxModulesPerWorker,
                logLimitBytes, sandbox, sandboxUser, tmpSizeMb, maxFileSizeMb, maxProcesses, maxOpenFiles);
    }

    @Override
    public String toString() {
        return "WorkerSettings{interpreter=" + interpreter + ", startTimeout=" + startTimeout + ", idleTimeout="
                + idleTimeout + ", memoryLimitMb=" + memoryLimitMb + ", maxModulesPerWorker=" + maxModulesPerWorker
                + ", logLimitBytes=" + logLimitBytes + ", sandbox=" + sandbox + ", sandboxUser=" + sandboxUser
                + ", tmpSizeMb=" + tmpSizeMb + ", maxFileSizeMb=" + maxFileSizeMb + ", maxProcesses=" + maxProcesses
                + ", maxOpenFiles=" + maxOpenFiles + "}";
    }

    /**
     * Mutable builder; {@link #build()} checks every value. Not thread-safe. Messages name the
     * setting as {@code worker <name>}; a pool's builder puts its own name in front
     * ({@code python worker memoryLimitMb ...}, {@code ssh pool 'fast' worker memoryLimitMb ...}).
     */
    public static final class Builder {
        private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}|[0-9]{1,10}(:[0-9]{1,10})?");

        private String interpreter = "python3";
        private Duration startTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofMinutes(5);
        private int memoryLimitMb = 1024;
        private int maxModulesPerWorker = 64;
        private int logLimitBytes = 64 * 1024;
        private PythonSettings.Sandbox sandbox = PythonSettings.Sandbox.AUTO;
        private String sandboxUser = "nobody";
        private int tmpSizeMb = 64;
        private int maxFileSizeMb = 64;
        private int maxProcesses = 64;
        private int maxOpenFiles = 256;

        private Builder() {
        }

        private Builder(WorkerSettings s) {
            interpreter = s.interpreter;
            startTimeout = s.startTimeout;
            idleTimeout = s.idleTimeout;
            memoryLimitMb = s.memoryLimitMb;
            maxModulesPerWorker = s.maxModulesPerWorker;
            logLimitBytes = s.logLimitBytes;
            sandbox = s.sandbox;
            sandboxUser = s.sandboxUser;
            tmpSizeMb = s.tmpSizeMb;
            maxFileSizeMb = s.maxFileSizeMb;
            maxProcesses = s.maxProcesses;
            maxOpenFiles = s.maxOpenFiles;
        }

        /** Sets every value from {@code settings}. */
        public Builder applySettings(WorkerSettings settings) {
            Objects.requireNonNull(settings, "settings");
            interpreter = settings.interpreter;
            startTimeout = settings.startTimeout;
            idleTimeout = settings.idleTimeout;
            memoryLimitMb = settings.memoryLimitMb;
            maxModulesPerWorker = settings.maxModulesPerWorker;
            logLimitBytes = settings.logLimitBytes;
            sandbox = settings.sandbox;
            sandboxUser = settings.sandboxUser;
            tmpSizeMb = settings.tmpSizeMb;
            maxFileSizeMb = settings.maxFileSizeMb;
            maxProcesses = settings.maxProcesses;
            maxOpenFiles = settings.maxOpenFiles;
            return this;
        }

        /** See {@link WorkerSettings#interpreter()}. */
        public Builder interpreter(String interpreter) {
            this.interpreter = interpreter;
            return this;
        }

        /** See {@link WorkerSettings#startTimeout()}. */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /** See {@link WorkerSettings#idleTimeout()}. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** See {@link WorkerSettings#memoryLimitMb()}. */
        public Builder memoryLimitMb(int memoryLimitMb) {
            this.memoryLimitMb = memoryLimitMb;
            return this;
        }

        /** See {@link WorkerSettings#maxModulesPerWorker()}. */
        public Builder maxModulesPerWorker(int maxModulesPerWorker) {
            this.maxModulesPerWorker = maxModulesPerWorker;
            return this;
        }

        /** See {@link WorkerSettings#logLimitBytes()}. */
        public Builder logLimitBytes(int logLimitBytes) {
            this.logLimitBytes = logLimitBytes;
            return this;
        }

        /** See {@link WorkerSettings#sandbox()}. */
        public Builder sandbox(PythonSettings.Sandbox sandbox) {
            this.sandbox = sandbox;
            return this;
        }

        /** See {@link WorkerSettings#sandboxUser()}. */
        public Builder sandboxUser(String sandboxUser) {
            this.sandboxUser = sandboxUser;
            return this;
        }

        /** See {@link WorkerSettings#tmpSizeMb()}. */
        public Builder tmpSizeMb(int tmpSizeMb) {
            this.tmpSizeMb = tmpSizeMb;
            return this;
        }

        /** See {@link WorkerSettings#maxFileSizeMb()}. */
        public Builder maxFileSizeMb(int maxFileSizeMb) {
            this.maxFileSizeMb = maxFileSizeMb;
            return this;
        }

        /** See {@link WorkerSettings#maxProcesses()}. */
        public Builder maxProcesses(int maxProcesses) {
            this.maxProcesses = maxProcesses;
            return this;
        }

        /** See {@link WorkerSettings#maxOpenFiles()}. */
        public Builder maxOpenFiles(int maxOpenFiles) {
            this.maxOpenFiles = maxOpenFiles;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first setting that is out of range, and the range
         * @throws NullPointerException     naming the first setting that is {@code null}
         */
        public WorkerSettings build() {
            Objects.requireNonNull(interpreter, "worker interpreter");
            if (interpreter.isBlank()) {
                throw new IllegalArgumentException("worker interpreter must not be blank");
            }
            SettingsChecks.positive("worker startTimeout", startTimeout);
            SettingsChecks.positive("worker idleTimeout", idleTimeout);
            SettingsChecks.atLeast("worker memoryLimitMb", memoryLimitMb, 0);
            SettingsChecks.atLeast("worker maxModulesPerWorker", maxModulesPerWorker, 1);
            SettingsChecks.atLeast("worker logLimitBytes", logLimitBytes, 0);
            Objects.requireNonNull(sandbox, "worker sandbox");
            Objects.requireNonNull(sandboxUser, "worker sandboxUser");
            // Also what makes it safe as a word on an SSH pool's remote command line.
            if (!USER.matcher(sandboxUser).matches()) {
                throw new IllegalArgumentException("worker sandboxUser must be a user name or UID[:GID]: "
                        + sandboxUser);
            }
            if (sandboxUser.toLowerCase(Locale.ROOT).equals("root") || sandboxUser.matches("0(:.*)?")) {
                throw new IllegalArgumentException("worker sandboxUser must not be root: " + sandboxUser);
            }
            SettingsChecks.atLeast("worker tmpSizeMb", tmpSizeMb, 1);
            SettingsChecks.atLeast("worker maxFileSizeMb", maxFileSizeMb, 0);
            SettingsChecks.atLeast("worker maxProcesses", maxProcesses, 0);
            if (maxProcesses > 0 && maxProcesses < 4) {
                throw new IllegalArgumentException("worker maxProcesses must be 0 (no limit) or at least 4: "
                        + maxProcesses);
            }
            SettingsChecks.atLeast("worker maxOpenFiles", maxOpenFiles, 0);
            if (maxOpenFiles > 0 && maxOpenFiles < 16) {
                throw new IllegalArgumentException("worker maxOpenFiles must be 0 (no limit) or at least 16: "
                        + maxOpenFiles);
            }
            return new WorkerSettings(this);
        }
    }
}
