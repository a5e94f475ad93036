package io.faas.core.internal.dispatch;

import io.faas.core.internal.kafka.KafkaConfigs;
import io.faas.api.Attempt;
import io.faas.api.Dispatcher;
import io.faas.api.Event;
import io.faas.api.FunctionNotFoundException;
import io.faas.api.FunctionVersion;
import io.faas.api.Invocation;
import io.faas.api.InvocationNotFoundException;
import io.faas.api.InvocationStateException;
import io.faas.api.InvocationStatus;
import io.faas.api.Ordering;
import io.faas.api.Redrive;
import io.faas.api.Topic;
import io.faas.core.DispatcherSettings;
import io.faas.core.PartitionLag;
import io.faas.core.internal.registry.RegistryCache;
import io.faas.core.internal.registry.RegistrySnapshot;
import io.faas.core.internal.json.Json;
import io.faas.core.internal.ledger.FilteredCounts;
import io.faas.core.internal.kafka.Tracing;
import io.faas.core.internal.ledger.LedgerWriter;
import io.faas.core.internal.ledger.MongoInvocationStore;
import io.faas.logging.internal.QuietLogs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Consumes every registered topic and runs each event through every function mapped to its
 * topic whose content filter it passes (the others only count it as filtered): a
 * {@link ConsumerContainer} reads the ordered topics ({@code KEY}, {@code PARTITION}) in one
 * consumer group, commits and keeps the in-flight bound; a {@link ShareConsumerContainer} reads
 * the topics of ordering {@code NONE} in one share group and acknowledges each record once
 * recorded; an {@link InvocationPipeline} runs, retries, dead-letters and records; this class
 * wires them to the registry and decides what each record needs.
 *
 * <p>Threads: the container's poll thread ({@code faas-poll}) calls {@link #prepare}; the
 * pipeline's workers run function code. An event's offset is committed once all its records,
 * and those of every earlier event of its partition, are stored.
 */
