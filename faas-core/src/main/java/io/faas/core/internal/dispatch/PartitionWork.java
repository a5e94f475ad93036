package io.faas.core.internal.dispatch;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The events of one assigned partition that are not yet committed, in offset order. Only the
 * poll thread adds, inspects, removes and fences events; other threads only count an event's
 * functions down as their records become durable.
 */
final class PartitionWork {

    /**
     * One event: how many of its functions' runs are not over yet. Each run ends recorded or
     * abandoned; the event is released from the in-flight count when the last run ends, and it is
     * complete (committable) only if no run was abandoned.
     */
    static final class EventWork implements EventCompletion {
        final long offset;
        final AtomicInteger pending;
        private final Runnable onDone;
        private final int attemptsSpent;
        private volatile boolean fenced;
        private volatile boolean incomplete;

        EventWork(long offset, int functions) {
            this(offset, functions, () -> { });
        }

        EventWork(long offset, int functions, Runnable onDone) {
            this(offset, functions, onDone, 0);
        }

        /** @param attemptsSpent attempts earlier deliveries of the event used up (a share group's redelivery) */
        EventWork(long offset, int functions, Runnable onDone, int attemptsSpent) {
            this.offset = offset;
            this.pending = new AtomicInteger(functions);
            this.onDone = onDone;
            this.attemptsSpent = attemptsSpent;
        }

        boolean isDone() {
            return pending.get() == 0 && !incomplete;
        }

        @Override
        public boolean fenced() {
            return fenced;
        }

        @Override
        public int attemptsSpent() {
            return attemptsSpent;
        }

        @Override
        public void recorded() {
            runEnded();
        }

        @Override
        public void abandoned() {
            incomplete = true; // before the count, so a commit never sees the event done
            runEnded();
        }

        private void runEnded() {
            if (pending.decrementAndGet() == 0) {
                onDone.run();
            }
        }

        boolean isFenced() {
            return fenced;
        }

        /** Fences the event off; returns how many of its runs were not over (not recorded here yet). */
        int fence() {
            fenced = true;
            return Math.max(0, pending.get());
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

    /**
     * Fences every event not yet committed (the partition was revoked) and forgets them; returns
     * how many of their runs were not over, the invocations this instance may not record.
     */
    int fence() {
        int missing = 0;
        for (EventWork e : events) {
            missing += e.fence();
        }
        events.clear();
        return missing;
    }
}
