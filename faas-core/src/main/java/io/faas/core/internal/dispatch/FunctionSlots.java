package io.faas.core.internal.dispatch;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Per-function concurrency limits ({@code FunctionSpec.maxConcurrency}) inside one instance. A run
 * over its function's limit is parked here, holding no worker thread, and handed the slot of the
 * next run of that function to finish an attempt, in arrival order. Functions under their limit,
 * or without one, never wait. Thread-safe.
 */
final class FunctionSlots {

    /** A run that may have to wait for a slot. */
    interface Waiter {
        /** Called with the slot already taken, on the executor: the run goes on. */
        void resume();
    }

    private static final class Gate {
        int running;
        final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    }

    private final Map<String, Gate> gates = new ConcurrentHashMap<>();
    private final Executor executor;

    FunctionSlots(Executor executor) {
        this.executor = executor;
    }

    /**
     * Takes a slot of {@code function} if fewer than {@code limit} of its runs hold one (a limit
     * of 0 means none: always true); else parks {@code waiter}, which is resumed once a slot is
     * handed to it, and returns false.
     */
    boolean tryAcquire(String function, int limit, Waiter waiter) {
        if (limit <= 0) {
            return true;
        }
        Gate gate = gates.computeIfAbsent(function, f -> new Gate());
        synchronized (gate) {
            if (gate.running < limit) {
                gate.running++;
                return true;
            }
            gate.waiting.addLast(waiter);
            return false;
        }
    }

    /** Gives back a slot taken with a limit: the longest-waiting run of the function gets it. */
    void release(String function) {
        Gate gate = gates.get(function);
        if (gate == null) {
            return;
        }
        Waiter next;
        synchronized (gate) {
            next = gate.waiting.pollFirst();
            if (next == null) {
                gate.running--;
                return;
            }
        }
        try {
            executor.execute(next::resume);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the pipeline is closing: the parked run is not recorded, and its event is redelivered
        }
    }

    /** Runs waiting for a slot of {@code function}. */
    int waiting(String function) {
        Gate gate = gates.get(function);
        if (gate == null) {
            return 0;
        }
        synchronized (gate) {
            return gate.waiting.size();
        }
    }
}
