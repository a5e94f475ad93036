package io.faas.examples.bench;

import io.faas.api.Invocation;
import io.faas.api.InvocationStatus;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Learns from an instance's invocation listener (called right after records are durable) when
 * the n-th record of a function was stored. Thread-safe.
 */
final class LedgerTracker implements Consumer<Invocation> {

    /** Waits for {@code goal} records of one function. */
    static final class Expectation {
        private final int goal;
        private final AtomicInteger count = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicLong firstQueuedAtMillis = new AtomicLong(Long.MAX_VALUE);
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile long reachedNanos;
        private volatile long reachedWallMillis;
        private volatile String lastError;

        private Expectation(int goal) {
            this.goal = goal;
        }

        private void add(Invocation i) {
            if (i.status() != InvocationStatus.SUCCEEDED) {
                failed.incrementAndGet();
                lastError = i.status() + " " + (i.error() == null ? "" : i.error().type() + ": " + i.error().message());
            }
            if (i.queuedAt() != null) {
                firstQueuedAtMillis.accumulateAndGet(i.queuedAt().toEpochMilli(), Math::min);
            }
            if (count.incrementAndGet() == goal) {
                reachedNanos = System.nanoTime();
                reachedWallMillis = System.currentTimeMillis();
                done.countDown();
            }
        }

        /**
         * Waits until the goal is reached; returns {@link System#nanoTime()} at that moment.
         *
         * @throws TimeoutException      if it is not reached in time
         * @throws IllegalStateException if a record was not SUCCEEDED (a benchmark of failures means nothing)
         */
        long await(Duration timeout) throws InterruptedException, TimeoutException {
            if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException(count.get() + " of " + goal + " records stored within " + timeout);
            }
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " of " + goal + " invocations did not succeed; last: "
                        + lastError);
            }
            return reachedNanos;
        }

        /** Wall-clock milliseconds when the goal was reached. */
        long reachedWallMillis() {
            return reachedWallMillis;
        }

        /** Earliest {@code queuedAt} (when the dispatcher read the event) among the records, epoch ms. */
        long firstQueuedAtMillis() {
            return firstQueuedAtMillis.get();
        }
    }

    private final Map<String, Expectation> expected = new ConcurrentHashMap<>();

    /**
     * End-to-end throughput: events per second from sending {@code events} to {@code topic} (keys
     * {@code k0, k1, ...}, or none) until {@code function} has a durable record of each.
     */
    double throughput(Load load, String topic, String function, int events, boolean keyed) throws Exception {
        Expectation done = expect(function, events);
        long start = System.nanoTime();
        load.send(topic, events, keyed ? i -> "k" + i : null);
        long end = done.await(Duration.ofMinutes(5));
        return events / ((end - start) / 1e9);
    }

    /** Starts counting the records of {@code function}; replaces an earlier expectation of it. */
    Expectation expect(String function, int goal) {
        Expectation e = new Expectation(goal);
        expected.put(function, e);
        return e;
    }

    @Override
    public void accept(Invocation invocation) {
        Expectation e = expected.get(invocation.function());
        if (e != null) {
            e.add(invocation);
        }
    }
}
