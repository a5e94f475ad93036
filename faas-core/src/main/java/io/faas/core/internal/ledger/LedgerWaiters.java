package io.faas.core.internal.ledger;

import io.faas.api.Invocation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes callers waiting for an event's records as soon as this process's ledger writer stores
 * one, so {@code publishAndAwait} does not wait for its next poll. Thread-safe.
 */
public final class LedgerWaiters {

    private final Map<String, Semaphore> waiting = new ConcurrentHashMap<>();

    /** Listener for the ledger writer. */
    public void written(List<Invocation> invocations) {
        for (Invocation invocation : invocations) {
            Semaphore s = waiting.get(invocation.eventId());
            if (s != null) {
                s.release();
            }
        }
    }

    public void register(String eventId) {
        waiting.computeIfAbsent(eventId, k -> new Semaphore(0));
    }

    public void unregister(String eventId) {
        waiting.remove(eventId);
    }

    /** Waits until a record of the event is written here or the time passes; true if woken. */
    public boolean await(String eventId, long nanos) throws InterruptedException {
        Semaphore s = waiting.get(eventId);
        if (s == null) {
            return false;
        }
        boolean woken = s.tryAcquire(nanos, TimeUnit.NANOSECONDS);
        s.drainPermits();
        return woken;
    }
}
