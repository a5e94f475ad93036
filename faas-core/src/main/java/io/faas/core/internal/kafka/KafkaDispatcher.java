package io.faas.core.internal.kafka;

import io.faas.api.Dispatcher;
import io.faas.api.Event;
import io.faas.api.FaasException;
import io.faas.api.FunctionNotFoundException;
import io.faas.api.FunctionVersion;
import io.faas.api.Invocation;
import io.faas.api.InvocationError;
import io.faas.api.InvocationNotFoundException;
import io.faas.api.InvocationStateException;
import io.faas.api.InvocationStatus;
import io.faas.api.Ordering;
import io.faas.api.Topic;
import io.faas.api.spi.ExecutionRequest;
import io.faas.api.spi.ExecutionResult;
import io.faas.api.spi.FunctionExecutor;
import io.faas.core.DispatcherSettings;
import io.faas.core.internal.ExecutorRouter;
import io.faas.core.internal.RegistryCache;
import io.faas.core.internal.RegistrySnapshot;
import io.faas.core.internal.json.Json;
import io.faas.core.internal.mongo.LedgerWriter;
import io.faas.core.internal.mongo.MongoInvocationStore;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Consumes every registered topic in one consumer group and runs each event through every
 * function mapped to its topic.
 *
 * <p>Threads: one poll thread ({@code faas-poll}) owns the consumer, reads events, keeps per
 * partition the events not yet fully recorded, commits, pauses and follows registry changes.
 * Invocations run on {@code concurrency} worker threads ({@code faas-worker-N}), ordered per
 * function by key or partition through {@link Lanes}; retries wait on a scheduler
 * ({@code faas-retry}) without holding a worker or a lane of another key. Final records go to
 * the {@link LedgerWriter}; an event's offset is committed once all its records, and those of
 * every earlier event of its partition, are stored.
 */
