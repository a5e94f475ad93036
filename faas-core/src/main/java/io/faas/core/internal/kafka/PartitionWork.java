package io.faas.core.internal.kafka;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The events of one assigned partition that are not yet committed, in offset order. Only the
 * poll thread adds, inspects and removes events; other threads only count an event's functions
 * down as their records become durable.
 */
final class PartitionWork {

    /** One event: how many of its functions still lack a durable record. */
    static final class EventWork {
        final long offset;
        final AtomicInteger pending;

        EventWork(long offset, int functions) {
            this.offset = offset;
            this.pending = new AtomicInteger(functions);
        }

        boolean isDone() {
            return pending.get() <= 0;
        }
    }

    final TopicPartition partition;
    /** Ledger ids already recorded as final when this assignment began: redelivered work to skip. */
    final Set<String> alreadyRecorded;
    private final ArrayDeque<EventWork> events = new ArrayDeque<>();
    private long committed = -1;

    PartitionWork(TopicPartition partition, Set<String> alreadyRecorded) {
        this.partition = partition;
        this.alreadyRecorded = alreadyRecorded;
    }

    void add(EventWork event) {
        events.addLast(event);
    }

    /**
     * Drops the completed events at the head and returns the offset to commit (the first offset
     * not yet complete), or -1 when nothing new completed since the last call.
     */
    long advance() {
        long next = -1;
        while (!events.isEmpty() && events.peekFirst().isDone()) {
            next = events.pollFirst().offset + 1;
        }
        if (next > committed) {
            committed = next;
            return next;
        }
        return -1;
    }

    /** The offset up to which everything is complete, or -1 if unknown. */
    long completeUpTo() {
        return committed;
    }

    int pendingEvents() {
        return events.size();
    }
}
