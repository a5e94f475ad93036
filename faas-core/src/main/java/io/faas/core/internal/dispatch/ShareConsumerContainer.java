package io.faas.core.internal.dispatch;

import io.faas.core.DispatcherSettings;
import io.faas.logging.internal.QuietLogs;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * Owns one of the dispatcher's share consumers (KIP-932) on one thread ({@code faas-share-poll-N}), for the
 * topics whose events need no order: every instance of the share group gets records of every
 * partition, so instances beyond the partition count all get work.
 *
 * <p>Acknowledgement is explicit and follows the ledger: a record is acknowledged ACCEPT once
 * every function's final record for it is durable, RELEASE when a run gave up without a record
 * (the pipeline closing, say), so another delivery runs it. A record whose runs outlast a third of the
 * acquisition lock is acknowledged RENEW, which keeps the lock and returns it in the next poll.
 * The consumer asks that every record of a poll be acknowledged before the next poll, so the poll
 * thread waits for the records of one poll (the instance's share consumers together take at most
 * eight times its concurrency per poll, in {@code record_limit} acquire mode, so no instance takes
 * much more than it can run) before polling again; with two consumers, one polls while the
 * other's records are stored.
 *
 * <p>A record delivered again (an instance died, or its lock ran out) is looked up in the ledger
 * first: functions already recorded for it are skipped, and each earlier delivery counts as one
 * spent attempt, so an event that keeps killing its instance ends FAILED and dead-lettered after
 * the function's {@code maxAttempts} rather than running for ever.
 *
 * <p>{@link #subscribe} and {@link #close} may be called from any thread.
 */
final class ShareConsumerContainer {

    private static final Logger log = LoggerFactory.getLogger(ShareConsumerContainer.class);
    /** Kafka's default {@code group.share.record.lock.duration.ms}, until the consumer knows the group's. */
    private static final int DEFAULT_LOCK_MS = 30_000;

    /** Makes the share consumer: {@code KafkaShareConsumer::new} in production. */
    @FunctionalInterface
    interface Factory {
        ShareConsumer<byte[], byte[]> create(Map<String, Object> configs);
    }

    /** Ledger ids already final for one record. */
    @FunctionalInterface
    interface RecordedLookup {
        Set<String> finalIdsAt(String topic, int partition, long offset);
    }

    private record Key(String topic, int partition, long offset) {
        static Key of(ConsumerRecord<?, ?> r) {
            return new Key(r.topic(), r.partition(), r.offset());
        }
    }

    /**
     * One delivered record and its runs. {@code awaitingAck}: the last poll returned it, so it
     * must be acknowledged before the next poll. A record acknowledged RENEW waits, not awaiting,
     * until a later poll returns it again.
     */
    private static final class Delivery {
        final PartitionWork.EventWork work;
        ConsumerRecord<byte[], byte[]> record;
        boolean awaitingAck;
        /** When it must be acknowledged at the latest (a third of its lock after it was returned), nanoTime. */
        long ackBy;
        /** When it was last acknowledged RENEW, nanoTime. */
        long renewedAt;

        Delivery(PartitionWork.EventWork work) {
            this.work = work;
        }

        boolean over() {
            return work.pending.get() <= 0;
        }
    }

    private final Factory factory;
    private final Map<String, Object> configs;
    private final DispatcherSettings settings;
    private final InFlightTracker tracker;
    private final RecordedLookup recorded;
    private final ConsumerContainer.RecordHandler handler;
    /**
     * Runs once before the first subscription (sets the group's start offset) and returns the
     * group's acquisition lock in ms, or a negative number if unknown; retried until it succeeds.
     */
    private final IntSupplier prepareGroup;
    private int groupLockMs = -1;
    private final String threadName;

    private final Object lifecycle = new Object();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    /** Records delivered and not yet acknowledged ACCEPT or RELEASE; poll thread only. */
    private final Map<Key, Delivery> deliveries = new HashMap<>();
    private volatile boolean stopping;
    private volatile long graceDeadline;
    private volatile Set<String> desiredTopics = Set.of();
    private volatile boolean subscriptionChanged;
    private Set<String> subscribedTopics = Set.of();
    private boolean groupPrepared;
    private ShareConsumer<byte[], byte[]> consumer;
    private Thread pollThread;

    ShareConsumerContainer(Factory factory, Map<String, Object> configs, DispatcherSettings settings,
                           InFlightTracker tracker, RecordedLookup recorded, ConsumerContainer.RecordHandler handler,
                           IntSupplier prepareGroup, String threadName) {
        this.threadName = threadName;
        this.factory = factory;
        this.configs = Map.copyOf(configs);
        this.settings = settings;
        this.tracker = tracker;
        this.recorded = recorded;
        this.handler = handler;
        this.prepareGroup = prepareGroup;
    }

    /** Follows these topics from the next poll on (none: unsubscribes). The consumer is made on the first. */
    void subscribe(Set<String> topics) {
        Set<String> copy = Set.copyOf(topics);
        if (!copy.equals(desiredTopics)) {
            desiredTopics = copy;
            subscriptionChanged = true;
        }
        synchronized (lifecycle) {
            if (!copy.isEmpty() && pollThread == null && !stopping) {
                QuietLogs.quietly(() -> {
                    consumer = factory.create(configs);
                    pollThread = new Thread(this::pollLoop, threadName);
                    pollThread.setDaemon(true);
                    pollThread.start();
                });
            }
        }
    }

    /**
     * Stops taking records, lets running invocations finish until the grace period ends,
     * acknowledges what completed, releases the rest to other instances and closes the consumer.
     */
    void close(Duration gracePeriod) {
        Thread poller;
        synchronized (lifecycle) {
            graceDeadline = System.nanoTime() + gracePeriod.toNanos();
            stopping = true;
            poller = pollThread;
        }
        if (poller == null) {
            return;
        }
        signal();
        try {
            poller.join(gracePeriod.toMillis() + 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- poll thread -----------------------------------------------------------------------

    private void pollLoop() {
        try {
            while (!stopping) {
                try {
                    if (!applySubscription()) {
                        idle();
                        continue;
                    }
                    take(consumer.poll(settings.pollTimeout()));
                    awaitRuns(false);
                    acknowledge();
                } catch (WakeupException e) {
                    // close() woke the poll
                } catch (RuntimeException e) {
                    // Never die on one bad record or a passing broker error; what is not accepted is delivered again.
                    log.error("dispatcher share poll loop error", e);
                    releaseAwaiting();
                    idle();
                }
            }
            drain();
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.warn("closing the share consumer: {}", e.toString());
            }
        }
    }

    /** @return whether there are topics to poll */
    private boolean applySubscription() {
        if (!groupPrepared) {
            groupLockMs = prepareGroup.getAsInt(); // throws if the broker is away: the loop idles and tries again
            groupPrepared = true;
        }
        if (subscriptionChanged) {
            subscriptionChanged = false;
            Set<String> topics = desiredTopics;
            if (!topics.equals(subscribedTopics)) {
                if (topics.isEmpty()) {
                    consumer.unsubscribe();
                } else {
                    consumer.subscribe(topics);
                }
                subscribedTopics = topics;
                log.info("dispatcher share group subscribed to {}", topics);
            }
        }
        return !subscribedTopics.isEmpty();
    }

    private void idle() {
        lock.lock();
        try {
            progress.await(settings.pollTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } finally {
            lock.unlock();
        }
    }

    /** The acquisition lock: what the consumer was told, else what the group's configuration says. */
    private int lockMillis() {
        int known = groupLockMs > 0 ? groupLockMs : DEFAULT_LOCK_MS;
        return Math.min(known, consumer.acquisitionLockTimeoutMs().orElse(known));
    }

    /**
     * Starts the runs of newly delivered records; a renewed record returned again only gets its
     * new handle. While closing, new records are released at once: they are for other instances.
     */
    private void take(ConsumerRecords<byte[], byte[]> records) {
        // a third of the lock: two thirds left for the RENEW to reach the broker on a busy machine
        long ackBy = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lockMillis() / 3);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Key key = Key.of(record);
            Delivery delivery = deliveries.get(key);
            if (delivery == null) {
                if (stopping) {
                    consumer.acknowledge(record, AcknowledgeType.RELEASE);
                    continue;
                }
                delivery = new Delivery(start(record));
                deliveries.put(key, delivery);
            }
            delivery.record = record;
            delivery.awaitingAck = true;
            delivery.ackBy = ackBy;
        }
    }

    private PartitionWork.EventWork start(ConsumerRecord<byte[], byte[]> record) {
        int delivery = record.deliveryCount().map(Short::intValue).orElse(1);
        ConsumerContainer.Work work;
        try {
            Set<String> done = delivery > 1 ? recorded.finalIdsAt(record.topic(), record.partition(), record.offset())
                    : Set.of();
            work = handler.prepare(record, done);
        } catch (RuntimeException e) {
            log.warn("could not dispatch {}-{}@{}, releasing it: {}", record.topic(), record.partition(),
                    record.offset(), e.toString());
            PartitionWork.EventWork none = new PartitionWork.EventWork(record.offset(), 1);
            none.abandoned();
            return none;
        }
        String topic = record.topic();
        PartitionWork.EventWork event = new PartitionWork.EventWork(record.offset(), work.records(),
                () -> eventDone(topic), delivery - 1);
        if (work.records() > 0) {
            tracker.eventRead(topic);
            work.start(event);
        }
        return event;
    }

    private void eventDone(String topic) {
        tracker.eventDone(topic);
        signal();
    }

    private void signal() {
        lock.lock();
        try {
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the runs of every record awaiting acknowledgement are over, or the first of
     * them must be renewed, or (unless draining) close() is called; draining, at most until the
     * grace deadline.
     */
    private void awaitRuns(boolean draining) {
        lock.lock();
        try {
            while (!stopping || draining) {
                long deadline = Long.MAX_VALUE;
                boolean running = false;
                for (Delivery d : deliveries.values()) {
                    if (d.awaitingAck && !d.over()) {
                        running = true;
                        deadline = Math.min(deadline, d.ackBy);
                    }
                }
                long left = deadline - System.nanoTime();
                if (draining) {
                    left = Math.min(left, graceDeadline - System.nanoTime());
                }
                if (!running || left <= 0) {
                    return;
                }
                progress.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Acknowledges every record of the last poll: ACCEPT if all its functions' records are
     * durable, RELEASE if a run gave up without one, RENEW if runs go on. A record renewed
     * earlier that no poll returned since has lost its lock if its runs are over and a whole lock
     * passed: it is forgotten (whoever gets it next finds its records in the ledger).
     */
    private void acknowledge() {
        long now = System.nanoTime();
        long lockNanos = TimeUnit.MILLISECONDS.toNanos(lockMillis());
        Iterator<Delivery> it = deliveries.values().iterator();
        while (it.hasNext()) {
            Delivery d = it.next();
            boolean over = d.over();
            if (!d.awaitingAck) {
                if (over && now - d.renewedAt > lockNanos) {
                    it.remove();
                }
                continue;
            }
            AcknowledgeType type = !over ? AcknowledgeType.RENEW
                    : d.work.isDone() ? AcknowledgeType.ACCEPT : AcknowledgeType.RELEASE;
            d.awaitingAck = false;
            try {
                consumer.acknowledge(d.record, type);
            } catch (IllegalStateException e) {
                // its lock ran out: the record may run elsewhere, and a run still going here starts
                // no new attempt (if it makes its record, it is the same record)
                d.work.fence();
                if (over) {
                    it.remove();
                }
                continue;
            }
            if (type == AcknowledgeType.RENEW) {
                d.renewedAt = now;
            } else {
                it.remove();
            }
        }
    }

    /** After an error: releases what the last poll returned, so the next poll is allowed. */
    private void releaseAwaiting() {
        for (Delivery d : deliveries.values()) {
            if (d.awaitingAck) {
                d.awaitingAck = false;
                d.work.fence();
                try {
                    consumer.acknowledge(d.record, AcknowledgeType.RELEASE);
                } catch (RuntimeException e) {
                    // lock gone already
                }
            }
        }
        deliveries.values().removeIf(d -> d.work.isFenced());
    }

    /** Takes no more records; waits for running work until the grace deadline, then accepts or releases all. */
    private void drain() {
        try {
            while (deliveries.values().stream().anyMatch(d -> !d.over()) && System.nanoTime() - graceDeadline < 0) {
                awaitRuns(true);
                if (System.nanoTime() - graceDeadline >= 0) {
                    break; // what still runs is released below, not renewed
                }
                acknowledge(); // accepts what is over, renews what still runs
                take(consumer.poll(Duration.ofMillis(50))); // returns renewed records; releases new ones
            }
            if (deliveries.values().stream().anyMatch(d -> !d.over())) {
                log.warn("dispatcher closing with share-group records unfinished; they are released to other instances");
            }
            for (Delivery d : deliveries.values()) {
                d.work.fence();
                if (d.awaitingAck) {
                    try {
                        consumer.acknowledge(d.record, d.work.isDone() ? AcknowledgeType.ACCEPT
                                : AcknowledgeType.RELEASE);
                    } catch (IllegalStateException e) {
                        // its lock was lost already: another instance has it
                    }
                }
            }
            deliveries.clear();
            consumer.commitSync(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.warn("dispatcher share drain: {}", e.toString());
        }
    }
}
