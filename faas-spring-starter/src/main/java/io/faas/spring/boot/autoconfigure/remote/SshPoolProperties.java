package io.faas.spring.boot.autoconfigure.remote;

import io.faas.core.PythonSettings;
import io.faas.core.WorkerSettings;
import io.faas.spring.boot.autoconfigure.internal.CheckingPropertyMapper;
import io.faas.ssh.SshPoolSettings;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * How the hosts of an SSH pool, or the instances of an EC2 fleet, are reached and used: login,
 * host keys, concurrency and the remote workers' limits. Every property left unset takes
 * faas-ssh's default ({@link SshPoolSettings}), which the descriptions repeat for the reader only.
 *
 * @since 0.2
 */
public class SshPoolProperties {

    /**
     * Login name on every host that does not name its own; unset takes the JVM's user.name.
     */
    private String user;

    /**
     * Private key file (OpenSSH format, no passphrase) for every host that does not name its own.
     */
    private Path privateKey;

    /**
     * OpenSSH known_hosts file that host keys are checked against; unset takes ~/.ssh/known_hosts.
     */
    private Path knownHosts;

    /**
     * Whether a host whose key is not in known-hosts is refused; unset takes true. False accepts
     * any host key, which lets a man in the middle read every function and event: for tests and
     * development only.
     */
    private Boolean strictHostKeyChecking;

    /**
     * Most calls running at once on one host, and so most warm workers per host; unset takes 4.
     */
    private Integer concurrencyPerHost;

    /**
     * Longest wait for a TCP connection and the SSH handshake; unset takes 10s.
     */
    private Duration connectTimeout;

    /**
     * How often idle workers are pinged and down hosts are tried again; unset takes 10s.
     */
    private Duration healthCheckInterval;

    /**
     * Python 3.9 or later on the hosts, a command on their PATH or an absolute path; unset takes
     * python3.
     */
    private String interpreter;

    /**
     * Directory of faas on each host, relative to the login directory or absolute; unset takes
     * .faas.
     */
    private String remoteDir;

    /**
     * Address-space limit of a remote worker, whole megabytes, 0 for none; unset takes 1024MB. A
     * function's own limit wins.
     */
    private DataSize memoryLimit;

    /**
     * Function modules a remote worker keeps loaded; unset takes 64.
     */
    private Integer maxModulesPerWorker;

    /**
     * Most output kept per call; unset takes 64KB.
     */
    private DataSize logLimit;

    /**
     * Longest wait for a new remote worker to report ready; unset takes 15s.
     */
    private Duration startTimeout;

    /**
     * How long a remote worker may stay idle before it is stopped; unset takes 5m.
     */
    private Duration idleTimeout;

    /**
     * Whether remote workers wrap themselves in bubblewrap: auto (when bwrap is on the host's PATH,
     * else unsandboxed with a line in the worker's stderr), bubblewrap (a host without it cannot
     * start workers) or none; unset takes auto.
     */
    private PythonSettings.Sandbox sandbox;

    /**
     * User that sandboxed remote workers switch to when the SSH login is root; unset takes nobody.
     */
    private String sandboxUser;

    /**
     * Size of a sandboxed remote worker's private tmpfs, whole megabytes; unset takes 64MB.
     */
    private DataSize tmpSize;

    /**
     * Largest file a remote worker may write, whole megabytes, 0 for no limit; unset takes 64MB.
     */
    private DataSize maxFileSize;

    /**
     * Most processes of the sandbox user on a host (sandboxed workers only), 0 for no limit; unset
     * takes 64.
     */
    private Integer maxProcesses;

    /**
     * Most open files of a remote worker, 0 for no limit; unset takes 256.
     */
    private Integer maxOpenFiles;

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public Path getPrivateKey() {
        return privateKey;
    }

    public void setPrivateKey(Path privateKey) {
        this.privateKey = privateKey;
    }

    public Path getKnownHosts() {
        return knownHosts;
    }

    public void setKnownHosts(Path knownHosts) {
        this.knownHosts = knownHosts;
    }

    public Boolean getStrictHostKeyChecking() {
        return strictHostKeyChecking;
    }

    public void setStrictHostKeyChecking(Boolean strictHostKeyChecking) {
        this.strictHostKeyChecking = strictHostKeyChecking;
    }

    public Integer getConcurrencyPerHost() {
        return concurrencyPerHost;
    }

