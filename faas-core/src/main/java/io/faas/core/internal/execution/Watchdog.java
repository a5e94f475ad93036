package io.faas.core.internal.execution;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Deadlines for work that a caller does on its own thread: the caller arms a watch with its
 * deadline and an action that ends the work (kill the Python worker whose reply it reads,
 * interrupt the thread that runs a Java handler); if the deadline passes first, or, when asked
 * for, the caller is interrupted first, the watchdog runs the action. One daemon thread
 * ({@code faas-watchdog}) looks every {@value #TICK_MILLIS} ms, so arming and disarming cost a
 * set insertion and removal and wake no thread: no hand-off to another thread per call. Thread-safe.
 */
public final class Watchdog {

    /** How often the watchdog looks; deadlines fire at most this late. */
    public static final int TICK_MILLIS = 5;

    /** Why a watch ended. */
    public enum Ending {
        /** Disarmed by its caller before anything fired. */
        DISARMED,
        /** The deadline passed; the action ran. */
        TIMED_OUT,
        /** The caller was interrupted; the action ran. */
        INTERRUPTED
    }

    /** One armed deadline. */
    public static final class Watch {
        private static final int ARMED = -1;
        private final Runnable action;
        private final Thread caller;
        private final boolean onInterrupt;
        private final long deadlineNanos;
        private final AtomicInteger state = new AtomicInteger(ARMED);
        private volatile boolean acted;

        private Watch(Runnable action, Thread caller, boolean onInterrupt, long deadlineNanos) {
            this.action = action;
            this.caller = caller;
            this.onInterrupt = onInterrupt;
            this.deadlineNanos = deadlineNanos;
        }
    }

    private static final Watchdog INSTANCE = new Watchdog();

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();

    private Watchdog() {
        Thread thread = new Thread(this::run, "faas-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    public static Watchdog get() {
        return INSTANCE;
    }

    /**
     * Watches the calling thread until {@code deadlineNanos} ({@link System#nanoTime()} scale).
     *
     * @param onInterrupt whether an interrupt of the calling thread runs the action too (for a
     *                    caller blocked where an interrupt does not reach, such as a pipe read)
     */
    public Watch arm(long deadlineNanos, boolean onInterrupt, Runnable action) {
        Watch watch = new Watch(action, Thread.currentThread(), onInterrupt, deadlineNanos);
        watches.add(watch);
        return watch;
    }

    /**
     * Ends the watch. If it fired, waits until its action has run, so the caller sees all of
     * its effects (an interrupt included) before it goes on.
     */
    public Ending disarm(Watch watch) {
        watches.remove(watch);
        if (watch.state.compareAndSet(Watch.ARMED, Ending.DISARMED.ordinal())) {
            return Ending.DISARMED;
        }
        while (!watch.acted) {
            Thread.onSpinWait();
        }
        return Ending.values()[watch.state.get()];
    }

    private void run() {
        while (true) {
            long now = System.nanoTime();
            for (Watch watch : watches) {
                if (now - watch.deadlineNanos >= 0) {
                    fire(watch, Ending.TIMED_OUT);
                } else if (watch.onInterrupt && watch.caller.isInterrupted()) {
                    fire(watch, Ending.INTERRUPTED);
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
        }
    }

    private void fire(Watch watch, Ending why) {
        watches.remove(watch);
        if (!watch.state.compareAndSet(Watch.ARMED, why.ordinal())) {
            return;
        }
        try {
            watch.action.run();
        } catch (RuntimeException e) {
            // best effort: the caller learns of the ending either way
        } finally {
            watch.acted = true;
        }
    }
}
