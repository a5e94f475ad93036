package io.faas.core.internal.execution.python;

import io.faas.api.FaasException;
import io.faas.api.FunctionRuntime;
import io.faas.api.spi.ExecutionRequest;
import io.faas.api.spi.ExecutionResult;
import io.faas.core.PythonExecutor;
import io.faas.core.PythonPoolStats;
import io.faas.core.PythonSettings;
import io.faas.core.spi.ContextualExecutor;
import io.faas.core.spi.ExecutorContext;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs every call in a fresh {@code python3 faas_worker.py --once} process (executor name
 * {@code process}): the simplest isolation, and every call is cold. Same protocol, sandbox,
 * environment scrubbing, limits and timeout handling as {@link PythonWorkerPool}; kept as the baseline that
 * the pool is measured against.
 *
 * <p>At most {@link PythonSettings#poolSize()} processes run at once; {@link #execute} waits
 * (interruptibly) for a slot. Thread-safe. User code runs in the child process, never on a JVM
 * thread.
 *
 * @since 0.1
 */
public final class ProcessPerEventExecutor implements PythonExecutor, ContextualExecutor {

    /** Executor name that a function spec uses to run here. */
    public static final String NAME = "process";

    private static final long STOP_GRACE_MILLIS = 2000;

    private final PythonSettings settings;
    private final WorkerLauncher launcher;
    private final Semaphore slots;
    private final Set<PythonWorker> running = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    private volatile boolean started;
    private volatile boolean closed;

    private final AtomicLong workersStarted = new AtomicLong();
    private final AtomicLong coldStarts = new AtomicLong();
    private final AtomicLong crashes = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();

    /** An executor that does nothing until {@link #start()}. */
    public ProcessPerEventExecutor(PythonSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.launcher = new WorkerLauncher(settings, "faas-python-process-");
        this.slots = new Semaphore(settings.poolSize(), true);
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
     * Resolves the interpreter and writes the worker script. Idempotent.
     *
     * @throws FaasException if the interpreter cannot be run
     */
    @Override
    public void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new FaasException("the process-per-event Python executor is closed");
            }
            if (!started) {
                launcher.start();
                started = true;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return started && !closed;
    }

    @Override
    public void bind(ExecutorContext context) {
        launcher.usePackages(context::functionPackage, context::packageLayers);
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) throws InterruptedException {
        ExecutionResult refused = PythonProtocol.refuse(request);
        requireRunning();
        if (refused != null) {
            return refused;
        }
        ExecutionResult overLimits = PythonWorkerPool.refuseOverLimits(request, settings);
        if (overLimits != null) {
            return overLimits;
        }
        slots.acquire();
        try {
            requireRunning();
            WorkerProfile profile;
            try {
                profile = launcher.profile(request.function());
            } catch (io.faas.api.InvalidFunctionException e) {
                return PythonWorkerPool.refused("PackageUnavailable", e);
            }
            PythonWorker worker = launcher.launch(profile, true);
            workersStarted.incrementAndGet();
            running.add(worker);
            try {
                if (closed) {
                    throw new FaasException("the process-per-event Python executor is closed");
                }
                WorkerCall.Outcome outcome = WorkerCall.run(worker, request,
                        PythonWorkerPool.logLimitBytes(request, settings));
                PythonWorkerPool.count(outcome, coldStarts, crashes, timeouts);
                return outcome.result();
            } finally {
                running.remove(worker);
                // A --once worker exits by itself after its answer; this reaps it and its directory.
                worker.stop(STOP_GRACE_MILLIS);
            }
        } finally {
            slots.release();
        }
    }

    private void requireRunning() {
        if (closed) {
            throw new FaasException("the process-per-event Python executor is closed");
        }
        if (!started) {
            throw new FaasException("the process-per-event Python executor is not started; call start() first");
        }
    }

    @Override
    public PythonPoolStats stats() {
        int live = running.size();
        return new PythonPoolStats(live, 0, live, workersStarted.get(), coldStarts.get(), crashes.get(),
                timeouts.get());
    }

    /**
     * Stops running processes (SIGTERM, SIGKILL after about 2 s); their calls end with a
     * {@link io.faas.api.ServiceUnavailableException}. Idempotent; returns within about 3 s.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        PythonWorkerPool.stopAll(List.copyOf(running), STOP_GRACE_MILLIS);
        launcher.close();
    }

    @Override
    public String toString() {
        return "ProcessPerEventExecutor{" + stats() + "}";
    }
}
