package io.faas.core.internal.execution.python;

import io.faas.api.FaasException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The warm workers of one place they run: this machine (the local pool holds one) or one SSH host
 * (each host of an SSH pool holds one). It keeps which workers are idle (most recently used
 * first), which are busy and which are being started for which function, hands a call the idle
 * worker that already has its code loaded, starts and stops workers through a {@link Launcher},
 * and retires them after {@code maxCallsPerWorker} calls, a crash or a timeout, and after
 * {@code idleTimeout} idle above {@code minIdle}.
 *
 * <p>A worker serves one function ({@link WorkerProfile}). At most {@code capacity} workers are
 * alive (idle, busy, starting or stopping); at capacity, a call of a function that has no worker
 * stops the oldest idle worker of another function, while a function that has one (running a
 * call or starting) waits for it instead of evicting another function's. At most {@code maxIdle}
 * workers stay idle: past that the least recently used one is stopped.
 *
 * <p>Thread-safe, with its own lock, which is never held while a worker starts or stops; an owner
 * may call the methods that do neither ({@link #checkIn}, {@link #offerIdle}, {@link #drainIdle},
 * {@link #hasWarm}, {@link #counts}) under its own lock. It has no threads: the owner's
 * housekeeping calls {@link #reapIdle} and {@link #fillIdle}.
 */
public final class WarmWorkers {

    /** How a worker is started: a local child process, or a command on an SSH channel to one host. */
    @FunctionalInterface
    public interface Launcher {
        /** Starts a worker for this profile and waits until it reports ready. */
        PythonWorker launch(WorkerProfile profile) throws InterruptedException;
    }

    /**
     * Counts of one moment.
     *
     * @param live workers alive: idle, busy, starting or being stopped
     * @param idle workers waiting for a call
     * @param busy workers running a call (or lent out, see {@link #borrowIdle})
     */
    public record Counts(int live, int idle, int busy) {
    }

    /** What {@link #close()} took away: the owner stops them its own way. */
    public record Closing(List<PythonWorker> idle, List<PythonWorker> busy) {
        public List<PythonWorker> all() {
            List<PythonWorker> all = new ArrayList<>(idle);
            all.addAll(busy);
            return all;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(WarmWorkers.class);

    private final String owner;
    private final Launcher launcher;
    private final int capacity;
    private final int maxIdle;
    private final int maxCallsPerWorker;
    private final long stopGraceMillis;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Idle workers, most recently used first. Guarded by {@link #lock}, like the fields below. */
    private final ArrayDeque<PythonWorker> idle = new ArrayDeque<>();
    private final Set<PythonWorker> busy = new HashSet<>();
    private int starting;
    /** Workers being started for a call, by profile (those of {@link #starting} that serve a caller). */
    private final Map<WorkerProfile, Integer> startingFor = new HashMap<>();
    /** Workers being started to be parked idle (those of {@link #starting} that serve no caller yet). */
    private int startingIdle;
    /** Callers waiting for a worker whose function has none. */
    private int starved;
    private int stopping;
    private boolean closed;

    private final AtomicLong workersStarted = new AtomicLong();
    private final AtomicLong idleDeaths = new AtomicLong();

    /**
     * @param owner             what holds them, for messages: {@code the Python worker pool}
     * @param launcher          starts a worker
     * @param capacity          most workers alive at once ({@link Integer#MAX_VALUE}: the owner
     *                          bounds calls itself)
     * @param maxIdle           most workers kept idle
     * @param maxCallsPerWorker calls after which a worker is replaced
     * @param stopGraceMillis   how long a stopped worker gets between SIGTERM and SIGKILL
     */
    public WarmWorkers(String owner, Launcher launcher, int capacity, int maxIdle, int maxCallsPerWorker,
                       long stopGraceMillis) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        if (capacity < 1 || maxIdle < 0 || maxCallsPerWorker < 1 || stopGraceMillis < 0) {
            throw new IllegalArgumentException("capacity " + capacity + ", maxIdle " + maxIdle
                    + ", maxCallsPerWorker " + maxCallsPerWorker + ", stopGraceMillis " + stopGraceMillis);
        }
        this.capacity = capacity;
        this.maxIdle = maxIdle;
        this.maxCallsPerWorker = maxCallsPerWorker;
        this.stopGraceMillis = stopGraceMillis;
    }

    /**
     * A worker for a call of this profile, now busy: an idle one with the code of {@code hash}
     * loaded if any, else an idle one of the profile (or unbound with its limits, then bound to
     * it), else a new one; at capacity, waits (interruptibly) or makes room as the class describes.
     *
     * @throws FaasException if closed, or whatever the launcher throws
     */
    public PythonWorker acquire(WorkerProfile profile, String hash) throws InterruptedException {
        List<PythonWorker> dead = new ArrayList<>();
        PythonWorker evicted = null;
        boolean starving = false;
        lock.lockInterruptibly();
        try {
            while (true) {
                requireOpen();
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
                if (live() < capacity && (!hasOwn || starved == 0)) {
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
            evicted.stop(stopGraceMillis);
        }
        PythonWorker fresh;
        try {
            fresh = launcher.launch(profile);
            workersStarted.incrementAndGet();
        } catch (RuntimeException | InterruptedException e) {
            lock.lock();
            try {
                doneStarting(profile);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            throw e;
        }
        lock.lock();
        try {
            doneStarting(profile);
            if (!closed) {
                busy.add(fresh);
                return fresh;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        fresh.stop(stopGraceMillis);
        throw new FaasException(owner + " is closed");
    }

    private void doneStarting(WorkerProfile profile) {
        starting--;
        startingFor.computeIfPresent(profile, (k, n) -> n > 1 ? n - 1 : null);
    }

    /**
     * An idle worker of this profile, one that has the module loaded if any, else an unbound one
     * with its limits (then bound to it). Removes dead workers on the way. Guarded by {@link #lock}.
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

    /** Gives back a worker after a call: kept idle if it may be reused, else stopped. */
    public void release(PythonWorker worker, boolean reusable) {
        retire(checkIn(worker, reusable));
    }

    /**
     * Gives back a worker after a call without stopping anything: it becomes the most recently
     * used idle worker if {@code reusable}, it is still alive, below {@code maxCallsPerWorker} calls
     * and not needed elsewhere (a caller of a function without a worker waits, and this one's
     * function has another), else it is to be stopped.
     *
     * @return the workers the caller must {@link #retire} (this one, or the idle worker it pushed
     *         out past {@code maxIdle}), usually none
     */
    public List<PythonWorker> checkIn(PythonWorker worker, boolean reusable) {
        List<PythonWorker> toStop = new ArrayList<>(1);
        lock.lock();
        try {
            if (!busy.remove(worker)) {
                return toStop;
            }
            boolean keep = reusable && !closed && worker.calls() < maxCallsPerWorker && worker.isAlive()
                    && !(starved > 0 && hasBusyWorkerOf(worker.profile()));
            if (keep) {
                worker.markIdle(System.nanoTime());
                idle.addFirst(worker);
                // A worker serves one function: without this, a place would keep one per function it ever ran.
                if (idle.size() > maxIdle) {
                    toStop.add(idle.removeLast());
                }
            } else {
                toStop.add(worker);
            }
            // Still counted as live until their processes have ended, so capacity bounds processes.
            stopping += toStop.size();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return toStop;
    }

    /** Stops workers that {@link #checkIn} handed back, one after the other. */
    public void retire(List<PythonWorker> workers) {
        for (PythonWorker worker : workers) {
            try {
                worker.stop(stopGraceMillis);
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
    }

    /** Forgets a busy worker that is gone with its connection, without stopping it. */
    public void forget(PythonWorker worker) {
        lock.lock();
        try {
            busy.remove(worker);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds a worker started by the owner (a health probe's) as the least recently used idle one.
     *
     * @return false if closed: the caller stops it
     */
    public boolean offerIdle(PythonWorker worker) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            worker.markIdle(System.nanoTime());
            idle.addLast(worker);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether an idle worker has the code of this source hash loaded. */
    public boolean hasWarm(String hash) {
        lock.lock();
        try {
            for (PythonWorker worker : idle) {
                if (worker.knows(hash)) {
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lends out every idle worker (to ping it): they count as busy until {@link #giveBack}, which
     * does not count as use, so their idle time runs on.
     */
    public List<PythonWorker> borrowIdle() {
        lock.lock();
        try {
            List<PythonWorker> lent = new ArrayList<>(idle);
            idle.clear();
            busy.addAll(lent);
            return lent;
        } finally {
            lock.unlock();
        }
    }

    /** Returns a worker lent by {@link #borrowIdle}: idle again (least recently used) if {@code keep}, else stopped. */
    public void giveBack(PythonWorker worker, boolean keep) {
        boolean stop;
        lock.lock();
        try {
            if (!busy.remove(worker)) {
                return;
            }
            stop = !keep || closed;
            if (stop) {
                stopping++;
            } else {
                idle.addLast(worker);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (stop) {
            retire(List.of(worker));
        }
    }

    /** Takes every idle worker away (their place is going down); the caller ends them. */
    public List<PythonWorker> drainIdle() {
        lock.lock();
        try {
            List<PythonWorker> drained = new ArrayList<>(idle);
            idle.clear();
            changed.signalAll();
            return drained;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops idle workers that have been idle for {@code idleTimeout} or longer, oldest first,
     * while more than {@code minIdle} are idle; drops those that ended on their own.
     */
    public void reapIdle(Duration idleTimeout, int minIdle) {
        List<PythonWorker> dead = new ArrayList<>();
        List<PythonWorker> expired = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            long timeout = idleTimeout.toNanos();
            for (Iterator<PythonWorker> it = idle.descendingIterator(); it.hasNext(); ) {
                PythonWorker worker = it.next();
                if (!worker.isAlive()) {
                    it.remove();
                    dead.add(worker);
                } else if (idle.size() > minIdle && now - worker.idleSinceNanos() >= timeout) {
                    it.remove();
                    stopping++;
                    expired.add(worker);
                }
            }
        } finally {
            lock.unlock();
        }
        discardDead(dead);
        for (PythonWorker worker : expired) {
            log.debug("stopping {}: idle for longer than {}", worker, idleTimeout);
        }
        retire(expired);
    }

    /**
     * Starts workers of the {@code spare} profile (usually unbound) and parks them idle until
     * {@code minIdle} are idle, as far as capacity allows.
     *
     * @throws FaasException or whatever the launcher throws, if a worker cannot be started
     */
    public void fillIdle(int minIdle, WorkerProfile spare) throws InterruptedException {
        for (int i = 0; i < minIdle && startIdleWorker(minIdle, spare); i++) {
            // one more started
        }
    }

    /**
     * Starts a worker of this profile and parks it idle, if there is room and fewer than
     * {@code minIdle} are idle or being started for that (the owner's start and its housekeeping
     * may both be filling).
     *
     * @return whether one was started
     */
    private boolean startIdleWorker(int minIdle, WorkerProfile spare) throws InterruptedException {
        lock.lock();
        try {
            if (closed || live() >= capacity || idle.size() + startingIdle >= minIdle) {
                return false;
            }
            starting++;
            startingIdle++;
        } finally {
            lock.unlock();
        }
        PythonWorker worker = null;
        try {
            worker = launcher.launch(spare);
            workersStarted.incrementAndGet();
        } finally {
            lock.lock();
            try {
                starting--;
                startingIdle--;
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
                worker.stop(stopGraceMillis);
            }
        }
        return true;
    }

    private void discardDead(List<PythonWorker> dead) {
        for (PythonWorker worker : dead) {
            idleDeaths.incrementAndGet();
            log.warn("idle Python worker {} of {} ended on its own ({}); it is replaced when needed", worker.id(),
                    owner, worker.exitDescription());
            worker.cleanUp();
        }
    }

    private int live() {
        return idle.size() + busy.size() + starting + stopping;
    }

    private void requireOpen() {
        if (closed) {
            throw new FaasException(owner + " is closed");
        }
    }

    public Counts counts() {
        lock.lock();
        try {
            return new Counts(live(), idle.size(), busy.size());
        } finally {
            lock.unlock();
        }
    }

    /** Callers waiting in {@link #acquire} now (for tests: that a caller waits, without sleeping). */
    int waitingCallers() {
        lock.lock();
        try {
            return lock.getWaitQueueLength(changed);
        } finally {
            lock.unlock();
        }
    }

    /** Workers started so far (by {@link #acquire} and {@link #fillIdle}). */
    public long workersStarted() {
        return workersStarted.get();
    }

    /** Idle workers found ended on their own so far. */
    public long idleDeaths() {
        return idleDeaths.get();
    }

    /**
     * Closes: no worker is handed out or kept any more, and waiting callers fail. Idempotent; the
     * second call returns nothing.
     *
     * @return the idle and busy workers, which the caller stops
     */
    public Closing close() {
        lock.lock();
        try {
            if (closed) {
                return new Closing(List.of(), List.of());
            }
            closed = true;
            Closing closing = new Closing(List.copyOf(idle), List.copyOf(busy));
            idle.clear();
            changed.signalAll();
            return closing;
        } finally {
            lock.unlock();
        }
    }

    /** Stops workers in parallel: they all get SIGTERM first, then share one grace period. */
    public static void stopAll(List<PythonWorker> workers, long graceMillis) {
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
        return "WarmWorkers{" + owner + ", " + counts() + "}";
    }
}