    public void setConcurrencyPerHost(Integer concurrencyPerHost) {
        this.concurrencyPerHost = concurrencyPerHost;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getHealthCheckInterval() {
        return healthCheckInterval;
    }

    public void setHealthCheckInterval(Duration healthCheckInterval) {
        this.healthCheckInterval = healthCheckInterval;
    }

    public String getInterpreter() {
        return interpreter;
    }

    public void setInterpreter(String interpreter) {
        this.interpreter = interpreter;
    }

    public String getRemoteDir() {
        return remoteDir;
    }

    public void setRemoteDir(String remoteDir) {
        this.remoteDir = remoteDir;
    }

    public DataSize getMemoryLimit() {
        return memoryLimit;
    }

    public void setMemoryLimit(DataSize memoryLimit) {
        this.memoryLimit = memoryLimit;
    }

    public Integer getMaxModulesPerWorker() {
        return maxModulesPerWorker;
    }

    public void setMaxModulesPerWorker(Integer maxModulesPerWorker) {
        this.maxModulesPerWorker = maxModulesPerWorker;
    }

    public DataSize getLogLimit() {
        return logLimit;
    }

    public void setLogLimit(DataSize logLimit) {
        this.logLimit = logLimit;
    }

    public Duration getStartTimeout() {
        return startTimeout;
    }

    public void setStartTimeout(Duration startTimeout) {
        this.startTimeout = startTimeout;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public PythonSettings.Sandbox getSandbox() {
        return sandbox;
    }

    public void setSandbox(PythonSettings.Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    public String getSandboxUser() {
        return sandboxUser;
    }

    public void setSandboxUser(String sandboxUser) {
        this.sandboxUser = sandboxUser;
    }

    public DataSize getTmpSize() {
        return tmpSize;
    }

    public void setTmpSize(DataSize tmpSize) {
        this.tmpSize = tmpSize;
    }

    public DataSize getMaxFileSize() {
        return maxFileSize;
    }

    public void setMaxFileSize(DataSize maxFileSize) {
        this.maxFileSize = maxFileSize;
    }

    public Integer getMaxProcesses() {
        return maxProcesses;
    }

    public void setMaxProcesses(Integer maxProcesses) {
        this.maxProcesses = maxProcesses;
    }

    public Integer getMaxOpenFiles() {
        return maxOpenFiles;
    }

    public void setMaxOpenFiles(Integer maxOpenFiles) {
        this.maxOpenFiles = maxOpenFiles;
    }

    /**
     * Maps every property that is set onto the builders of {@code map}; the rest keep faas-ssh's
     * defaults. The pool and the fleet's {@code ssh} group each map them under their own path.
     */
    void map(CheckingPropertyMapper<SshPoolSettings.Builder> map) {
        map.from("user", this::getUser).to(SshPoolSettings.Builder::user);
        map.from("privateKey", this::getPrivateKey).to(SshPoolSettings.Builder::privateKey);
        map.from("knownHosts", this::getKnownHosts).to(SshPoolSettings.Builder::knownHosts);
        map.from("strictHostKeyChecking", this::getStrictHostKeyChecking)
                .to(SshPoolSettings.Builder::strictHostKeyChecking);
        map.from("concurrencyPerHost", this::getConcurrencyPerHost).to(SshPoolSettings.Builder::concurrencyPerHost);
        map.from("connectTimeout", this::getConnectTimeout).to(SshPoolSettings.Builder::connectTimeout);
        map.from("healthCheckInterval", this::getHealthCheckInterval).to(SshPoolSettings.Builder::healthCheckInterval);
        map.from("interpreter", this::getInterpreter).to(worker(WorkerSettings.Builder::interpreter));
        map.from("remoteDir", this::getRemoteDir).to(SshPoolSettings.Builder::remoteDir);
        map.from("memoryLimit", this::getMemoryLimit).as(CheckingPropertyMapper::mebibytes)
                .to(worker(WorkerSettings.Builder::memoryLimitMb));
        map.from("maxModulesPerWorker", this::getMaxModulesPerWorker)
                .to(worker(WorkerSettings.Builder::maxModulesPerWorker));
        map.from("logLimit", this::getLogLimit).as(CheckingPropertyMapper::intBytes)
                .to(worker(WorkerSettings.Builder::logLimitBytes));
        map.from("startTimeout", this::getStartTimeout).to(worker(WorkerSettings.Builder::startTimeout));
        map.from("idleTimeout", this::getIdleTimeout).to(worker(WorkerSettings.Builder::idleTimeout));
        map.from("sandbox", this::getSandbox).to(worker(WorkerSettings.Builder::sandbox));
        map.from("sandboxUser", this::getSandboxUser).to(worker(WorkerSettings.Builder::sandboxUser));
        map.from("tmpSize", this::getTmpSize).as(CheckingPropertyMapper::mebibytes)
                .to(worker(WorkerSettings.Builder::tmpSizeMb));
        map.from("maxFileSize", this::getMaxFileSize).as(CheckingPropertyMapper::mebibytes)
                .to(worker(WorkerSettings.Builder::maxFileSizeMb));
        map.from("maxProcesses", this::getMaxProcesses).to(worker(WorkerSettings.Builder::maxProcesses));
        map.from("maxOpenFiles", this::getMaxOpenFiles).to(worker(WorkerSettings.Builder::maxOpenFiles));
    }

    /** A setter of each remote worker's {@link WorkerSettings}, nested in the pool's settings. */
    private static <T> BiConsumer<SshPoolSettings.Builder, T> worker(BiConsumer<WorkerSettings.Builder, T> setter) {
        return (builder, value) -> builder.applyToWorkerSettings(w -> setter.accept(w, value));
    }
}
