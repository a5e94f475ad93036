package io.faas.ssh.internal;

import io.faas.core.internal.execution.python.WorkerProcess;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A worker running as the command of an SSH session channel. The worker leads its own process
 * group on the host and kills the whole group, functions' children included, when its input is
 * hung up during a call; so ending a remote worker is closing its stdin. Thread-safe.
 */
final class SshWorkerProcess implements WorkerProcess {

    private static final Logger log = LoggerFactory.getLogger(SshWorkerProcess.class);

    private final String hostId;
    private final Session session;
    private final Session.Command command;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean closerStarted = new AtomicBoolean();
    private static final long CLOSE_GRACE_MILLIS = 5000;

    SshWorkerProcess(String hostId, Session session, Session.Command command) {
        this.hostId = hostId;
        this.session = session;
        this.command = command;
    }

    @Override
    public OutputStream stdin() {
        return command.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        return command.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return command.getErrorStream();
    }

    @Override
    public boolean isAlive() {
        return command.isOpen();
    }

    /**
     * Whether the channel ended without the remote side reporting how the worker ended: the
     * connection or the host went away, not the worker.
     */
    boolean lostWithoutExitReport() {
        return !command.isOpen() && command.getExitStatus() == null && command.getExitSignal() == null;
    }

    /**
     * Same as {@link #kill()}: signals over SSH are refused for some logins (OpenSSH does not
     * signal sessions of root), and one sent as the channel closes makes OpenSSH drop the whole
     * connection; hanging up works everywhere.
     */
    @Override
    public void terminate() {
        kill();
    }

    /**
     * Hangs up the worker's input: a worker in a call then kills its whole process group (an
     * idle one exits); the channel is closed once the host reports the end, or after
     * {@link #CLOSE_GRACE_MILLIS} regardless, on a daemon thread so the caller never waits on the
     * network.
     */
    @Override
    public void kill() {
        try {
            command.getOutputStream().close();
        } catch (IOException | RuntimeException e) {
            log.debug("ssh worker on {}: hanging up: {}", hostId, e.toString());
        }
        if (!closed.get() && closerStarted.compareAndSet(false, true)) {
            Thread closer = new Thread(() -> {
                awaitExit(CLOSE_GRACE_MILLIS);
                close();
            }, "faas-ssh-close-" + hostId);
            closer.setDaemon(true);
            closer.start();
        }
    }

    private void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                command.close();
            } catch (IOException | RuntimeException e) {
                log.debug("ssh worker on {}: closing the channel: {}", hostId, e.toString());
            }
            try {
                session.close();
            } catch (IOException | RuntimeException e) {
                log.debug("ssh worker on {}: closing the session: {}", hostId, e.toString());
            }
        }
    }

    @Override
    public boolean awaitExit(long millis) {
        if (!command.isOpen()) {
            return true;
        }
        try {
            command.join(Math.max(1, millis), TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            // a timeout, or the connection failed: either way report what is known now
        }
        return !command.isOpen();
    }

    @Override
    public String exitDescription() {
        if (command.isOpen()) {
            return "still running";
        }
        Integer status = command.getExitStatus();
        Signal signal = command.getExitSignal();
        if (signal != null) {
            return "killed by signal " + signal.name() + " on " + hostId;
        }
        if (status != null) {
            return "exit code " + status + " on " + hostId;
        }
        return "connection to " + hostId + " lost";
    }

    @Override
    public String describe() {
        return hostId;
    }

    @Override
    public void cleanUp() {
        // The worker removes its private directory when it ends normally; a killed one leaves it
        // under <remoteDir>/run.
        if (command.isOpen()) {
            kill();
        } else {
            close();
        }
    }
}
