package io.faas.core.internal.replay;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.faas.api.FunctionNotFoundException;
import io.faas.api.FunctionRegistry;
import io.faas.api.FunctionVersion;
import io.faas.api.InvocationPage;
import io.faas.api.InvocationStatus;
import io.faas.api.Replay;
import io.faas.api.ReplayNotFoundException;
import io.faas.api.ReplayRequest;
import io.faas.api.ReplayStatus;
import io.faas.api.Replays;
import io.faas.api.TopicNotFoundException;
import io.faas.core.internal.dispatch.EventCompletion;
import io.faas.core.internal.dispatch.KafkaDispatcher;
import io.faas.core.internal.kafka.KafkaConfigs;
import io.faas.core.internal.ledger.LedgerRetention;
import io.faas.core.internal.ledger.LedgerWriter;
import io.faas.core.internal.ledger.MongoInvocationStore;
import io.faas.core.internal.registry.RegistryCache;
import io.faas.core.internal.store.MongoErrors;
import io.faas.core.internal.store.MongoStore;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Replays on this instance: each runs on its own thread ({@code faas-replay-N}) with a consumer
 * that joins no group, is assigned every partition of the topic and seeks to the start offsets;
 * each event goes through the dispatcher's pipeline with the replay's own record sink (records in
 * {@code replay_invocations}, ids {@code <replay id>:<ledger id>}; no dead-letter topic, no
 * destinations), at most {@code maxInFlight} at once. Progress is written to {@code replays}
 * every second, where a cancel from any instance is seen. A replay whose progress has not been
 * written for {@link #STALE} reads as FAILED: the instance running it went away.
 */
public final class KafkaReplays implements Replays, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaReplays.class);

    /** How long a RUNNING replay's progress may go unwritten before it reads as FAILED. */
    static final Duration STALE = Duration.ofSeconds(30);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private final MongoStore store;
    private final KafkaConfigs configs;
    private final RegistryCache cache;
    private final FunctionRegistry functions;
    private final Supplier<KafkaDispatcher> dispatcher;
    private final MongoInvocationStore records;
    private final LedgerRetention retention;
    private final int maxInFlight;
    private final int ledgerBatchSize;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final AtomicLong threads = new AtomicLong();

    public KafkaReplays(MongoStore store, KafkaConfigs configs, RegistryCache cache, FunctionRegistry functions,
                        Supplier<KafkaDispatcher> dispatcher, MongoInvocationStore records, LedgerRetention retention,
                        int maxInFlight, int ledgerBatchSize) {
        this.store = store;
        this.configs = configs;
        this.cache = cache;
        this.functions = functions;
        this.dispatcher = dispatcher;
        this.records = records;
        this.retention = retention;
        this.maxInFlight = maxInFlight;
        this.ledgerBatchSize = ledgerBatchSize;
    }

    @Override
    public Replay start(ReplayRequest request) {
        if (cache.current().topic(request.topic()).isEmpty()) {
            throw new TopicNotFoundException(request.topic());
        }
        FunctionVersion function = (request.version() == 0 ? functions.get(request.function())
                : functions.get(request.function(), request.version()))
                .orElseThrow(() -> new FunctionNotFoundException(request.version() == 0 ? request.function()
                        : request.function() + " version " + request.version()));
        KafkaDispatcher d = dispatcher.get();
        if (d == null || !d.isRunning()) {
            throw new io.faas.api.InvocationStateException("the dispatcher is not running, so nothing can be replayed");
        }
        String id = UUID.randomUUID().toString();
        Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(configs.grouplessConsumer("faas-replay-" + id));
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(request.topic(), Duration.ofSeconds(20))) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            Map<TopicPartition, Long> start = bound(consumer, partitions, request.fromOffset(), request.from(), false);
            Map<TopicPartition, Long> end = bound(consumer, partitions, null, request.to(), true);
            long total = 0;
            for (TopicPartition p : partitions) {
                total += Math.max(0, end.get(p) - start.get(p));
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Replay replay = new Replay(id, request, function.version(), ReplayStatus.RUNNING, total, 0, 0, now, null,
                    null);
            MongoErrors.run("store replay " + id, () -> store.replays().insertOne(document(replay)));
            Running r = new Running(replay, function, consumer, partitions, start, end);
            running.put(id, r);
            Thread t = new Thread(r::run, "faas-replay-" + threads.incrementAndGet());
            t.setDaemon(true);
            t.start();
            return replay;
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    /**
     * Each partition's offset at the bound: {@code offset} (not below the earliest retained), else
     * the first at or after {@code time}, else the earliest ({@code end}: the latest).
     */
    private static Map<TopicPartition, Long> bound(Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                                   Long offset, Instant time, boolean end) {
        Map<TopicPartition, Long> earliest = consumer.beginningOffsets(partitions, Duration.ofSeconds(20));
        Map<TopicPartition, Long> latest = consumer.endOffsets(partitions, Duration.ofSeconds(20));
        Map<TopicPartition, Long> bound = new HashMap<>();
        Map<TopicPartition, OffsetAndTimestamp> byTime = Map.of();
        if (time != null) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, time.toEpochMilli()));
            byTime = consumer.offsetsForTimes(query, Duration.ofSeconds(20));
        }
        for (TopicPartition p : partitions) {
            long at;
            if (offset != null) {
                at = Math.min(Math.max(offset, earliest.get(p)), latest.get(p));
            } else if (time != null) {
                OffsetAndTimestamp found = byTime.get(p);
                at = found == null ? latest.get(p) : found.offset(); // nothing at or after the time
            } else {
                at = end ? latest.get(p) : earliest.get(p);
            }
            bound.put(p, at);
        }
        return bound;
    }

    @Override
    public Optional<Replay> get(String id) {
        return MongoErrors.run("read replay " + id, () -> Optional.ofNullable(
                store.replays().find(Filters.eq("_id", id)).first()).map(KafkaReplays::toReplay));
    }

    @Override
    public List<Replay> list() {
        return MongoErrors.run("list replays", () -> {
            List<Replay> list = new ArrayList<>();
            for (Document d : store.replays().find().sort(new Document("startedAt", -1).append("_id", -1))
                    .limit(1000)) {
                list.add(toReplay(d));
            }
            return list;
        });
    }

    @Override
    public Replay cancel(String id) {
        Running r = running.get(id);
        if (r != null) {
            r.cancelled = true;
        }
        MongoErrors.run("cancel replay " + id, () -> store.replays().updateOne(
                Filters.and(Filters.eq("_id", id), Filters.eq("status", ReplayStatus.RUNNING.name())),
                Updates.set("cancelRequested", true)));
        return get(id).orElseThrow(() -> new ReplayNotFoundException(id));
    }

    @Override
    public InvocationPage invocations(String id, int limit, String cursor) {
        if (get(id).isEmpty()) {
            throw new ReplayNotFoundException(id);
        }
        return records.replayPage(id, limit, cursor);
    }

    /** Stops every replay of this instance: they end CANCELLED with what they recorded. */
    @Override
    public void close() {
        for (Running r : running.values()) {
            r.cancelled = true;
        }
    }

    // ---- one replay ----------------------------------------------------------------------

    private final class Running implements EventCompletion {
        private final Replay started;
        private final FunctionVersion function;
        private final Consumer<byte[], byte[]> consumer;
        private final List<TopicPartition> partitions;
        private final Map<TopicPartition, Long> start;
        private final Map<TopicPartition, Long> end;
        private final Semaphore inFlight = new Semaphore(maxInFlight);
        private final AtomicLong done = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final LedgerWriter writer;
        private volatile boolean cancelled;

        Running(Replay started, FunctionVersion function, Consumer<byte[], byte[]> consumer,
                List<TopicPartition> partitions, Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {
            this.started = started;
            this.function = function;
            this.consumer = consumer;
            this.partitions = partitions;
            this.start = start;
            this.end = end;
            String id = started.id();
            // the replay's records, apart from the ledger's: their own ids, with the replay's
            this.writer = new LedgerWriter(store.replayInvocations(), invocation -> retention.document(invocation)
                    .append("_id", id + ":" + invocation.id()).append("replayId", id), ledgerBatchSize,
                    "faas-replay-ledger");
        }

        @Override
        public boolean fenced() {
            return cancelled;
        }

        @Override
        public void recorded() {
            done.incrementAndGet();
            inFlight.release();
        }

        @Override
        public void abandoned() {
            inFlight.release();
        }

        void run() {
            ReplayStatus status = ReplayStatus.DONE;
            String error = null;
            try {
                consumer.assign(partitions);
                Set<TopicPartition> remaining = new HashSet<>();
                for (TopicPartition p : partitions) {
                    consumer.seek(p, start.get(p));
                    if (start.get(p) < end.get(p)) {
                        remaining.add(p);
                    }
                }
                consumer.pause(diff(partitions, remaining));
                long nextProgress = System.nanoTime();
                while (!remaining.isEmpty() && !cancelled) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        TopicPartition p = new TopicPartition(record.topic(), record.partition());
                        if (record.offset() >= end.get(p) || cancelled) {
                            continue;
                        }
                        while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                            if (cancelled) {
                                break;
                            }
                        }
                        if (cancelled) {
                            break;
                        }
                        dispatcher.get().submitReplayed(record, function, this, (invocation, durable) -> {
                            if (invocation.status() != InvocationStatus.SUCCEEDED) {
                                failed.incrementAndGet();
                            }
                            writer.write(invocation, durable);
                        });
                    }
                    for (TopicPartition p : new ArrayList<>(remaining)) {
                        if (consumer.position(p) >= end.get(p)) {
                            remaining.remove(p);
                            consumer.pause(List.of(p));
                        }
                    }
                    if (System.nanoTime() - nextProgress >= 0) {
                        nextProgress = System.nanoTime() + PROGRESS_INTERVAL.toNanos();
                        cancelled |= progress(ReplayStatus.RUNNING, null, null);
                    }
                }
                // what runs finishes (or, cancelled, starts no new attempt) and is recorded
                while (!inFlight.tryAcquire(maxInFlight, 1, TimeUnit.SECONDS)) {
                    cancelled |= progress(ReplayStatus.RUNNING, null, null);
                }
                inFlight.release(maxInFlight);
                if (cancelled) {
                    status = ReplayStatus.CANCELLED;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = ReplayStatus.CANCELLED;
            } catch (RuntimeException e) {
                log.warn("replay {} failed", started.id(), e);
                status = ReplayStatus.FAILED;
                error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            } finally {
                writer.close(Duration.ofSeconds(10));
                consumer.close(Duration.ZERO);
                running.remove(started.id());
                try {
                    progress(status, error, Instant.now());
                } catch (RuntimeException e) {
                    log.warn("could not store the end of replay {}: {}", started.id(), e.toString());
                }
            }
        }

        /** Writes the progress; whether a cancel was asked for meanwhile. */
        private boolean progress(ReplayStatus status, String error, Instant finishedAt) {
            Document d = MongoErrors.run("store replay progress " + started.id(), () -> store.replays()
                    .findOneAndUpdate(Filters.eq("_id", started.id()), Updates.combine(
                            Updates.set("status", status.name()), Updates.set("done", done.get()),
                            Updates.set("failed", failed.get()), Updates.set("updatedAt", new Date()),
                            Updates.set("finishedAt", finishedAt == null ? null : Date.from(finishedAt)),
                            Updates.set("error", error))));
            return d != null && Boolean.TRUE.equals(d.getBoolean("cancelRequested"));
        }
    }

    private static List<TopicPartition> diff(List<TopicPartition> all, Set<TopicPartition> except) {
        return all.stream().filter(p -> !except.contains(p)).toList();
    }

    // ---- documents -------------------------------------------------------------------------

    private static Document document(Replay r) {
        ReplayRequest q = r.request();
        return new Document("_id", r.id()).append("name", q.name()).append("topic", q.topic())
                .append("function", q.function()).append("requestedVersion", q.version())
                .append("fromOffset", q.fromOffset()).append("from", q.from() == null ? null : Date.from(q.from()))
                .append("to", q.to() == null ? null : Date.from(q.to()))
                .append("version", r.version()).append("status", r.status().name()).append("total", r.total())
                .append("done", r.done()).append("failed", r.failed()).append("startedAt", Date.from(r.startedAt()))
                .append("updatedAt", Date.from(r.startedAt())).append("finishedAt", null).append("error", null);
    }

    private static Replay toReplay(Document d) {
        Date from = d.getDate("from");
        Date to = d.getDate("to");
        Number fromOffset = (Number) d.get("fromOffset");
        ReplayRequest request = new ReplayRequest(d.getString("name"), d.getString("topic"), d.getString("function"),
                ((Number) d.get("requestedVersion")).intValue(), fromOffset == null ? null : fromOffset.longValue(),
                from == null ? null : from.toInstant(), to == null ? null : to.toInstant());
        ReplayStatus status = ReplayStatus.valueOf(d.getString("status"));
        String error = d.getString("error");
        Date finished = d.getDate("finishedAt");
        Date updated = d.getDate("updatedAt");
        if (status == ReplayStatus.RUNNING && updated != null
                && updated.toInstant().isBefore(Instant.now().minus(STALE))) {
            status = ReplayStatus.FAILED; // nobody has written its progress: its instance went away
            error = "the instance running it stopped (no progress for " + STALE.toSeconds() + " s)";
            finished = updated;
        }
        return new Replay(d.getString("_id"), request, ((Number) d.get("version")).intValue(), status,
                ((Number) d.get("total")).longValue(), ((Number) d.get("done")).longValue(),
                ((Number) d.get("failed")).longValue(), d.getDate("startedAt").toInstant(),
                finished == null ? null : finished.toInstant(), error);
    }
}