public final class KafkaDispatcher implements Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(KafkaDispatcher.class);

    private final KafkaConfigs configs;
    private final DispatcherSettings settings;
    private final RegistryCache cache;
    private final ExecutorRouter router;
    private final LedgerWriter ledger;
    private final MongoInvocationStore invocations;
    private final Producer<byte[], byte[]> producer;

    private final Object lifecycle = new Object();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Whether the poll thread paused the partitions because maxInFlight was reached; see resumeIfDrained(). */
    private final AtomicBoolean pausedForBackpressure = new AtomicBoolean();
    /** {@link #inFlight} per topic: read but not fully recorded, a backlog that Kafka's lag no longer shows. */
    private final Map<String, AtomicInteger> inFlightByTopic = new java.util.concurrent.ConcurrentHashMap<>();
    /** Invocations executing or whose record is not yet stored: what close() waits for. */
    private final AtomicInteger busy = new AtomicInteger();
    private final Map<TopicPartition, PartitionWork> partitions = new HashMap<>();
    private volatile boolean running;
    private volatile boolean stopping;
    private volatile boolean closed;
    private volatile Set<String> desiredTopics = Set.of();
    private volatile boolean subscriptionChanged;
    private Set<String> subscribedTopics = Set.of();
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread pollThread;
    private ExecutorService workers;
    private ScheduledExecutorService retries;
    private Lanes lanes;
    private final java.util.function.Consumer<RegistrySnapshot> registryListener = this::onRegistryChange;

    public KafkaDispatcher(KafkaConfigs configs, DispatcherSettings settings, RegistryCache cache, ExecutorRouter router,
                           LedgerWriter ledger, MongoInvocationStore invocations, Producer<byte[], byte[]> producer) {
        this.configs = configs;
        this.settings = settings;
        this.cache = cache;
        this.router = router;
        this.ledger = ledger;
        this.invocations = invocations;
        this.producer = producer;
    }

    // ---- lifecycle -------------------------------------------------------------------------

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the dispatcher was closed; create a new one");
            }
            if (running) {
                throw new IllegalStateException("the dispatcher is already running");
            }
            AtomicInteger n = new AtomicInteger();
            workers = new ThreadPoolExecutor(settings.concurrency(), settings.concurrency(), 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> daemon(r, "faas-worker-" + n.incrementAndGet()));
            retries = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "faas-retry"));
            lanes = new Lanes(workers);
            consumer = new KafkaConsumer<>(configs.groupConsumer("faas-dispatcher", settings.groupId()));
            cache.addListener(registryListener);
            onRegistryChange(cache.current());
            running = true;
            pollThread = daemon(this::pollLoop, "faas-poll");
            pollThread.start();
            log.info("dispatcher started in group {} with {} workers", settings.groupId(), settings.concurrency());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public boolean isRunning() {
        return running && !stopping;
    }

    @Override
    public void close() {
        close(settings.closeGracePeriod());
    }

    @Override
    public void close(Duration gracePeriod) {
        Thread poller;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (!running) {
                return;
            }
            graceDeadline = System.nanoTime() + gracePeriod.toNanos();
            stopping = true;
            poller = pollThread;
        }
        cache.removeListener(registryListener);
        try {
            poller.join(gracePeriod.toMillis() + 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        retries.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
        log.info("dispatcher closed");
    }

    private volatile long graceDeadline;

    // ---- registry --------------------------------------------------------------------------

    private void onRegistryChange(RegistrySnapshot snapshot) {
        Set<String> topics = Set.copyOf(snapshot.topicNames());
        if (!topics.equals(desiredTopics)) {
            desiredTopics = topics;
            subscriptionChanged = true;
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

    // ---- poll loop -------------------------------------------------------------------------

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
                    applyBackpressure(); // also after a wakeup from resumeIfDrained(), which skipped the one below
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(settings.pollTimeout());
                    for (TopicPartition tp : records.partitions()) {
                        dispatchAll(tp, records.records(tp));
                    }
                    if (System.nanoTime() - nextCommit >= 0) {
                        commitCompleted(false);
                        updateLag();
                        nextCommit = System.nanoTime() + settings.commitInterval().toNanos();
                    }
                    applyBackpressure();
                } catch (WakeupException e) {
                    // close() or a registry change woke the poll
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

    private void idle() {
        try {
            Thread.sleep(settings.pollTimeout().toMillis()); // nothing subscribed: wait for the registry to change
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** Stops reading, waits for running work until the grace deadline and commits what completed. */
    private void drain() {
        try {
            if (!consumer.assignment().isEmpty()) {
                consumer.pause(consumer.assignment());
            }
            while (busy.get() > 0 && System.nanoTime() - graceDeadline < 0) {
                if (subscribedTopics.isEmpty()) {
                    idle();
                } else {
                    try {
                        consumer.poll(Duration.ofMillis(50)); // keeps the membership alive; partitions are paused
                    } catch (WakeupException e) {
                        // a late resume signal from resumeIfDrained(); nothing to resume while draining
                    }
                }
                commitCompleted(false);
            }
            if (busy.get() > 0) {
                log.warn("dispatcher closing with {} invocations unfinished; their events will be redelivered",
                        busy.get());
            }
            commitCompleted(true);
        } catch (RuntimeException e) {
            log.warn("dispatcher drain: {}", e.toString());
        }
    }

    private void updateLag() {
        Map<String, Long> now = new java.util.TreeMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            java.util.OptionalLong l = consumer.currentLag(tp);
            if (l.isPresent()) {
                now.put(tp.topic() + "-" + tp.partition(), l.getAsLong());
            }
        }
        lag = Map.copyOf(now);
    }

    private volatile Map<String, Long> lag = Map.of();

    /** Records not yet read per assigned partition ({@code topic-partition}), as of the last commit round. */
    public Map<String, Long> lag() {
        return lag;
    }

    private void applyBackpressure() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (inFlight.get() >= settings.maxInFlight()) {
            if (!assigned.isEmpty()) {
                pausedForBackpressure.set(true); // before pause(), so no resume signal can be missed
                consumer.pause(assigned);
            }
        } else if (inFlight.get() <= resumeThreshold() && !consumer.paused().isEmpty()) {
            pausedForBackpressure.set(false);
            consumer.resume(consumer.paused());
        }
    }

    private int resumeThreshold() {
        return settings.maxInFlight() / 2;
    }

    /**
     * Called as records become durable. Once enough work completed, a poll thread waiting on
     * partitions paused for backpressure is woken to resume them: otherwise it would sit out the
     * rest of its poll timeout with nothing to read, and a backlog would drain in bursts of
     * {@code maxInFlight} events, one poll timeout apart.
     */
    private void resumeIfDrained() {
        if (pausedForBackpressure.get() && inFlight.get() <= resumeThreshold() && !stopping
                && pausedForBackpressure.compareAndSet(true, false)) {
            consumer.wakeup();
        }
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
                    // a resume signal from resumeIfDrained() that no poll consumed: it is not about this commit
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

    private final ConsumerRebalanceListener rebalanceListener = new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition tp : revoked) {
                PartitionWork work = partitions.remove(tp);
                if (work != null) {
                    long next = work.advance();
                    if (next >= 0) {
                        offsets.put(tp, new OffsetAndMetadata(next));
                    }
                }
            }
            commit(offsets, true);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            lost.forEach(partitions::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            // Work state is created when the first record of a partition arrives.
        }
    };

    // ---- dispatch --------------------------------------------------------------------------

    /**
     * Dispatches the partition's records in order. If one cannot be dispatched (MongoDB away
     * when the partition's recorded work is looked up, say), the partition is rewound to it so
     * that it and everything after it is read again, rather than skipped by a later commit.
     */
    private void dispatchAll(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                dispatch(record);
            } catch (RuntimeException e) {
                log.warn("could not dispatch {}-{}@{}, reading it again: {}", tp.topic(), tp.partition(),
                        record.offset(), e.toString());
                consumer.seek(tp, record.offset());
                return;
            }
        }
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        PartitionWork work = partitions.computeIfAbsent(tp, p ->
                new PartitionWork(p, invocations.finalIdsFrom(record.topic(), record.partition(), record.offset())));
        RegistrySnapshot snapshot = cache.current();
        Event event = toEvent(record);
        Instant queuedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<FunctionVersion> functions = snapshot.functionsFor(record.topic()).stream()
                .filter(fv -> !work.alreadyRecorded.contains(
                        Invocation.idOf(event.topic(), event.partition(), event.offset(), fv.name())))
                .toList();
        PartitionWork.EventWork eventWork = new PartitionWork.EventWork(record.offset(), functions.size());
        work.add(eventWork);
        if (functions.isEmpty()) {
            return;
        }
        inFlight.incrementAndGet();
        inFlightByTopic.computeIfAbsent(record.topic(), t -> new AtomicInteger()).incrementAndGet();
        Optional<String> invalid = record.value() == null ? Optional.of("the record has no value")
                : Json.problem(event.payload());
        Ordering ordering = snapshot.topic(record.topic()).map(Topic::ordering).orElse(Ordering.KEY);
        for (FunctionVersion fv : functions) {
            Run run = new Run(fv, event, eventWork, queuedAt, laneOf(ordering, fv, event));
            if (invalid.isPresent()) {
                busy.incrementAndGet();
                run.finish(InvocationStatus.FAILED, null, InvocationError.of("InvalidEventPayload",
                        "event payload is not valid JSON: " + invalid.get()), null, 0);
            } else {
                lanes.submit(run.lane, run);
            }
        }
    }

    private record Lane(Ordering ordering, String function, String topic, int partition, String key) {
    }

    private static Object laneOf(Ordering ordering, FunctionVersion fv, Event event) {
        return switch (ordering) {
            case KEY -> event.key() == null ? null
                    : new Lane(ordering, fv.name(), event.topic(), event.partition(), event.key());
            case PARTITION -> new Lane(ordering, fv.name(), event.topic(), event.partition(), null);
            case NONE -> null;
        };
    }

    private static Event toEvent(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        String id = headers.get(Event.ID_HEADER);
        if (id == null || id.isEmpty()) {
            id = Event.defaultId(record.topic(), record.partition(), record.offset());
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        String payload = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
        return new Event(id, record.topic(), record.partition(), record.offset(), key, payload, headers,
                Instant.ofEpochMilli(Math.max(0, record.timestamp())));
    }

    /** One function's invocation for one event, across its attempts. */
    private final class Run implements Runnable {
        private final FunctionVersion function;
        private final Event event;
        private final PartitionWork.EventWork eventWork;
        private final Instant queuedAt;
        private final Object lane;
        private int attempts;

        Run(FunctionVersion function, Event event, PartitionWork.EventWork eventWork, Instant queuedAt, Object lane) {
            this.function = function;
            this.event = event;
            this.eventWork = eventWork;
            this.queuedAt = queuedAt;
            this.lane = lane;
        }

        @Override
        public void run() {
            if (stopping) {
                return; // abandoned: not recorded, so not committed, so redelivered
            }
            busy.incrementAndGet();
            boolean handedOn = false;
            try {
                handedOn = attempt();
            } finally {
                if (!handedOn) {
                    busy.decrementAndGet();
                }
            }
        }

        /** Runs one attempt; true if a record is now on its way to the ledger (and will release {@code busy}). */
        private boolean attempt() {
            attempts++;
            ExecutionResult result;
            Optional<FunctionExecutor> executor = router.route(function, event.topic());
            Instant started = Instant.now();
            if (executor.isEmpty()) {
                result = ExecutionResult.failed(InvocationError.of("ExecutorNotFound", "no executor named '"
                                + router.nameFor(function, event.topic()) + "' can run " + function.spec().runtime()
                                + " function '" + function.name() + "'"), "", false, false, started, Instant.now());
            } else {
                try {
                    result = executor.get().execute(new ExecutionRequest(function, event, attempts,
                            function.spec().timeout(), settings.logLimitBytes()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false; // closing: abandoned, redelivered later
                } catch (FaasException e) {
                    if (stopping) {
                        return false;
                    }
                    result = ExecutionResult.failed(InvocationError.of("ExecutorUnavailable", e.getMessage()), "",
                            false, false, started, Instant.now());
                } catch (RuntimeException e) {
                    if (stopping) {
                        return false;
                    }
                    log.error("executor {} failed on function {}", router.nameFor(function, event.topic()), function.name(), e);
                    result = ExecutionResult.failed(InvocationError.of("ExecutorError", e.toString()), "",
                            false, false, started, Instant.now());
                }
            }
            if (stopping) {
                return false;
            }
            if (result.status() != InvocationStatus.SUCCEEDED && attempts < function.spec().maxAttempts()) {
                long delay = function.spec().backoff().delayAfter(attempts).toMillis();
                try {
                    retries.schedule(() -> workers.execute(this), delay, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // closing: abandoned, redelivered later
                }
                return false;
            }
            lanes.release(lane);
            finish(result.status(), result.result(), result.error(), result, attempts);
            return true;
        }

        void finish(InvocationStatus status, String resultJson, InvocationError error, ExecutionResult result,
                    int attemptCount) {
            Invocation invocation = new Invocation(
                    Invocation.idOf(event.topic(), event.partition(), event.offset(), function.name()),
                    function.name(), function.version(), event.topic(), event.partition(), event.offset(), event.id(),
                    event.key(), event.payload(), status, resultJson, error,
                    result == null ? "" : result.logs(), result != null && result.logsTruncated(), attemptCount,
                    result != null && result.coldStart(), queuedAt,
                    result == null ? null : result.startedAt().truncatedTo(ChronoUnit.MILLIS),
                    (result == null ? Instant.now() : result.finishedAt()).truncatedTo(ChronoUnit.MILLIS),
                    result == null ? "" : router.nameFor(function, event.topic()));
            if (eventWork == null) {
                storeRedriven(invocation);
            } else if (status == InvocationStatus.SUCCEEDED) {
                record(invocation);
            } else {
                deadLetter(invocation, () -> record(invocation));
            }
        }

        private void record(Invocation invocation) {
            ledger.write(invocation, () -> {
                busy.decrementAndGet();
                if (eventWork.pending.decrementAndGet() == 0) {
                    inFlight.decrementAndGet();
                    inFlightByTopic.get(event.topic()).decrementAndGet();
                }
                resumeIfDrained();
            });
        }
    }

    private void deadLetter(Invocation invocation, Runnable then) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, Event.ID_HEADER, invocation.eventId());
        header(headers, "faas-function", invocation.function());
        header(headers, "faas-function-version", String.valueOf(invocation.version()));
        header(headers, "faas-status", invocation.status().name());
        header(headers, "faas-error-type", invocation.error().type());
        header(headers, "faas-error-message", truncate(invocation.error().message(), 4096));
        header(headers, "faas-attempts", String.valueOf(invocation.attempts()));
        header(headers, "faas-source-topic", invocation.topic());
        header(headers, "faas-source-partition", String.valueOf(invocation.partition()));
        header(headers, "faas-source-offset", String.valueOf(invocation.offset()));
        byte[] key = invocation.key() == null ? null : invocation.key().getBytes(StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(settings.deadLetterTopic(), null, key,
                    invocation.event().getBytes(StandardCharsets.UTF_8), headers), (md, e) -> {
                        if (e != null) {
                            log.error("could not send {} to the dead-letter topic: {}", invocation.id(), e.toString());
                        }
                        then.run();
                    });
        } catch (RuntimeException e) {
            log.error("could not send {} to the dead-letter topic: {}", invocation.id(), e.toString());
            then.run();
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public Invocation redrive(String invocationId) {
        if (!isRunning()) {
            throw new InvocationStateException("the dispatcher is not running, so nothing can be redriven");
        }
        Invocation old = invocations.find(invocationId)
                .orElseThrow(() -> new InvocationNotFoundException(invocationId));
        if (old.status() != InvocationStatus.FAILED && old.status() != InvocationStatus.TIMED_OUT) {
            throw new InvocationStateException("invocation '" + invocationId + "' is " + old.status()
                    + "; only FAILED or TIMED_OUT invocations can be redriven");
        }
        FunctionVersion function = cache.current().function(old.function())
                .orElseThrow(() -> new FunctionNotFoundException(old.function()));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Invocation running = new Invocation(old.id(), old.function(), function.version(), old.topic(), old.partition(),
                old.offset(), old.eventId(), old.key(), old.event(), InvocationStatus.RUNNING, null, null, "", false,
                0, false, now, null, null, router.nameFor(function, old.topic()));
        invocations.replace(running);
        Event event = new Event(old.eventId(), old.topic(), old.partition(), old.offset(), old.key(), old.event(),
                Map.of(), old.queuedAt());
        Run run = new Run(function, event, null, now, null);
        if (Json.problem(old.event()).isPresent()) {
            busy.incrementAndGet();
            run.finish(InvocationStatus.FAILED, null, old.error(), null, 0);
        } else {
            workers.execute(run);
        }
        return running;
    }

    private void storeRedriven(Invocation invocation) {
        try {
            invocations.replace(invocation);
        } catch (RuntimeException e) {
            log.error("could not store the redriven invocation {}: {}", invocation.id(), e.toString());
        } finally {
            busy.decrementAndGet();
        }
    }

    /** Events read but not yet fully recorded, per topic (topics with none may be missing). */
    public Map<String, Integer> inFlightByTopic() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        inFlightByTopic.forEach((topic, count) -> out.put(topic, count.get()));
        return out;
    }

    /** Events read but not yet fully recorded. */
    public int inFlight() {
        return inFlight.get();
    }
}
