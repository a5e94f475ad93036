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
import io.faas.core.WorkerSettings;
import io.faas.core.spi.ContextualExecutor;
import io.faas.core.spi.ExecutorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
 * unless {@link WorkerSettings#sandbox()} says otherwise or (AUTO) it cannot run here. A worker is
 * replaced after {@link PythonSettings#maxCallsPerWorker()} calls, after a timeout (it is killed
 * with its children) or a crash, and never reused after either; idle workers above
 * {@link PythonSettings#minIdle()} are stopped after {@link WorkerSettings#idleTimeout()}. The
 * bookkeeping is one {@link WarmWorkers}, the same as each host of an SSH pool keeps.
 *
 * <p>Thread-safe. User code runs in the worker processes, never on a JVM thread; the calling
 * thread blocks until the answer, the timeout or the worker's death. One housekeeping daemon
 * thread stops idle workers and keeps {@code minIdle} started; each worker has two daemon
 * threads reading its output.
 *
 * @since 0.1
 */
public final class PythonWorkerPool implements PythonExecutor, ContextualExecutor {

    /** Executor name that a function spec uses to run here. */
    public static final String NAME = "local";

    private static final Logger log = LoggerFactory.getLogger(PythonWorkerPool.class);
    private static final long STOP_GRACE_MILLIS = 2000;

    private final PythonSettings settings;
    private final WorkerLauncher launcher;
    private final WarmWorkers workers;
    private final Object lifecycle = new Object();
    private volatile boolean running;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ScheduledExecutorService housekeeper;

    private final AtomicLong coldStarts = new AtomicLong();
    private final AtomicLong crashes = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();

    /** A pool that does nothing until {@link #start()}. */
    public PythonWorkerPool(PythonSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.launcher = new WorkerLauncher(settings, "faas-python-pool-");
        this.workers = new WarmWorkers("the Python worker pool", profile -> launcher.launch(profile, false),
                settings.poolSize(), settings.poolSize(), settings.maxCallsPerWorker(), STOP_GRACE_MILLIS);
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
            if (closed.get()) {
                throw new FaasException("the Python worker pool is closed");
            }
            if (running) {
                return;
            }
            try {
                launcher.start();
                running = true;
                // Before the housekeeper, which also keeps minIdle: start() returns with them idle.
                workers.fillIdle(settings.minIdle(), WorkerProfile.unbound(settings));
                housekeeper = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "faas-python-pool-housekeeper");
                    t.setDaemon(true);
                    return t;
                });
                long period = Math.max(50, Math.min(1000, settings.workers().idleTimeout().toMillis() / 4));
                housekeeper.scheduleWithFixedDelay(this::housekeep, period, period, TimeUnit.MILLISECONDS);
                if (closed.get()) {
                    housekeeper.shutdownNow(); // close() ran meanwhile and found none to stop
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
        return running && !closed.get();
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
        requireRunning();
        WorkerProfile profile;
        try {
            profile = launcher.profile(request.function());
        } catch (InvalidFunctionException e) {
            return refused("PackageUnavailable", e);
        }
        PythonWorker worker = workers.acquire(profile, request.function().sourceHash());
        boolean reusable = false;
        try {
            WorkerCall.Outcome outcome = WorkerCall.run(worker, request, logLimitBytes(request, settings));
            count(outcome, coldStarts, crashes, timeouts);
            reusable = outcome.workerReusable();
            return outcome.result();
        } finally {
            workers.release(worker, reusable);
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
            return refused("LimitExceeded", e);
        }
    }

    /** A failed result of a call that never reached a worker. */
    static ExecutionResult refused(String type, InvalidFunctionException e) {
        Instant now = Instant.now();
        return ExecutionResult.failed(InvocationError.of(type, e.getMessage()), "", false, false, now, now);
    }

    @Override
    public void bind(ExecutorContext context) {
        launcher.usePackages(context::functionPackage, context::packageLayers);
    }

    /** The request may ask for a smaller log cap than the settings allow, never a bigger one. */
    static int logLimitBytes(ExecutionRequest request, PythonSettings settings) {
        return Math.min(request.logLimitBytes(), settings.workers().logLimitBytes());
    }

    private void housekeep() {
        try {
            workers.reapIdle(settings.workers().idleTimeout(), settings.minIdle());
            workers.fillIdle(settings.minIdle(), WorkerProfile.unbound(settings));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Python worker pool housekeeping failed: {}", e.toString());
        }
    }

    private void requireRunning() {
        if (closed.get()) {
            throw new FaasException("the Python worker pool is closed");
        }
        if (!running) {
            throw new FaasException("the Python worker pool is not started; call start() first");
        }
    }

    @Override
    public PythonPoolStats stats() {
        WarmWorkers.Counts counts = workers.counts();
        return new PythonPoolStats(counts.live(), counts.idle(), counts.busy(), workers.workersStarted(),
                coldStarts.get(), crashes.get() + workers.idleDeaths(), timeouts.get());
    }

    /**
     * Stops every worker: input closed and SIGTERM at once, SIGKILL to what is left after about
     * 2 s. Calls still running end with a {@link io.faas.api.ServiceUnavailableException}.
     * Idempotent; returns within about 3 s.
     */
    @Override
    public void close() {
        // Not under the lifecycle monitor, so a close during a slow start() is not held up by it.
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ScheduledExecutorService house = housekeeper;
        List<PythonWorker> all = workers.close().all();
        if (house != null) {
            house.shutdownNow();
        }
        WarmWorkers.stopAll(all, STOP_GRACE_MILLIS);
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
        WarmWorkers.stopAll(workers, graceMillis);
    }

    @Override
    public String toString() {
        return "PythonWorkerPool{" + stats() + "}";
    }
}
