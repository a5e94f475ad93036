package io.faas.core.internal.execution.python;

import io.faas.api.FaasException;
import io.faas.api.FunctionRuntime;
import io.faas.api.InvalidFunctionException;
import io.faas.api.InvocationError;
import io.faas.api.spi.ExecutionRequest;
import io.faas.api.spi.ExecutionResult;
import io.faas.core.PythonExecutor;
import io.faas.core.PythonPoolStats;
import io.faas.core.PythonSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs Python functions in a pool of persistent {@code python3} worker processes (executor name
 * {@code local}). A worker keeps the modules it loaded, so only the first call of a function
 * version on a worker is cold; calls go preferably to an idle worker that already has the
 * function loaded.
 *
 * <p>At most {@link PythonSettings#poolSize()} worker processes are alive at once, so at most as
 * many calls run at once; {@link #execute} waits (interruptibly) for a free worker. Workers are
 * keyed by a {@link WorkerProfile}: a worker serves one function only (so functions never see each
 * other's memory), with one memory limit and network choice. Workers run in the bubblewrap sandbox
 * unless {@link PythonSettings#sandbox()} says otherwise or (AUTO) it cannot run here. A worker is replaced
 * after {@link PythonSettings#maxCallsPerWorker()} calls, after a timeout (it is killed with its
 * children) or a crash, and never reused after either; idle workers above
 * {@link PythonSettings#minIdle()} are stopped after {@link PythonSettings#idleTimeout()}.
 *
 * <p>Thread-safe. User code runs in the worker processes, never on a JVM thread; the calling
 * thread blocks until the answer, the timeout or the worker's death. One housekeeping daemon
 * thread stops idle workers and keeps {@code minIdle} started; each worker has two daemon
 * threads reading its output.
 *
 * @since 0.1
 */
public final class PythonWorkerPool implements PythonExecutor {

    /** Executor name that a function spec uses to run here. */
    public static final String NAME = "local";

    private static final Logger log = LoggerFactory.getLogger(PythonWorkerPool.class);
    private static final long STOP_GRACE_MILLIS = 2000;

    private final PythonSettings settings;
    private final WorkerLauncher launcher;
    private final Object lifecycle = new Object();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Idle workers, most recently used first. Guarded by {@link #lock}, like the fields below. */
    private final ArrayDeque<PythonWorker> idle = new ArrayDeque<>();
    private final Set<PythonWorker> busy = new HashSet<>();
    private int starting;
    /** Callers waiting for a worker whose function has none. */
    private int starved;
    /** Workers being started for a call, by profile (those of {@link #starting} that serve a caller). */
    private final java.util.Map<WorkerProfile, Integer> startingFor = new java.util.HashMap<>();
    private int stopping;
    private boolean running;
    private boolean closed;
    private ScheduledExecutorService housekeeper;

    private final AtomicLong workersStarted = new AtomicLong();
    private final AtomicLong coldStarts = new AtomicLong();
    private final AtomicLong crashes = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();

    /** A pool that does nothing until {@link #start()}. */
    public PythonWorkerPool(PythonSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.launcher = new WorkerLauncher(settings, "faas-python-pool-");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(FunctionRuntime runtime) {
        return runtime == FunctionRuntime.PYTHON;
    }

    @Override
    public PythonSettings settings() {
        return settings;
    }

    /**
     * Resolves the interpreter, starts the housekeeping thread and {@code minIdle} workers.
     * Idempotent.
     *
     * @throws FaasException if the interpreter cannot be run or a first worker cannot be started;
     *                       the pool is then closed
     */
    @Override
    public void start() {
        synchronized (lifecycle) {
            lock.lock();
            try {
                if (closed) {
                    throw new FaasException("the Python worker pool is closed");
                }
                if (running) {
                    return;
                }
            } finally {
                lock.unlock();
            }
            try {
                launcher.start();
                housekeeper = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "faas-python-pool-housekeeper");
                    t.setDaemon(true);
                    return t;
                });
                long period = Math.max(50, Math.min(1000, settings.workers().idleTimeout().toMillis() / 4));
                housekeeper.scheduleWithFixedDelay(this::housekeep, period, period, TimeUnit.MILLISECONDS);
                lock.lock();
                try {
                    running = true;
                } finally {
                    lock.unlock();
                }
                for (int i = 0; i < settings.minIdle(); i++) {
                    startIdleWorker();
                }
                log.info("Python worker pool started: {} ({}), poolSize {}, minIdle {}, {}", launcher.executable(),
                        launcher.root(), settings.poolSize(), settings.minIdle(),
                        launcher.sandboxed() ? "sandboxed (bubblewrap)" : "UNSANDBOXED");
            } catch (RuntimeException e) {
                close();
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new FaasException("interrupted while starting the Python worker pool", e);
            }
        }
    }

    @Override
    public boolean isRunning() {
        lock.lock();
        try {
            return running && !closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) throws InterruptedException {
        ExecutionResult refused = PythonProtocol.refuse(request);
        if (refused != null) {
            return refused;
        }
        ExecutionResult overLimits = refuseOverLimits(request, settings);
        if (overLimits != null) {
            return overLimits;
        }
        PythonWorker worker = acquire(WorkerProfile.of(request.function().spec(), settings),
                request.function().sourceHash());
        boolean reusable = false;
        try {
            WorkerCall.Outcome outcome = WorkerCall.run(worker, request, logLimitBytes(request, settings));
            count(outcome, coldStarts, crashes, timeouts);
            reusable = outcome.workerReusable();
            return outcome.result();
        } finally {
            release(worker, reusable);
        }
    }

    static void count(WorkerCall.Outcome outcome, AtomicLong coldStarts, AtomicLong crashes, AtomicLong timeouts) {
        if (outcome.result().coldStart()) {
            coldStarts.incrementAndGet();
        }
        if (outcome.ending() == WorkerCall.Ending.CRASHED) {
            crashes.incrementAndGet();
        } else if (outcome.ending() == WorkerCall.Ending.TIMED_OUT) {
            timeouts.incrementAndGet();
        }
    }

    /**
     * A failed result for a spec that asks more than the operator allows (stored before the caps
     * were lowered: new ones are refused when registered), else {@code null}.
     */
    static ExecutionResult refuseOverLimits(ExecutionRequest request, PythonSettings settings) {
        try {
            settings.requireWithinLimits(request.function().spec());
            return null;
        } catch (InvalidFunctionException e) {
            Instant now = Instant.now();
            return ExecutionResult.failed(InvocationError.of("LimitExceeded", e.getMessage()), "", false, false,
                    now, now);
        }
    }

    /** The request may ask for a smaller log cap than the settings allow, never a bigger one. */
    static int logLimitBytes(ExecutionRequest request, PythonSettings settings) {
        return Math.min(request.logLimitBytes(), settings.workers().logLimitBytes());
    }

    private PythonWorker acquire(WorkerProfile profile, String hash) throws InterruptedException {
        List<PythonWorker> dead = new ArrayList<>();
        PythonWorker evicted = null;
        boolean starving = false;
        lock.lockInterruptibly();
        try {
            while (true) {
                requireRunning();
                PythonWorker worker = takeIdle(profile, hash, dead);
                if (worker != null) {
                    busy.add(worker);
                    return worker;
                }
                // A worker serves one function. A function that already has one waits for it rather
                // than take a worker from another function (or a free slot that a function without
                // any is waiting for): two busy functions would otherwise evict each other's workers
                // on every call, a cold start each.
                boolean hasOwn = hasBusyWorkerOf(profile);
                if (live() < settings.poolSize() && (!hasOwn || starved == 0)) {
                    starting++;
                    startingFor.merge(profile, 1, Integer::sum);
                    break;
                }
                if (!hasOwn) {
                    evicted = oldestIdleOfOtherProfile(profile);
                    if (evicted != null) {
                        // Its slot passes straight to the new worker.
                        idle.remove(evicted);
                        starting++;
                        startingFor.merge(profile, 1, Integer::sum);
                        break;
                    }
                    if (!starving) {
                        starving = true;
                        starved++;
                    }
                }
                changed.await();
            }
        } finally {
            if (starving) {
                starved--;
            }
            lock.unlock();
            discardDead(dead);
        }
        if (evicted != null) {
            log.debug("stopping idle {} to make room for a worker of {}", evicted, profile);
            evicted.stop(STOP_GRACE_MILLIS);
        }
        PythonWorker fresh;
        try {
            fresh = launcher.launch(profile, false);
            workersStarted.incrementAndGet();
        } catch (RuntimeException | InterruptedException e) {
            lock.lock();
            try {
                starting--;
                startingFor.computeIfPresent(profile, (k, n) -> n > 1 ? n - 1 : null);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            throw e;
        }
        lock.lock();
        try {
            starting--;
            startingFor.computeIfPresent(profile, (k, n) -> n > 1 ? n - 1 : null);
            if (!closed) {
                busy.add(fresh);
                return fresh;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        fresh.stop(STOP_GRACE_MILLIS);
        throw new FaasException("the Python worker pool is closed");
    }

    /**
     * An idle worker of this profile, one that has the module loaded if any, else an unbound one
     * with its limits (then bound to it). Removes dead workers on the way.
     */
    private PythonWorker takeIdle(WorkerProfile profile, String hash, List<PythonWorker> dead) {
        PythonWorker fallback = null;
        for (Iterator<PythonWorker> it = idle.iterator(); it.hasNext(); ) {
            PythonWorker worker = it.next();
            if (!worker.isAlive()) {
                it.remove();
                dead.add(worker);
                continue;
            }
            if (!worker.profile().serves(profile)) {
                continue;
            }
            if (worker.knows(hash) && worker.claim(profile)) {
                it.remove();
                return worker;
            }
            if (fallback == null || fallback.profile().isUnbound() && !worker.profile().isUnbound()) {
                fallback = worker;
            }
        }
        if (fallback != null) {
            idle.remove(fallback);
            fallback.claim(profile);
        }
        return fallback;
    }

    /** Whether a worker bound to this profile is running a call or starting. Guarded by {@link #lock}. */
    private boolean hasBusyWorkerOf(WorkerProfile profile) {
        if (startingFor.containsKey(profile)) {
            return true;
        }
        for (PythonWorker worker : busy) {
            if (worker.profile().equals(profile)) {
                return true;
            }
        }
        return false;
    }

    private PythonWorker oldestIdleOfOtherProfile(WorkerProfile profile) {
        for (Iterator<PythonWorker> it = idle.descendingIterator(); it.hasNext(); ) {
            PythonWorker worker = it.next();
            if (!worker.profile().serves(profile)) {
                return worker;
            }
        }
        return null;
    }

    private void release(PythonWorker worker, boolean reusable) {
        boolean keep;
        lock.lock();
        try {
            busy.remove(worker);
            keep = reusable && !closed && worker.calls() < settings.maxCallsPerWorker() && worker.isAlive()
                    // a caller of a function without a worker waits: this one's function has another
                    && !(starved > 0 && hasBusyWorkerOf(worker.profile()));
            if (keep) {
                worker.markIdle(System.nanoTime());
                idle.addFirst(worker);
            } else {
                // Still counted as live until its process has ended, so poolSize bounds processes.
                stopping++;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (!keep) {
            retire(worker);
        }
    }

    private void retire(PythonWorker worker) {
        try {
            worker.stop(STOP_GRACE_MILLIS);
        } finally {
            lock.lock();
            try {
                stopping--;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void discardDead(List<PythonWorker> dead) {
        for (PythonWorker worker : dead) {
            crashes.incrementAndGet();
            log.warn("idle Python worker {} ended on its own ({}); it is replaced when needed", worker.id(),
                    worker.exitDescription());
            worker.cleanUp();
        }
    }

    private void housekeep() {
        try {
            List<PythonWorker> dead = new ArrayList<>();
            List<PythonWorker> expired = new ArrayList<>();
            int toStart;
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                long now = System.nanoTime();
                long idleTimeout = settings.workers().idleTimeout().toNanos();
                for (Iterator<PythonWorker> it = idle.descendingIterator(); it.hasNext(); ) {
                    PythonWorker worker = it.next();
                    if (!worker.isAlive()) {
                        it.remove();
                        dead.add(worker);
                    } else if (idle.size() > settings.minIdle() && now - worker.idleSinceNanos() >= idleTimeout) {
                        it.remove();
                        stopping++;
                        expired.add(worker);
                    }
                }
                toStart = Math.max(0, Math.min(settings.minIdle() - idle.size(), settings.poolSize() - live()));
            } finally {
                lock.unlock();
            }
            discardDead(dead);
            for (PythonWorker worker : expired) {
                log.debug("stopping {}: idle for longer than {}", worker, settings.workers().idleTimeout());
                retire(worker);
            }
            for (int i = 0; i < toStart; i++) {
                startIdleWorker();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Python worker pool housekeeping failed: {}", e.toString());
        }
    }

    /** Starts an unbound worker with the default memory limit and parks it idle, if there is room. */
    private void startIdleWorker() throws InterruptedException {
        lock.lock();
        try {
            if (closed || live() >= settings.poolSize()) {
                return;
            }
            starting++;
        } finally {
            lock.unlock();
        }
        PythonWorker worker = null;
        try {
            worker = launcher.launch(WorkerProfile.unbound(settings), false);
            workersStarted.incrementAndGet();
        } finally {
            lock.lock();
            try {
                starting--;
                if (worker != null && !closed) {
                    worker.markIdle(System.nanoTime());
                    idle.addLast(worker);
                    worker = null;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (worker != null) {
                worker.stop(STOP_GRACE_MILLIS);
            }
        }
    }

    private int live() {
        return idle.size() + busy.size() + starting + stopping;
    }

    private void requireRunning() {
        if (closed) {
            throw new FaasException("the Python worker pool is closed");
        }
        if (!running) {
            throw new FaasException("the Python worker pool is not started; call start() first");
        }
    }

    @Override
    public PythonPoolStats stats() {
        lock.lock();
        try {
            return new PythonPoolStats(live(), idle.size(), busy.size(), workersStarted.get(), coldStarts.get(),
                    crashes.get(), timeouts.get());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops every worker: input closed and SIGTERM at once, SIGKILL to what is left after about
     * 2 s. Calls still running end with a {@link io.faas.api.ServiceUnavailableException}.
     * Idempotent; returns within about 3 s.
     */
    @Override
    public void close() {
        List<PythonWorker> all;
        ScheduledExecutorService house;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(idle);
            all.addAll(busy);
            idle.clear();
            house = housekeeper;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (house != null) {
            house.shutdownNow();
        }
        stopAll(all, STOP_GRACE_MILLIS);
        if (house != null) {
            try {
                house.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        launcher.close();
        log.info("Python worker pool closed ({} workers stopped)", all.size());
    }

    /** Stops workers in parallel: they all get SIGTERM first, then share one grace period. */
    static void stopAll(List<PythonWorker> workers, long graceMillis) {
        for (PythonWorker worker : workers) {
            worker.requestStop();
        }
        long deadline = System.nanoTime() + Duration.ofMillis(graceMillis).toNanos();
        for (PythonWorker worker : workers) {
            worker.awaitExit(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        }
        for (PythonWorker worker : workers) {
            worker.kill(); // also children that ignored SIGTERM after their parent exited
        }
        for (PythonWorker worker : workers) {
            worker.awaitExit(500);
            worker.cleanUp();
        }
    }

    @Override
    public String toString() {
        return "PythonWorkerPool{" + stats() + "}";
    }
}
