package io.faas.core.internal.dispatch;

import io.faas.core.DispatcherSettings;
import io.faas.core.PartitionLag;
import io.faas.logging.internal.QuietLogs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Owns the dispatcher's consumer on one thread ({@code faas-poll}), as spring-kafka's listener
 * container does: follows the topics it is given, polls, hands each record to a
 * {@link RecordHandler}, keeps per partition the records not yet fully recorded
 * ({@link PartitionWork}) and commits only the fully recorded prefix of each partition.
 *
 * <p>The in-flight bound is exact: a record is handed on only while fewer than
 * {@code maxInFlight} events are in flight (read and not yet recorded). What a poll returned
 * beyond that waits in a buffer, as it would have waited in the consumer's own fetch buffer, and
 * while it is not empty every partition is paused (also those a rebalance assigns meanwhile), so
 * the buffer never holds more than one poll ({@code max.poll.records}, capped at the bound).
 *
 * <p>On revocation it commits what is complete and fences the rest: their runs start no new
 * attempt (an attempt already running is still recorded), and the runs not over are counted as
 * re-executions in the {@link InFlightTracker}: the partition's new owner runs them.
 *
 * <p>{@link #subscribe}, {@link #lag()} and {@link #close} may be called from any thread;
 * everything else runs on the poll thread.
 */
final class ConsumerContainer {

    private static final Logger log = LoggerFactory.getLogger(ConsumerContainer.class);
    static final int DEFAULT_MAX_POLL_RECORDS = 500;

    /** Decides, on the poll thread, what a record needs. */
    @FunctionalInterface
    interface RecordHandler {
        /**
         * @param alreadyRecorded ledger ids of the record's partition already final (redelivered work to skip)
         * @throws RuntimeException if it cannot be decided now: the partition is read again from this record
         */
        Work prepare(ConsumerRecord<byte[], byte[]> record, Set<String> alreadyRecorded);
    }

    /** What a record needs: how many final records, and how to start making them. */
    interface Work {
        int records();

        /** Starts the work; {@code completion} hears of each of the {@link #records()} records. */
        void start(EventCompletion completion);
    }

    /** Ledger ids already final from an offset on, looked up when a partition's first record arrives. */
    @FunctionalInterface
    interface RecordedLookup {
        Set<String> finalIdsFrom(String topic, int partition, long fromOffset);
    }

    private final ConsumerFactory factory;
    private final Map<String, Object> consumerConfigs;
    private final DispatcherSettings settings;
    private final InFlightTracker tracker;
    private final RecordedLookup recorded;
    private final RecordHandler handler;
    private final int pollBatch;
    /** In-flight count at which a completion wakes a poll thread paused with a full buffer. */
    private final int resumeAt;

    private final Object lifecycle = new Object();
    private final Map<TopicPartition, PartitionWork> partitions = new HashMap<>();
    /** Records polled but not handed on for want of room, in poll order; poll thread only. */
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer = new ArrayDeque<>();
    /** Whether the partitions are paused because a poll would not fit under maxInFlight; see eventDone(). */
    private final AtomicBoolean pausedForBound = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile long graceDeadline;
    private volatile Set<String> desiredTopics = Set.of();
    private volatile boolean subscriptionChanged;
    private volatile List<PartitionLag> lag = List.of();
    private Set<String> subscribedTopics = Set.of();
    private Consumer<byte[], byte[]> consumer;
    private Thread pollThread;

    ConsumerContainer(ConsumerFactory factory, Map<String, Object> consumerConfigs, DispatcherSettings settings,
                      InFlightTracker tracker, RecordedLookup recorded, RecordHandler handler) {
        this.factory = factory;
        this.settings = settings;
        this.tracker = tracker;
        this.recorded = recorded;
        this.handler = handler;
        Object configured = consumerConfigs.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
        int maxPoll = configured == null ? DEFAULT_MAX_POLL_RECORDS : Integer.parseInt(configured.toString());
        this.pollBatch = Math.max(1, Math.min(maxPoll, settings.maxInFlight()));
        this.resumeAt = settings.maxInFlight() - Math.max(1, Math.min(pollBatch, settings.maxInFlight() / 2));
        Map<String, Object> c = new HashMap<>(consumerConfigs);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, pollBatch);
        this.consumerConfigs = Map.copyOf(c);
    }

    /** Most records one poll returns: {@code max.poll.records} capped at {@code maxInFlight}. */
    int pollBatch() {
        return pollBatch;
    }

    /** Creates the consumer and starts the poll thread. */
    void start() {
        synchronized (lifecycle) {
            // The poll thread joins the group and rebalances through a Kafka client that reports
            // each step at INFO: quiet (see QuietLogs), warnings still show.
            QuietLogs.quietly(() -> {
                consumer = factory.create(consumerConfigs);
                pollThread = new Thread(this::pollLoop, "faas-poll");
                pollThread.setDaemon(true);
                pollThread.start();
            });
        }
    }

    /** Follows these topics from the next poll on (none: unsubscribes). */
    void subscribe(Set<String> topics) {
        Set<String> copy = Set.copyOf(topics);
        if (!copy.equals(desiredTopics)) {
            desiredTopics = copy;
            subscriptionChanged = true;
        }
    }

    /** Records not yet read per assigned partition, ordered by topic and partition, as of the last commit round. */
    List<PartitionLag> lag() {
        return lag;
    }

    /**
     * Stops reading, lets running invocations finish until the grace period ends, commits what is
     * complete and closes the consumer.
     */
    void close(Duration gracePeriod) {
        Thread poller;
        synchronized (lifecycle) {
            if (pollThread == null || stopping) {
                return;
            }
            graceDeadline = System.nanoTime() + gracePeriod.toNanos();
            stopping = true;
            poller = pollThread;
        }
        try {
            poller.join(gracePeriod.toMillis() + 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- poll thread -----------------------------------------------------------------------

    private void pollLoop() {
        long nextCommit = System.nanoTime();
        try {
            while (!stopping) {
                try {
                    applySubscription();
                    if (subscribedTopics.isEmpty()) {
                        idle();
                        continue;
                    }
                    dispatchBuffered();
                    applyBound();
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(settings.pollTimeout());
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        buffer.addLast(record);
                    }
                    dispatchBuffered();
                    if (System.nanoTime() - nextCommit >= 0) {
                        commitCompleted(false);
                        updateLag();
                        nextCommit = System.nanoTime() + settings.commitInterval().toNanos();
                    }
                } catch (WakeupException e) {
                    // eventDone() woke the poll to resume the partitions
                } catch (RuntimeException e) {
                    // Never die on one bad record or a passing broker error; the uncommitted work is redelivered.
                    log.error("dispatcher poll loop error", e);
                    idle();
                }
            }
            drain();
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.warn("closing the consumer: {}", e.toString());
            }
        }
    }

    private void applySubscription() {
        if (!subscriptionChanged) {
            return;
        }
        subscriptionChanged = false;
        Set<String> topics = desiredTopics;
        if (topics.equals(subscribedTopics)) {
            return;
        }
        if (topics.isEmpty()) {
            consumer.unsubscribe();
        } else {
            consumer.subscribe(topics, rebalanceListener);
        }
        subscribedTopics = topics;
        log.info("dispatcher subscribed to {}", topics);
    }

    private void idle() {
        try {
            Thread.sleep(settings.pollTimeout().toMillis()); // nothing subscribed: wait for the registry to change
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** Pauses every partition while records wait in the buffer; resumes once it is empty. */
    private void applyBound() {
        if (!buffer.isEmpty()) {
            Set<TopicPartition> assigned = consumer.assignment();
            if (!assigned.isEmpty()) {
                pausedForBound.set(true); // before pause(), so no resume signal can be missed
                consumer.pause(assigned);
            }
        } else if (!consumer.paused().isEmpty()) {
            pausedForBound.set(false);
            consumer.resume(consumer.paused());
        }
    }

    /**
     * An event is fully recorded (any thread). Once enough room is free, a poll thread waiting
     * with a full buffer is woken to hand it on: otherwise it would sit out its poll timeout, and
     * a backlog would drain in bursts one poll timeout apart.
     */
    private void eventDone(String topic) {
        int now = tracker.eventDone(topic);
        if (now <= resumeAt && pausedForBound.get() && !stopping && pausedForBound.compareAndSet(true, false)) {
            consumer.wakeup();
        }
    }

    /**
     * Hands the buffered records on in order while there is room. If one cannot be dispatched
     * (MongoDB away when the partition's recorded work is looked up, say), its partition is
     * rewound to it so that it and everything after it is read again, rather than skipped by a
     * later commit.
     */
    private void dispatchBuffered() {
        while (!buffer.isEmpty() && tracker.events() < settings.maxInFlight()) {
            ConsumerRecord<byte[], byte[]> record = buffer.pollFirst();
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            Work work;
            PartitionWork partition;
            try {
                partition = partitions.get(tp);
                if (partition == null) {
                    partition = new PartitionWork(tp, recorded.finalIdsFrom(tp.topic(), tp.partition(), record.offset()));
                    partitions.put(tp, partition);
                }
                work = handler.prepare(record, partition.alreadyRecorded);
            } catch (RuntimeException e) {
                log.warn("could not dispatch {}-{}@{}, reading it again: {}", tp.topic(), tp.partition(),
                        record.offset(), e.toString());
                consumer.seek(tp, record.offset());
                dropBuffered(List.of(tp));
                continue;
            }
            String topic = tp.topic();
            PartitionWork.EventWork event = new PartitionWork.EventWork(record.offset(), work.records(),
                    () -> eventDone(topic));
            partition.add(event);
            if (work.records() > 0) {
                tracker.eventRead(topic);
                work.start(event);
            }
        }
    }

    /** Forgets the buffered records of these partitions: they are read again by whoever owns them next. */
    private void dropBuffered(Collection<TopicPartition> gone) {
        buffer.removeIf(r -> gone.contains(new TopicPartition(r.topic(), r.partition())));
    }

    /** Stops reading, waits for running work until the grace deadline and commits what completed. */
    private void drain() {
        try {
            if (!consumer.assignment().isEmpty()) {
                consumer.pause(consumer.assignment());
            }
            while (tracker.invocations() > 0 && System.nanoTime() - graceDeadline < 0) {
                if (subscribedTopics.isEmpty()) {
                    idle();
                } else {
                    try {
                        consumer.poll(Duration.ofMillis(50)); // keeps the membership alive; partitions are paused
                    } catch (WakeupException e) {
                        // a late resume signal from eventDone(); nothing to resume while draining
                    }
                }
                commitCompleted(false);
            }
            if (tracker.invocations() > 0) {
                log.warn("dispatcher closing with {} invocations unfinished; their events will be redelivered",
                        tracker.invocations());
            }
            commitCompleted(true);
        } catch (RuntimeException e) {
            log.warn("dispatcher drain: {}", e.toString());
        }
    }

    private void updateLag() {
        List<PartitionLag> now = new ArrayList<>();
        for (TopicPartition tp : consumer.assignment()) {
            java.util.OptionalLong l = consumer.currentLag(tp);
            if (l.isPresent()) {
                now.add(new PartitionLag(tp.topic(), tp.partition(), Math.max(0, l.getAsLong())));
            }
        }
        now.sort(GroupLag.ORDER);
        lag = List.copyOf(now);
    }

    private void commitCompleted(boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionWork work : partitions.values()) {
            long next = work.advance();
            if (next >= 0) {
                offsets.put(work.partition, new OffsetAndMetadata(next));
            }
        }
        commit(offsets, sync);
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets, boolean sync) {
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            try {
                try {
                    consumer.commitSync(offsets, Duration.ofSeconds(5));
                } catch (WakeupException e) {
                    // a resume signal from eventDone() that no poll consumed: it is not about this commit
                    consumer.commitSync(offsets, Duration.ofSeconds(5));
                }
            } catch (RuntimeException e) {
                log.warn("offset commit failed; the events after the last commit will be redelivered: {}", e.toString());
            }
        } else {
            consumer.commitAsync(offsets, (o, e) -> {
                if (e != null) {
                    log.debug("async offset commit failed (a later commit covers it): {}", e.toString());
                }
            });
        }
    }

    /**
     * Fences the partition's unfinished work: its runs start no new attempt and leave the
     * in-flight count as they end (a running attempt is still recorded).
     */
    private void fence(TopicPartition tp, PartitionWork work) {
        int reexecuted = work.fence();
        if (reexecuted > 0) {
            tracker.reexecutedAfterRebalance(reexecuted);
            log.info("partition {} revoked with {} invocations not recorded yet; its new owner runs them", tp,
                    reexecuted);
        }
    }

    private final ConsumerRebalanceListener rebalanceListener = new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            Map<TopicPartition, PartitionWork> removed = new HashMap<>();
            for (TopicPartition tp : revoked) {
                PartitionWork work = partitions.remove(tp);
                if (work != null) {
                    removed.put(tp, work);
                    long next = work.advance();
                    if (next >= 0) {
                        offsets.put(tp, new OffsetAndMetadata(next));
                    }
                }
            }
            commit(offsets, true);
            removed.forEach(ConsumerContainer.this::fence);
            dropBuffered(revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            dropBuffered(lost);
            for (TopicPartition tp : lost) {
                PartitionWork work = partitions.remove(tp);
                if (work != null) {
                    fence(tp, work);
                }
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            // Work state is created when the first record of a partition arrives. Paused for the
            // bound, the new partitions are paused too, or this very poll could add to the buffer.
            if (!buffer.isEmpty() || stopping) {
                consumer.pause(assigned);
            }
        }
    };
}
