package io.faas.ssh;

import io.faas.core.internal.common.SettingsChecks;
import io.faas.core.PythonSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A pool of SSH hosts that run Python functions in warm remote workers; functions select it as
 * executor {@code ssh:<name>} (or a topic is bound to it). Immutable and thread-safe; build with
 * {@link #builder(String)}, adjust a copy with {@link #builder(SshPoolSettings)}.
 *
 * <p>Security: host keys are checked against {@link #knownHosts()} unless
 * {@link #strictHostKeyChecking()} was turned off (tests and development only); logins use a
 * private key only. Nothing configured here or sent by a function is ever spliced into a remote
 * command line unchecked: the command is built from the settings checked by {@link Builder#build()}
 * (interpreter, remote directory, numbers) and fixed words; function code travels by SFTP and
 * every call's data in protocol frames.
 *
 * @since 0.1
 */
public final class SshPoolSettings {

    /** Names of pools: what follows {@code ssh:} or {@code ec2:} in an executor name. */
    public static final Pattern POOL_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    /** What an interpreter or a remote directory may be made of: no shell metacharacters, no spaces. */
    static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._/+-]{1,200}");

    private final String name;
    private final List<SshHostSettings> hosts;
    private final String user;
    private final Path privateKey;
    private final Path knownHosts;
    private final boolean strictHostKeyChecking;
    private final int concurrencyPerHost;
    private final Duration connectTimeout;
    private final Duration healthCheckInterval;
    private final String interpreter;
    private final String remoteDir;
    private final int memoryLimitMb;
    private final int maxModulesPerWorker;
    private final int logLimitBytes;
    private final Duration startTimeout;
    private final Duration idleTimeout;
    private final PythonSettings.Sandbox sandbox;
    private final String sandboxUser;
    private final int tmpSizeMb;
    private final int maxFileSizeMb;
    private final int maxProcesses;
    private final int maxOpenFiles;

    private SshPoolSettings(Builder b) {
        name = b.name;
        hosts = List.copyOf(b.hosts);
        user = b.user;
        privateKey = b.privateKey;
        knownHosts = b.knownHosts;
        strictHostKeyChecking = b.strictHostKeyChecking;
        concurrencyPerHost = b.concurrencyPerHost;
        connectTimeout = b.connectTimeout;
        healthCheckInterval = b.healthCheckInterval;
        interpreter = b.interpreter;
        remoteDir = b.remoteDir;
        memoryLimitMb = b.memoryLimitMb;
        maxModulesPerWorker = b.maxModulesPerWorker;
        logLimitBytes = b.logLimitBytes;
        startTimeout = b.startTimeout;
        idleTimeout = b.idleTimeout;
        sandbox = b.sandbox;
        sandboxUser = b.sandboxUser;
        tmpSizeMb = b.tmpSizeMb;
        maxFileSizeMb = b.maxFileSizeMb;
        maxProcesses = b.maxProcesses;
        maxOpenFiles = b.maxOpenFiles;
    }

    /** A builder for the pool {@code name} ({@link #POOL_NAME}). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder that starts from {@code existing}. */
    public static Builder builder(SshPoolSettings existing) {
        return new Builder(Objects.requireNonNull(existing, "existing"));
    }

    /** Name of the pool; its executor is {@code ssh:<name>}. */
    public String name() {
        return name;
    }

    /** Executor name of this pool: {@code ssh:<name>}. */
    public String executorName() {
        return "ssh:" + name;
    }

    /** The hosts, in the order given; may be empty for a pool whose hosts come from an EC2 fleet. */
    public List<SshHostSettings> hosts() {
        return hosts;
    }

    /** Login name on every host that does not name its own (default {@code user.name} of this JVM). */
    public String user() {
        return user;
    }

    /** Private key (OpenSSH format, no passphrase) for every host that does not name its own. */
    public Path privateKey() {
        return privateKey;
    }

    /** OpenSSH {@code known_hosts} file the host keys are checked against (default {@code ~/.ssh/known_hosts}). */
    public Path knownHosts() {
        return knownHosts;
    }

    /**
     * Whether a host whose key is not in {@link #knownHosts()} is refused (default true). Off
     * accepts any host key, which lets a man in the middle read every function and event: for
     * tests and development only.
     */
    public boolean strictHostKeyChecking() {
        return strictHostKeyChecking;
    }

    /** Most calls running at once on one host, so most warm workers per host (default 4). */
    public int concurrencyPerHost() {
        return concurrencyPerHost;
    }

    /** Longest wait for a TCP connection and the SSH handshake (default 10 s). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How often idle workers are pinged and down hosts are tried again (default 10 s). */
    public Duration healthCheckInterval() {
        return healthCheckInterval;
    }

    /** Python 3.9+ on the hosts, a command on their {@code PATH} or an absolute path (default {@code python3}). */
    public String interpreter() {
        return interpreter;
    }

    /**
     * Directory of faas on each host, relative to the login directory or absolute (default
     * {@code .faas}): {@code worker/<hash>/faas_worker.py}, function code in {@code fn/<hash>/main.py},
     * workers' private directories under {@code run/}.
     */
    public String remoteDir() {
        return remoteDir;
    }

    /** Address-space limit of a remote worker in MiB, 0 for none (default 1024); a function's own limit wins. */
    public int memoryLimitMb() {
        return memoryLimitMb;
    }

    /**
     * Whether remote workers wrap themselves in bubblewrap (default {@link PythonSettings.Sandbox#AUTO}:
     * when {@code bwrap} is on the host's {@code PATH}, else unsandboxed with a line in the
     * worker's stderr; {@code BUBBLEWRAP}: a host without it cannot start workers). The sandbox is
     * the one described at {@link PythonSettings#sandbox()}.
     */
    public PythonSettings.Sandbox sandbox() {
        return sandbox;
    }

    /** User that sandboxed remote workers switch to when the SSH login is root (default {@code nobody}). */
    public String sandboxUser() {
        return sandboxUser;
    }

    /** Size of a sandboxed remote worker's private tmpfs, in MiB (default 64). */
    public int tmpSizeMb() {
        return tmpSizeMb;
    }

    /** Largest file a remote worker may write, in MiB; 0 for no limit (default 64). */
    public int maxFileSizeMb() {
        return maxFileSizeMb;
    }

    /** Most processes of the sandbox user on a host, sandboxed workers only; 0 for no limit (default 64). */
    public int maxProcesses() {
        return maxProcesses;
    }

    /** Most open files of a remote worker; 0 for no limit (default 256). */
    public int maxOpenFiles() {
        return maxOpenFiles;
    }

    /** Function modules a remote worker keeps loaded (default 64). */
    public int maxModulesPerWorker() {
        return maxModulesPerWorker;
    }

    /** Most bytes of output kept per call (default 65,536). */
    public int logLimitBytes() {
        return logLimitBytes;
    }

    /** Longest wait for a new remote worker to report ready (default 15 s). */
    public Duration startTimeout() {
        return startTimeout;
    }

    /** Idle remote workers are stopped after this (default 5 min). */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    @Override
    public String toString() {
        // No key material here, only where the key lives.
        return "SshPoolSettings{name=" + name + ", hosts=" + hosts.stream().map(SshHostSettings::id).toList()
                + ", user=" + user + ", knownHosts=" + knownHosts + ", strictHostKeyChecking="
                + strictHostKeyChecking + ", concurrencyPerHost=" + concurrencyPerHost + ", interpreter="
                + interpreter + ", remoteDir=" + remoteDir + "}";
    }

    /** Mutable builder; {@link #build()} checks every value. Not thread-safe. */
    public static final class Builder {
        private String name;
        private List<SshHostSettings> hosts = new ArrayList<>();
        private String user = System.getProperty("user.name");
        private Path privateKey;
        private Path knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
        private boolean strictHostKeyChecking = true;
        private int concurrencyPerHost = 4;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration healthCheckInterval = Duration.ofSeconds(10);
        private String interpreter = "python3";
        private String remoteDir = ".faas";
        private int memoryLimitMb = 1024;
        private int maxModulesPerWorker = 64;
        private int logLimitBytes = 64 * 1024;
        private Duration startTimeout = Duration.ofSeconds(15);
        private Duration idleTimeout = Duration.ofMinutes(5);
        private PythonSettings.Sandbox sandbox = PythonSettings.Sandbox.AUTO;
        private String sandboxUser = "nobody";
        private int tmpSizeMb = 64;
        private int maxFileSizeMb = 64;
        private int maxProcesses = 64;
        private int maxOpenFiles = 256;

        private Builder(String name) {
            this.name = name;
        }

        private Builder(SshPoolSettings s) {
            name = s.name;
            hosts = new ArrayList<>(s.hosts);
            user = s.user;
            privateKey = s.privateKey;
            knownHosts = s.knownHosts;
            strictHostKeyChecking = s.strictHostKeyChecking;
            concurrencyPerHost = s.concurrencyPerHost;
            connectTimeout = s.connectTimeout;
            healthCheckInterval = s.healthCheckInterval;
            interpreter = s.interpreter;
            remoteDir = s.remoteDir;
            memoryLimitMb = s.memoryLimitMb;
            maxModulesPerWorker = s.maxModulesPerWorker;
            logLimitBytes = s.logLimitBytes;
            startTimeout = s.startTimeout;
            idleTimeout = s.idleTimeout;
            sandbox = s.sandbox;
            sandboxUser = s.sandboxUser;
            tmpSizeMb = s.tmpSizeMb;
            maxFileSizeMb = s.maxFileSizeMb;
            maxProcesses = s.maxProcesses;
            maxOpenFiles = s.maxOpenFiles;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Adds a host on port 22. */
        public Builder host(String host) {
            return host(SshHostSettings.of(host));
        }

        /** Adds a host. */
        public Builder host(String host, int port) {
            return host(SshHostSettings.of(host, port));
        }

        /** Adds a host. */
        public Builder host(SshHostSettings host) {
            hosts.add(Objects.requireNonNull(host, "host"));
            return this;
        }

        /** Replaces the hosts. */
        public Builder hosts(List<SshHostSettings> hosts) {
            this.hosts = new ArrayList<>(hosts);
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder privateKey(Path privateKey) {
            this.privateKey = privateKey;
            return this;
        }

        public Builder knownHosts(Path knownHosts) {
            this.knownHosts = knownHosts;
            return this;
        }

        /** See {@link SshPoolSettings#strictHostKeyChecking()}: turn off for tests and development only. */
        public Builder strictHostKeyChecking(boolean strictHostKeyChecking) {
            this.strictHostKeyChecking = strictHostKeyChecking;
            return this;
        }

        public Builder concurrencyPerHost(int concurrencyPerHost) {
            this.concurrencyPerHost = concurrencyPerHost;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder healthCheckInterval(Duration healthCheckInterval) {
            this.healthCheckInterval = healthCheckInterval;
            return this;
        }

        public Builder interpreter(String interpreter) {
            this.interpreter = interpreter;
            return this;
        }

        public Builder remoteDir(String remoteDir) {
            this.remoteDir = remoteDir;
            return this;
        }

        public Builder memoryLimitMb(int memoryLimitMb) {
            this.memoryLimitMb = memoryLimitMb;
            return this;
        }

        public Builder maxModulesPerWorker(int maxModulesPerWorker) {
            this.maxModulesPerWorker = maxModulesPerWorker;
            return this;
        }

        public Builder logLimitBytes(int logLimitBytes) {
            this.logLimitBytes = logLimitBytes;
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder sandbox(PythonSettings.Sandbox sandbox) {
            this.sandbox = sandbox;
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

        /**
         * @throws IllegalArgumentException naming the first setting that is missing or not acceptable
         */
        public SshPoolSettings build() {
            if (name == null || !POOL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("ssh pool name must be 1 to 32 of a-z, 0-9, '_' and '-', "
                        + "starting with a letter or digit: " + name);
            }
            String what = "ssh pool '" + name + "' ";
            Set<String> ids = new HashSet<>();
            for (SshHostSettings host : hosts) {
                if (!ids.add(host.id())) {
                    throw new IllegalArgumentException(what + "lists host " + host.id() + " twice");
                }
                if (host.privateKey() == null && privateKey == null) {
                    throw new IllegalArgumentException(what + "has no privateKey for host " + host.id()
                            + ": set one for the pool or the host");
                }
            }
            if (user == null || !SshHostSettings.USER.matcher(user).matches()) {
                throw new IllegalArgumentException(what + "user is not a valid login name: " + user);
            }
            if (strictHostKeyChecking) {
                Objects.requireNonNull(knownHosts, what + "knownHosts (required while strictHostKeyChecking is on)");
            }
            SettingsChecks.atLeast(what + "concurrencyPerHost", concurrencyPerHost, 1);
            SettingsChecks.positive(what + "connectTimeout", connectTimeout);
            SettingsChecks.positive(what + "healthCheckInterval", healthCheckInterval);
            if (interpreter == null || !SAFE_PATH.matcher(interpreter).matches() || interpreter.startsWith("-")) {
                throw new IllegalArgumentException(what + "interpreter must be a command or path of letters, "
                        + "digits and ._/+- only (it becomes part of a remote command line): " + interpreter);
            }
            if (remoteDir == null || !SAFE_PATH.matcher(remoteDir).matches() || remoteDir.startsWith("-")
                    || List.of(remoteDir.split("/")).contains("..")) {
                throw new IllegalArgumentException(what + "remoteDir must be a path of letters, digits and ._/+- "
                        + "without '..' (it becomes part of a remote command line): " + remoteDir);
            }
            SettingsChecks.atLeast(what + "memoryLimitMb", memoryLimitMb, 0);
            SettingsChecks.atLeast(what + "maxModulesPerWorker", maxModulesPerWorker, 1);
            SettingsChecks.atLeast(what + "logLimitBytes", logLimitBytes, 0);
            SettingsChecks.positive(what + "startTimeout", startTimeout);
            SettingsChecks.positive(what + "idleTimeout", idleTimeout);
            Objects.requireNonNull(sandbox, what + "sandbox");
            // The same checks as the local settings', so the words are safe on a command line.
            PythonSettings.builder().sandboxUser(sandboxUser).tmpSizeMb(tmpSizeMb).maxFileSizeMb(maxFileSizeMb)
                    .maxProcesses(maxProcesses).maxOpenFiles(maxOpenFiles).build();
            return new SshPoolSettings(this);
        }
    }
}