public final class KafkaDispatcher implements Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(KafkaDispatcher.class);
    /** How old {@link #groupLag()} may be: health checks and metric scrapes ask for it often. */
    private static final Duration LAG_MAX_AGE = Duration.ofSeconds(2);

    private final DispatcherSettings settings;
    private final RegistryCache cache;
    private final ExecutorRouter router;
    private final MongoInvocationStore invocations;
    private final LedgerWriter ledger;
    /** Where the records of shadow versions go, apart from the ledger. */
    private final LedgerWriter shadows;
    private final FilteredCounts filtered;
    private final InFlightTracker tracker = new InFlightTracker();
    /** Redrives not yet stored, by record id, with the record as it was before. */
    private final Map<String, Invocation> activeRedrives = new ConcurrentHashMap<>();
    private final InvocationPipeline pipeline;
    private final ConsumerContainer container;
    private final List<ShareConsumerContainer> shareContainers = new ArrayList<>();
    /** The share group's acquisition lock once {@link #prepareShareGroup} configured the group; guarded by this. */
    private Integer shareGroupLockMs;
    private final GroupLag groupLag;

    private final Object lifecycle = new Object();
    private final KafkaDestinationPublisher destinations;
    private volatile boolean running;
    private volatile boolean stopping;
    private volatile boolean closed;
    private final java.util.function.Consumer<RegistrySnapshot> registryListener = this::onRegistryChange;

    public KafkaDispatcher(KafkaConfigs configs, DispatcherSettings settings, RegistryCache cache, ExecutorRouter router,
                           LedgerWriter ledger, LedgerWriter shadows, FilteredCounts filtered,
                           MongoInvocationStore invocations, Producer<byte[], byte[]> producer, Tracing tracing) {
        this(KafkaConsumer::new, configs.groupConsumer("faas-dispatcher", settings.groupId()), KafkaShareConsumer::new,
                configs.shareConsumer("faas-dispatcher-share", shareGroupOf(settings),
                        sharePollBatch(settings)),
                settings, cache, router, ledger, shadows, filtered, invocations, producer,
                // created on first demand, on whichever thread asks for the lag: quiet like the other clients
                () -> QuietLogs.quietly(() -> Admin.create(configs.admin("faas-lag"))), tracing);
    }

    KafkaDispatcher(ConsumerFactory consumers, Map<String, Object> consumerConfigs,
                    ShareConsumerContainer.Factory shareConsumers, Map<String, Object> shareConsumerConfigs,
                    DispatcherSettings settings, RegistryCache cache, ExecutorRouter router, LedgerWriter ledger,
                    LedgerWriter shadows, FilteredCounts filtered, MongoInvocationStore invocations, Producer<byte[], byte[]> producer,
                    Supplier<Admin> admins, Tracing tracing) {
        this.settings = settings;
        this.cache = cache;
        this.router = router;
        this.invocations = invocations;
        this.ledger = ledger;
        this.shadows = shadows;
        this.filtered = filtered;
        this.destinations = new KafkaDestinationPublisher(producer);
        this.pipeline = new InvocationPipeline(settings, router, ledger::write,
                new KafkaDeadLetterPublisher(producer, settings.deadLetterTopic()), destinations, tracker,
                topic -> cache.current().topic(topic).map(Topic::ordering).orElse(Ordering.KEY), tracing);
        this.groupLag = new GroupLag(admins, settings.groupId(), shareGroupOf(settings),
                () -> Set.copyOf(cache.current().topicNames()), this::shared, LAG_MAX_AGE, Duration.ofSeconds(2));
        this.container = new ConsumerContainer(consumers, consumerConfigs, settings, tracker,
                invocations::finalIdsFrom, this::prepare);
        for (int i = 1; i <= shareConsumersOf(settings); i++) {
            shareContainers.add(new ShareConsumerContainer(shareConsumers, shareConsumerConfigs, settings, tracker,
                    invocations::finalIdsAt, this::prepare, () -> prepareShareGroup(admins), "faas-share-poll-" + i));
        }
    }

    /** The share group that reads the topics of ordering {@code NONE}: the consumer group's id and {@code .share}. */
    public static String shareGroupOf(DispatcherSettings settings) {
        return settings.groupId() + ".share";
    }

    /**
     * Records one share consumer acquires per poll: the instance's consumers together take up to
     * eight times what it runs at once (so its workers stay busy while a poll's last records
     * finish), at most {@code maxInFlight}. The rest stays with the group for the other instances.
     */
    static int sharePollBatch(DispatcherSettings settings) {
        return Math.max(1, Math.min(settings.maxInFlight(), 8 * settings.concurrency()) / shareConsumersOf(settings));
    }

    /**
     * Share consumers per instance, each on its own poll thread: at least two, so one polls while
     * the other waits for its records to be stored and acknowledged; one more per 8 workers, at
     * most 8.
     */
    static int shareConsumersOf(DispatcherSettings settings) {
        return Math.max(2, Math.min(8, settings.concurrency() / 8));
    }

    /** Whether the topic's events need no order, so the share group reads them. */
    private boolean shared(String topic) {
        return cache.current().topic(topic).map(Topic::ordering).orElse(Ordering.KEY) == Ordering.NONE;
    }

    /**
     * A share group starts at the end of each partition unless told otherwise; the consumer group
     * starts at the beginning, and so must the share group, or events published before its first
     * instance started would never run. Returns the group's acquisition lock in ms (-1 if unknown).
     * Done once per dispatcher, for all its share consumers; a failure is tried again by the next
     * consumer that asks.
     */
    private synchronized int prepareShareGroup(Supplier<Admin> admins) {
        if (shareGroupLockMs != null) {
            return shareGroupLockMs;
        }
        shareGroupLockMs = configureShareGroup(admins);
        return shareGroupLockMs;
    }

    private int configureShareGroup(Supplier<Admin> admins) {
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, shareGroupOf(settings));
        try (Admin admin = admins.get()) {
            admin.incrementalAlterConfigs(Map.of(group, List.of(new AlterConfigOp(
                    new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET))))
                    .all().get(10, TimeUnit.SECONDS);
            ConfigEntry lock = admin.describeConfigs(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group)
                    .get("share.record.lock.duration.ms");
            return lock == null || lock.value() == null ? -1 : Integer.parseInt(lock.value());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring the share group");
        } catch (ExecutionException | TimeoutException | NumberFormatException e) {
            throw new IllegalStateException("could not configure share group " + shareGroupOf(settings) + ": "
                    + e.getMessage(), e);
        }
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
            pipeline.start();
            cache.addListener(registryListener);
            onRegistryChange(cache.current());
            container.start();
            running = true;
            log.info("dispatcher started in group {} with {} workers", settings.groupId(), settings.concurrency());
        }
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
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (!running) {
                groupLag.close();
                return;
            }
            stopping = true;
        }
        cache.removeListener(registryListener);
        pipeline.stopAccepting();
        List<Thread> shareCloses = new ArrayList<>();
        for (ShareConsumerContainer share : shareContainers) {
            Thread t = new Thread(() -> share.close(gracePeriod), "faas-share-close");
            t.start();
            shareCloses.add(t);
        }
        container.close(gracePeriod);
        for (Thread t : shareCloses) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pipeline.close();
        groupLag.close();
        // Redrives still queued, retrying or running when the workers stopped: never left RUNNING.
        activeRedrives.forEach((id, previous) -> {
            if (activeRedrives.remove(id, previous)) {
                handBack(previous, previous.redrives().size() + 1);
            }
        });
        running = false;
        log.info("dispatcher closed");
    }

    private void onRegistryChange(RegistrySnapshot snapshot) {
        Set<String> ordered = new HashSet<>();
        Set<String> unordered = new HashSet<>();
        for (String topic : snapshot.topicNames()) {
            boolean none = snapshot.topic(topic).map(Topic::ordering).orElse(Ordering.KEY) == Ordering.NONE;
            (none ? unordered : ordered).add(topic);
        }
        container.subscribe(ordered);
        shareContainers.forEach(share -> share.subscribe(unordered));
    }

    // ---- what a record needs ---------------------------------------------------------------

    private ConsumerContainer.Work prepare(ConsumerRecord<byte[], byte[]> record, Set<String> alreadyRecorded) {
        Event event = toEvent(record);
        RegistrySnapshot snapshot = cache.current();
        // Decoded once for all the topic's filters, and only if it has any; not JSON reads as null.
        Object payload = snapshot.hasFilters(event.topic()) ? Json.decodeOrNull(event.payload()) : null;
        List<FunctionVersion> functions = new ArrayList<>();
        List<FunctionVersion> shadowed = new ArrayList<>();
        for (RegistrySnapshot.Subscriber s : snapshot.subscribers(event.topic())) {
            FunctionVersion fv = s.function();
            if (alreadyRecorded.contains(Invocation.idOf(event.topic(), event.partition(), event.offset(), fv.name()))) {
                continue; // a shadow whose primary is recorded does not run again either
            }
            if (!s.accepts(payload, event.key(), event.headers())) {
                // no run, no record: the event counts as done for this function
                filtered.count(fv.name());
                continue;
            }
            RegistrySnapshot.Target target = snapshot.target(s, event.key() == null ? event.id() : event.key());
            functions.add(target.primary());
            if (target.shadow() != null) {
                shadowed.add(target.shadow());
            }
        }
        return new ConsumerContainer.Work() {
            @Override
            public int records() {
                return functions.size() + shadowed.size();
            }

            @Override
            public void start(EventCompletion completion) {
                pipeline.submit(event, functions, completion);
                if (!shadowed.isEmpty()) {
                    // the event is done once the shadows' records are stored too
                    pipeline.submitShadows(event, shadowed, completion, shadows::write);
                }
            }
        };
    }

    /**
     * Runs one event of a replay through the pipeline: its record goes to {@code sink}, never to
     * the ledger, the dead-letter topic or the function's destinations.
     *
     * @throws InvocationStateException if the dispatcher is not running
     */
    public void submitReplayed(ConsumerRecord<byte[], byte[]> record, FunctionVersion function,
                               EventCompletion completion, InvocationPipeline.RecordSink sink) {
        if (!isRunning()) {
            throw new InvocationStateException("the dispatcher is not running, so nothing can be replayed");
        }
        pipeline.submit(toEvent(record), List.of(function), completion, sink, false);
    }

    static Event toEvent(ConsumerRecord<byte[], byte[]> record) {
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

    // ---- redrive ---------------------------------------------------------------------------

    @Override
    public Invocation redrive(String invocationId) {
        if (!isRunning()) {
            throw new InvocationStateException("the dispatcher is not running, so nothing can be redriven");
        }
        Invocation old = invocations.find(invocationId)
                .orElseThrow(() -> new InvocationNotFoundException(invocationId));
        if (old.status() != InvocationStatus.FAILED && old.status() != InvocationStatus.TIMED_OUT) {
            throw notRedrivable(old);
        }
        RegistrySnapshot snapshot = cache.current();
        FunctionVersion current = snapshot.function(old.function())
                .orElseThrow(() -> new FunctionNotFoundException(old.function()));
        // the version the subscription's alias points to now for the event's key, never its shadow
        FunctionVersion function = snapshot.subscriber(old.topic(), old.function())
                .map(s -> snapshot.target(s, old.key() == null ? old.eventId() : old.key()).primary())
                .orElse(current);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Redrive> redrives = new ArrayList<>(old.redrives());
        redrives.add(new Redrive(redrives.size() + 1, now, old.status(), old.error(), old.version()));
        Invocation running = new Invocation(old.id(), old.function(), function.version(), old.topic(), old.partition(),
                old.offset(), old.eventId(), old.key(), old.event(), InvocationStatus.RUNNING, null, null, "", false,
                0, false, now, null, null, router.nameFor(function, old.topic()), old.history(), redrives,
                old.rootEventId(), old.hops(), null);
        if (!invocations.claimForRedrive(old, running)) {
            throw notRedrivable(invocations.find(invocationId).orElse(running)); // another redrive won
        }
        activeRedrives.put(old.id(), old);
        // in its chain where the first run was: the same root, and a destination record one hop further
        Event event = new Event(old.eventId(), old.topic(), old.partition(), old.offset(), old.key(), old.event(),
                Chains.headersOf(old), old.queuedAt());
        int round = redrives.size();
        pipeline.submit(event, List.of(function), new RedriveCompletion(old), (outcome, durable) -> {
            List<Attempt> history = new ArrayList<>(old.history());
            outcome.history().forEach(a -> history.add(a.inRedrive(round)));
            ledger.writeRedriven(new Invocation(outcome.id(), outcome.function(), outcome.version(), outcome.topic(),
                    outcome.partition(), outcome.offset(), outcome.eventId(), outcome.key(), outcome.event(),
                    outcome.status(), outcome.result(), outcome.error(), outcome.logs(), outcome.logsTruncated(),
                    outcome.attempts(), outcome.coldStart(), now, outcome.startedAt(), outcome.finishedAt(),
                    outcome.executor(), history, redrives, outcome.rootEventId(), outcome.hops(),
                    outcome.destination(), outcome.batchId()), durable);
        });
        return running;
    }

    private static InvocationStateException notRedrivable(Invocation current) {
        return new InvocationStateException("invocation '" + current.id() + "' is " + current.status()
                + "; only FAILED or TIMED_OUT invocations can be redriven");
    }

    /** A running redrive: forgotten once its outcome is stored; what is left at close is handed back. */
    private final class RedriveCompletion implements EventCompletion {
        private final Invocation previous;

        RedriveCompletion(Invocation previous) {
            this.previous = previous;
        }

        @Override
        public boolean fenced() {
            return false; // a redrive owns its record, not a partition: only close() stops it
        }

        @Override
        public void recorded() {
            activeRedrives.remove(previous.id(), previous);
        }

        @Override
        public void abandoned() {
            // Only a closing pipeline abandons a redrive, on a worker thread it may have interrupted:
            // close() hands the record back from its own thread once the workers have stopped.
        }
    }

    /** Puts a redriven record back to its final state before the redrive: it can be redriven again later. */
    private void handBack(Invocation previous, int round) {
        try {
            if (invocations.replaceRunning(round, previous)) {
                log.info("redrive of {} handed back: the record is {} again", previous.id(), previous.status());
            }
        } catch (RuntimeException e) {
            log.error("could not hand back the redrive of {}; it stays RUNNING: {}", previous.id(), e.toString());
        }
    }

    // ---- figures ---------------------------------------------------------------------------

    /** Records not yet read per partition assigned to this instance, as of the last commit round. */
    public List<PartitionLag> lag() {
        return container.lag();
    }

    /**
     * The group's real backlog per partition of the registered topics,
     * whoever owns it: records not yet committed, so not read or not yet recorded by any instance.
     * At most two seconds old.
     */
    public List<PartitionLag> groupLag() {
        return groupLag.lag();
    }

    /** Events read but not yet fully recorded, per topic (topics with none may be missing). */
    public Map<String, Integer> inFlightByTopic() {
        return tracker.eventsByTopic();
    }

    /** Events read but not yet fully recorded. */
    public int inFlight() {
        return tracker.events();
    }

    /** Invocations that partitions revoked from this instance left unrecorded, for their new owner to run. */
    public long rebalanceReexecutions() {
        return tracker.rebalanceReexecutions();
    }

    /** Outcomes that could not be sent to a function's destination. */
    public long destinationFailures() {
        return destinations.failures();
    }
}
