package io.faas.ssh.internal;

import io.faas.ssh.SshHostSettings;
import io.faas.ssh.SshPoolSettings;
import io.faas.core.internal.execution.python.PythonProtocol;
import io.faas.core.internal.execution.python.PythonWorker;
import io.faas.core.internal.execution.python.WarmWorkers;
import io.faas.core.internal.execution.python.WorkerLauncher;
import io.faas.core.internal.execution.python.WorkerProfile;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One host of an SSH pool: its connection, what was uploaded to it, its warm workers and its
 * state. The executor's lock guards {@link #state}, {@link #busy} and {@link #removed}; the warm
 * workers are a {@link WarmWorkers} (the same bookkeeping as the local pool's) that starts workers
 * with {@link #launch}; the connection and uploads are guarded by this object's monitor, so one
 * host's slow connect never holds up the others.
 */
final class SshHost {

    private static final Logger log = LoggerFactory.getLogger(SshHost.class);
    static final long STOP_GRACE_MILLIS = 1000;

    enum State {
        /** Not tried yet: taken on first use. */
        UNKNOWN,
        UP,
        DOWN
    }

    final SshHostSettings settings;
    private final SshPoolSettings pool;
    private final String scriptHash;
    private final Set<String> uploaded = ConcurrentHashMap.newKeySet();
    private SSHClient client;
    private SFTPClient sftp;
    private boolean scriptUploaded;

    // guarded by the executor's lock
    State state = State.UNKNOWN;
    int busy;
    boolean removed;
    String lastError = "";
    long idleSinceNanos = System.nanoTime();
    long calls;

    /**
     * Its warm workers. Calls are bounded per host by {@link #busy} (at most
     * {@code concurrencyPerHost}), so these need no capacity of their own; at most as many stay
     * idle, and workers are not replaced after a number of calls.
     */
    final WarmWorkers workers;

    SshHost(SshHostSettings settings, SshPoolSettings pool, String scriptHash) {
        this.settings = settings;
        this.pool = pool;
        this.scriptHash = scriptHash;
        this.workers = new WarmWorkers("ssh host " + settings.id(), this::launch, Integer.MAX_VALUE,
                pool.concurrencyPerHost(), Integer.MAX_VALUE, STOP_GRACE_MILLIS);
    }

    String id() {
        return settings.id();
    }

    /**
     * Starts a worker on the host, connecting and uploading the worker script first if needed,
     * and waits for it to report ready.
     *
     * @throws HostFailure if the host cannot be reached, refuses the login or the host key, or
     *                     cannot run the worker
     */
    PythonWorker launch(WorkerProfile profile) throws InterruptedException {
        Session session = null;
        try {
            SSHClient ssh = connection();
            ensureScript();
            session = ssh.startSession();
            Session.Command command = session.exec(RemoteCommand.worker(pool.workers().interpreter(), pool.remoteDir(),
                    scriptHash, pool.workers().maxModulesPerWorker(), profile.memoryLimitMb(), pool.workers(),
                    profile.network()));
            PythonWorker worker = PythonWorker.attach(new SshWorkerProcess(id(), session, command), profile,
                    pool.workers().maxModulesPerWorker(), true);
            try {
                WorkerLauncher.awaitReady(worker, pool.workers().startTimeout());
            } catch (InterruptedException | RuntimeException e) {
                worker.kill();
                throw e;
            }
            return worker;
        } catch (IOException | RuntimeException e) {
            // sshj also fails with unchecked exceptions (a key it cannot read, a dropped transport).
            closeQuietly(session);
            throw new HostFailure(describe(e), e);
        }
    }

    /**
     * Makes sure the host has the code of this source in its code directory: uploaded once per
     * host and content, checked with a stat first (another faas instance may have sent it).
     *
     * @throws HostFailure if the upload fails
     */
    void ensureCode(String source) {
        String ref = PythonProtocol.codeRef(source);
        if (uploaded.contains(ref)) {
            return;
        }
        synchronized (this) {
            if (uploaded.contains(ref)) {
                return;
            }
            try {
                upload(RemoteCommand.codeDir(pool.remoteDir(), ref), "main.py",
                        source.getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                throw new HostFailure("cannot upload function code to " + id() + ": " + describe(e), e);
            }
            uploaded.add(ref);
        }
    }

    private synchronized void ensureScript() throws IOException {
        if (!scriptUploaded) {
            String path = RemoteCommand.scriptPath(pool.remoteDir(), scriptHash);
            upload(path.substring(0, path.lastIndexOf('/')), "faas_worker.py", WorkerLauncher.script());
            scriptUploaded = true;
        }
    }

    /** Writes {@code dir/name} unless it exists: to a temporary name first, so a reader never sees half a file. */
    private synchronized void upload(String dir, String name, byte[] content) throws IOException {
        SFTPClient files = sftp();
        String target = dir + "/" + name;
        if (files.statExistence(target) != null) {
            return;
        }
        files.mkdirs(dir);
        String temp = dir + "/." + name + "." + UUID.randomUUID();
        try (RemoteFile file = files.open(temp, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.TRUNC));
             OutputStream out = file.new RemoteFileOutputStream()) {
            out.write(content);
        }
        try {
            files.rename(temp, target);
        } catch (IOException e) {
            // Another instance won the race: its file has the same content (the name is its hash).
            files.rm(temp);
            if (files.statExistence(target) == null) {
                throw e;
            }
        }
        log.debug("uploaded {} to {}", target, id());
    }

    private synchronized SFTPClient sftp() throws IOException {
        if (sftp == null) {
            sftp = connection().newSFTPClient();
        }
        return sftp;
    }

    /** The open connection, made on first use or after it was lost. */
    synchronized SSHClient connection() throws IOException {
        if (client != null && client.isConnected() && client.isAuthenticated()) {
            return client;
        }
        disconnect();
        DefaultConfig config = new DefaultConfig();
        // Sends keep-alives and gives up on a silent peer, so a dead host is noticed without a call.
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient ssh = new SSHClient(config);
        try {
            if (pool.strictHostKeyChecking()) {
                ssh.loadKnownHosts(pool.knownHosts().toFile());
            } else {
                ssh.addHostKeyVerifier(new PromiscuousVerifier());
            }
            ssh.setConnectTimeout((int) pool.connectTimeout().toMillis());
            ssh.connect(settings.host(), settings.port());
            ssh.getConnection().getKeepAlive().setKeepAliveInterval(
                    (int) Math.max(1, Math.min(15, pool.healthCheckInterval().toSeconds())));
            String user = settings.user() != null ? settings.user() : pool.user();
            Path key = settings.privateKey() != null ? settings.privateKey() : pool.privateKey();
            ssh.authPublickey(user, ssh.loadKeys(key.toString()));
            client = ssh;
            return ssh;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ssh);
            throw e;
        }
    }

    /** Whether the connection, if one was made, is still up. */
    synchronized boolean connected() {
        return client != null && client.isConnected();
    }

    /** Drops the connection (and so every channel on it) and forgets what was uploaded: the host may come back as another machine. */
    synchronized void disconnect() {
        closeQuietly(sftp);
        sftp = null;
        if (client != null) {
            closeQuietly(client);
            client = null;
        }
        uploaded.clear();
        scriptUploaded = false;
    }

    private String describe(Exception e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof TransportException && String.valueOf(t.getMessage()).contains("HostKey")) {
                return "host key of " + settings.host() + ":" + settings.port() + " is not accepted (unknown or "
                        + "changed; known_hosts " + pool.knownHosts() + ")";
            }
            if (t.getMessage() != null && t.getMessage().contains("Could not verify")) {
                return "host key of " + settings.host() + ":" + settings.port() + " is not accepted (unknown or "
                        + "changed; known_hosts " + pool.knownHosts() + "): " + t.getMessage();
            }
            t = t.getCause();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.debug("closing {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }

    /** The host cannot be used now: mark it down and try another. */
    static final class HostFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HostFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public String toString() {
        return "SshHost{" + id() + ", " + state + "}";
    }
}
