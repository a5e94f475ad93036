package io.faas.ssh.internal;

import io.faas.api.FaasException;
import io.faas.api.FunctionRuntime;
import io.faas.api.InvocationError;
import io.faas.api.ServiceUnavailableException;
import io.faas.api.spi.ExecutionRequest;
import io.faas.api.spi.ExecutionResult;
import io.faas.api.spi.FunctionExecutor;
import io.faas.ssh.SshHostSettings;
import io.faas.ssh.SshPoolSettings;
import io.faas.core.internal.execution.python.PythonProtocol;
import io.faas.core.internal.execution.python.PythonWorker;
import io.faas.core.internal.execution.python.WarmWorkers;
import io.faas.core.internal.execution.python.WorkerCall;
import io.faas.core.internal.execution.python.WorkerProfile;
import io.faas.core.internal.execution.python.WorkerLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs Python functions on a pool of SSH hosts (executor {@code ssh:<pool>}, or {@code ec2:<pool>}
 * when an EC2 fleet supplies the hosts), in warm remote workers that speak the same framed
 * protocol as the local pool over the SSH exec channel.
 *
 * <p>Per host: one SSH connection, the worker script uploaded once (by SFTP, named by its hash),
 * each function version's code uploaded once ({@code <remoteDir>/fn/<sha256>/main.py}), at most
 * {@link SshPoolSettings#concurrencyPerHost()} calls at once. A call goes to the least busy host
 * that is not down, preferably one with a warm worker that has the function loaded; each host
 * keeps its warm workers in a {@link WarmWorkers}, the local pool's bookkeeping. When a host
 * fails during a call (the connection drops, the worker cannot be started), it is marked down and
 * the call is retried on another host within the same attempt, with the time left; a function's
 * own failure (an exception, a crash of its worker, a timeout) is its result and is not retried
 * here. A housekeeping thread pings idle workers, stops those idle too long, and probes down
 * hosts until they answer again.
 *
 * <p>Thread-safe. User code runs on the remote hosts; the calling thread waits for the answer.
 */
public final class SshExecutor implements FunctionExecutor {

    private static final Logger log = LoggerFactory.getLogger(SshExecutor.class);
    private static final long STOP_GRACE_MILLIS = SshHost.STOP_GRACE_MILLIS;
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(5);
    /** Less time than this left in the attempt: a retry on another host is not worth starting. */
    private static final long MIN_RETRY_MILLIS = 50;

    private final String name;
    private final SshPoolSettings settings;
    private final String scriptHash;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Guarded by {@link #lock}, like each host's state, load and idle workers. */
    private final Map<String, SshHost> hosts = new LinkedHashMap<>();
    private final Object lifecycle = new Object();
    private volatile boolean running;
    private volatile boolean closed;
    private ScheduledExecutorService housekeeper;

    /** An executor named {@code ssh:<pool>} over the pool's configured hosts; nothing happens until {@link #start()}. */
    public SshExecutor(SshPoolSettings settings) {
        this(settings.executorName(), settings);
    }

    /** An executor with another name (an EC2 fleet's {@code ec2:<pool>}), whose hosts may come and go. */
    public SshExecutor(String name, SshPoolSettings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scriptHash = PythonProtocol.codeRef(new String(WorkerLauncher.script(),
                java.nio.charset.StandardCharsets.UTF_8));
        for (SshHostSettings host : settings.hosts()) {
            hosts.put(host.id(), new SshHost(host, settings, scriptHash));
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean supports(FunctionRuntime runtime) {
        return runtime == FunctionRuntime.PYTHON;
    }

    public SshPoolSettings settings() {
        return settings;
    }

    /** Starts the housekeeping thread; hosts are connected on first use or by the first health check. Idempotent. */
    @Override
    public void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new FaasException("ssh executor '" + name + "' is closed");
            }
            if (running) {
                return;
            }
            housekeeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "faas-" + name.replace(':', '-') + "-health");
                t.setDaemon(true);
                return t;
            });
            long period = settings.healthCheckInterval().toMillis();
            housekeeper.scheduleWithFixedDelay(this::housekeep, 0, period, TimeUnit.MILLISECONDS);
            running = true;
            log.info("ssh executor '{}' started with hosts {}", name, hostIds());
            if (!settings.strictHostKeyChecking()) {
                log.warn("ssh executor '{}' accepts ANY host key (strictHostKeyChecking off): a man in the middle "
                        + "could read and change every function and event; use this for tests only", name);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running && !closed;
    }

    // ---- execution ---------------------------------------------------------------------------

    @Override
    public ExecutionResult execute(ExecutionRequest request) throws InterruptedException {
        ExecutionResult refused = PythonProtocol.refuse(request);
        requireRunning();
        if (refused != null) {
            return refused;
        }
        if (request.function().isPackage() || !request.function().spec().layers().isEmpty()) {
            // Registration refuses these with a remote executor; a topic binding can still route one here.
            Instant now = Instant.now();
            return ExecutionResult.failed(InvocationError.of("PackageUnsupported", "function '"
                    + request.function().name() + "' is a package or has layers, which executor '" + name()
                    + "' cannot run yet; run it on the local or process executor"), "", false, false, now, now);
        }
        // No cap of its own: a spec's limit was checked against the local caps when it was registered.
        WorkerProfile profile = WorkerProfile.of(request.function().spec(), settings.workers().memoryLimitMb(), 0);
        int logLimit = Math.min(request.logLimitBytes(), settings.workers().logLimitBytes());
        Instant startedAt = Instant.now();
        long deadline = System.nanoTime() + request.timeout().toNanos();
        Set<String> tried = new HashSet<>();
        List<String> failures = new ArrayList<>();
        while (true) {
            SshHost host = acquireHost(request.function().sourceHash(), tried, deadline, failures);
            tried.add(host.id());
            PythonWorker worker = null;
            boolean reusable = false;
            try {
                host.ensureCode(request.function().source());
                worker = host.workers.acquire(profile, request.function().sourceHash());
                ExecutionRequest attempt = new ExecutionRequest(request.function(), request.event(),
                        request.attempt(), Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())),
                        request.logLimitBytes(), request.secrets());
                WorkerCall.Outcome outcome = WorkerCall.run(worker, attempt, logLimit);
                if (outcome.ending() == WorkerCall.Ending.CRASHED
                        && ((SshWorkerProcess) worker.process()).lostWithoutExitReport()) {
                    throw new SshHost.HostFailure("connection lost during the call: "
                            + outcome.result().error().message(), null);
                }
                reusable = outcome.workerReusable();
                return outcome.result();
            } catch (SshHost.HostFailure e) {
                failures.add(host.id() + ": " + e.getMessage());
                markDown(host, e.getMessage());
                if (worker != null) {
                    host.workers.forget(worker); // went with the connection
                    worker = null;
                }
                if (deadline - System.nanoTime() < TimeUnit.MILLISECONDS.toNanos(MIN_RETRY_MILLIS)) {
                    return ExecutionResult.failed(InvocationError.of("HostLost", "no host of '" + name
                            + "' finished the call in time: " + String.join("; ", failures)), "", false, false,
                            startedAt, Instant.now());
                }
                log.warn("ssh executor '{}': host {} failed during a call of '{}', trying another: {}", name,
                        host.id(), request.function().name(), e.getMessage());
            } finally {
                release(host, worker, reusable);
            }
        }
    }

    /**
     * A host that is not down, not tried yet in this attempt and has a free slot: one with a warm
     * worker that knows the code if any, else the least busy. Waits for a slot while every such
     * host is busy.
     *
     * @throws ServiceUnavailableException if no host can take the call
     */
    private SshHost acquireHost(String hash, Set<String> tried, long deadline, List<String> failures)
            throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                requireRunning();
                SshHost best = null;
                boolean anyCandidate = false;
                for (SshHost host : hosts.values()) {
                    if (host.removed || host.state == SshHost.State.DOWN || tried.contains(host.id())) {
                        continue;
                    }
                    anyCandidate = true;
                    if (host.busy >= settings.concurrencyPerHost()) {
                        continue;
                    }
                    if (best == null || warm(host, hash) && !warm(best, hash)
                            || warm(host, hash) == warm(best, hash) && host.busy < best.busy) {
                        best = host;
                    }
                }
                if (best != null) {
                    best.busy++;
                    best.calls++;
                    return best;
                }
                if (!anyCandidate) {
                    throw new ServiceUnavailableException("no host of '" + name + "' is up"
                            + describeDown(failures));
                }
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    throw new ServiceUnavailableException("every host of '" + name + "' stayed busy ("
                            + settings.concurrencyPerHost() + " calls each) for the whole timeout");
                }
                changed.awaitNanos(wait);
            }
        } finally {
            lock.unlock();
        }
    }

    private static boolean warm(SshHost host, String hash) {
        return host.workers.hasWarm(hash);
    }

    private String describeDown(List<String> failures) {
        List<String> down = new ArrayList<>(failures);
        for (SshHost host : hosts.values()) {
            if (host.state == SshHost.State.DOWN && !host.removed) {
                down.add(host.id() + " down: " + host.lastError);
            }
        }
        return down.isEmpty() ? " (the pool has no hosts)" : ": " + String.join("; ", down);
    }

    /** Frees the host's slot and gives the worker back to the host's warm workers (kept if it may be reused). */
    private void release(SshHost host, PythonWorker worker, boolean reusable) {
        List<PythonWorker> toStop = List.of();
        lock.lock();
        try {
            host.busy--;
            if (worker != null) {
                boolean keep = reusable && !closed && !host.removed && host.state != SshHost.State.DOWN;
                toStop = host.workers.checkIn(worker, keep);
                if (keep && !toStop.contains(worker) && host.state == SshHost.State.UNKNOWN) {
                    host.state = SshHost.State.UP;
                }
            }
            if (host.busy == 0) {
                host.idleSinceNanos = System.nanoTime();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        host.workers.retire(toStop);
    }

    private void markDown(SshHost host, String why) {
        List<PythonWorker> idle;
        lock.lock();
        try {
            if (host.state != SshHost.State.DOWN) {
                log.warn("ssh executor '{}': host {} is down: {}", name, host.id(), why);
            }
            host.state = SshHost.State.DOWN;
            host.lastError = why;
            idle = host.workers.drainIdle();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        idle.forEach(PythonWorker::kill);
        host.disconnect();
    }

    // ---- health ------------------------------------------------------------------------------

    private void housekeep() {
        try {
            for (SshHost host : snapshot()) {
                if (closed) {
                    return;
                }
                SshHost.State state = stateOf(host);
                if (state == SshHost.State.DOWN || state == SshHost.State.UNKNOWN) {
                    probe(host);
                } else {
                    checkIdleWorkers(host);
                }
            }
        } catch (RuntimeException e) {
            log.warn("ssh executor '{}' health check failed: {}", name, e.toString());
        }
    }

    private List<SshHost> snapshot() {
        lock.lock();
        try {
            return List.copyOf(hosts.values());
        } finally {
            lock.unlock();
        }
    }

    private SshHost.State stateOf(SshHost host) {
        lock.lock();
        try {
            return host.removed ? SshHost.State.UP : host.state;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tries a host that is down (or never tried): connect, start a worker, ping it. On success the
     * host is up again and the worker stays warm.
     *
     * @return whether the host is up
     */
    boolean probe(SshHost host) {
        PythonWorker worker;
        try {
            worker = host.launch(WorkerProfile.unbound(settings.workers().memoryLimitMb()));
            ping(worker);
        } catch (SshHost.HostFailure | IOException e) {
            markDown(host, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        boolean keep;
        lock.lock();
        try {
            keep = !closed && !host.removed;
            if (keep) {
                if (host.state == SshHost.State.DOWN) {
                    log.info("ssh executor '{}': host {} is up again", name, host.id());
                }
                host.state = SshHost.State.UP;
                host.lastError = "";
                keep = host.workers.offerIdle(worker);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (!keep) {
            worker.stop(STOP_GRACE_MILLIS);
        }
        return keep;
    }

    /** Drops the dead idle workers and those idle too long, pings the others once; a host whose connection is gone goes down. */
    private void checkIdleWorkers(SshHost host) {
        host.workers.reapIdle(settings.workers().idleTimeout(), 0);
        List<PythonWorker> check;
        lock.lock();
        try {
            check = host.workers.borrowIdle();
            host.busy += check.size(); // held while pinged, so no call takes their slots meanwhile
        } finally {
            lock.unlock();
        }
        boolean lost = false;
        for (PythonWorker worker : check) {
            boolean keep = false;
            if (!lost) {
                try {
                    ping(worker);
                    keep = true;
                } catch (IOException e) {
                    lost = !host.connected();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            lock.lock();
            try {
                host.busy--;
                keep = keep && !closed && !host.removed && host.state != SshHost.State.DOWN;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            host.workers.giveBack(worker, keep);
        }
        if (lost || !host.connected()) {
            markDown(host, "connection lost (found by the health check)");
        }
    }

    /** Ping frame, pong within {@link #PING_TIMEOUT}. */
    private static void ping(PythonWorker worker) throws IOException, InterruptedException {
        worker.send(PythonProtocol.ping(0));
        byte[] frame = worker.receive(PING_TIMEOUT.toNanos());
        if (frame == null) {
            throw new EOFException("no pong within " + PING_TIMEOUT.toMillis() + " ms");
        }
        if (!"pong".equals(PythonProtocol.parse(frame).op())) {
            throw new EOFException("worker answered a ping with something else");
        }
    }

    // ---- hosts that come and go (EC2) -----------------------------------------------------------

    /**
     * Adds a host and tries it at once (connect, start a worker, ping).
     *
     * @return whether it is up; a host that is not stays in the pool as down and is probed again
     */
    public boolean join(SshHostSettings host) {
        SshHost added;
        lock.lock();
        try {
            requireRunning();
            if (hosts.containsKey(host.id())) {
                return hosts.get(host.id()).state == SshHost.State.UP;
            }
            added = new SshHost(host, settings, scriptHash);
            hosts.put(host.id(), added);
        } finally {
            lock.unlock();
        }
        return probe(added);
    }

    /**
     * Takes a host out of the pool: no new calls go to it; calls running on it finish; its idle
     * workers are stopped and the connection closed when nothing runs there any more.
     *
     * @return whether it was idle (nothing running), so it can go at once
     */
    public boolean leave(String hostId) {
        SshHost host;
        List<PythonWorker> idle;
        boolean wasIdle;
        lock.lock();
        try {
            host = hosts.remove(hostId);
            if (host == null) {
                return true;
            }
            host.removed = true;
            idle = host.workers.drainIdle();
            wasIdle = host.busy == 0;
        } finally {
            lock.unlock();
        }
        idle.forEach(w -> w.stop(STOP_GRACE_MILLIS));
        if (wasIdle) {
            host.disconnect();
        }
        return wasIdle;
    }

    /** Ids of the hosts in the pool, in the order they joined. */
    public List<String> hostIds() {
        lock.lock();
        try {
            return List.copyOf(hosts.keySet());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Load of each host, for scaling and metrics.
     *
     * @param id            host id
     * @param up            whether it is up (or not tried yet)
     * @param busy          calls running now
     * @param capacity      most calls at once
     * @param idleSince     when it last became idle (busy 0), as {@link System#nanoTime()}
     * @param warmWorkers   idle workers kept warm
     * @param calls         calls it was given so far
     * @param lastError     why it went down last, or empty
     */
    public record HostLoad(String id, boolean up, int busy, int capacity, long idleSince, int warmWorkers,
                           long calls, String lastError) {
    }

    public List<HostLoad> load() {
        lock.lock();
        try {
            List<HostLoad> out = new ArrayList<>();
            for (SshHost host : hosts.values()) {
                out.add(new HostLoad(host.id(), host.state != SshHost.State.DOWN, host.busy,
                        settings.concurrencyPerHost(), host.idleSinceNanos, host.workers.counts().idle(), host.calls,
                        host.lastError));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    private void requireRunning() {
        if (closed) {
            throw new FaasException("ssh executor '" + name + "' is closed");
        }
        if (!running) {
            throw new FaasException("ssh executor '" + name + "' is not started; call start() first");
        }
    }

    /** Stops the health checks, every warm worker and every connection; running calls end. Idempotent. */
    @Override
    public void close() {
        List<SshHost> all;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        lock.lock();
        List<PythonWorker> idle = new ArrayList<>();
        try {
            all = List.copyOf(hosts.values());
            for (SshHost host : all) {
                idle.addAll(host.workers.close().idle());
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (housekeeper != null) {
            housekeeper.shutdownNow();
        }
        idle.forEach(PythonWorker::requestStop);
        for (SshHost host : all) {
            host.disconnect(); // ends the channels of calls still running
        }
        if (housekeeper != null) {
            try {
                housekeeper.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("ssh executor '{}' closed", name);
    }

    @Override
    public String toString() {
        return "SshExecutor{" + name + ", " + load() + "}";
    }
}
