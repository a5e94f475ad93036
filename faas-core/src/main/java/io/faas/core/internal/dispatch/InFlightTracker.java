package io.faas.core.internal.dispatch;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dispatcher's counters of unfinished work, in one place: events read and not yet fully
 * recorded (in total and per topic: the bound the consumer container keeps, and a backlog Kafka's
 * lag no longer shows), invocations executing or waiting for their record to be stored (what
 * {@code close()} waits for), and the invocations a rebalance made another instance run again.
 * Thread-safe: the poll, worker, retry and ledger threads all update it.
 */
public final class InFlightTracker {

    private final AtomicInteger events = new AtomicInteger();
    private final Map<String, AtomicInteger> eventsByTopic = new ConcurrentHashMap<>();
    private final AtomicInteger invocations = new AtomicInteger();
    private final AtomicLong rebalanceReexecutions = new AtomicLong();

    /** An event with at least one function to run was read. */
    public void eventRead(String topic) {
        eventsByTopic.computeIfAbsent(topic, t -> new AtomicInteger()).incrementAndGet();
        events.incrementAndGet();
    }

    /** An event read earlier is fully recorded, or its work was fenced off; returns the events still in flight. */
    public int eventDone(String topic) {
        AtomicInteger byTopic = eventsByTopic.get(topic);
        if (byTopic != null) {
            byTopic.decrementAndGet();
        }
        return events.decrementAndGet();
    }

    /** An invocation starts an attempt, or its final record is on its way. */
    public void invocationStarted() {
        invocations.incrementAndGet();
    }

    /** An invocation's attempt ended without a record to store, or its record is durable. */
    public void invocationEnded() {
        invocations.decrementAndGet();
    }

    /** Invocations of revoked partitions left unrecorded here: their events' new owner runs them. */
    public void reexecutedAfterRebalance(int count) {
        rebalanceReexecutions.addAndGet(count);
    }

    /** Events read and not yet fully recorded. */
    public int events() {
        return events.get();
    }

    /** {@link #events()} per topic (topics with none may be missing). */
    public Map<String, Integer> eventsByTopic() {
        Map<String, Integer> out = new TreeMap<>();
        eventsByTopic.forEach((topic, count) -> out.put(topic, count.get()));
        return out;
    }

    /** Invocations executing an attempt or waiting for their record to be stored (not those waiting to retry). */
    public int invocations() {
        return invocations.get();
    }

    /** Invocations left unrecorded by partitions revoked from this instance, since it started. */
    public long rebalanceReexecutions() {
        return rebalanceReexecutions.get();
    }
}
