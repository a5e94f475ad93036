package io.faas.core.internal.dispatch;

import io.faas.core.DispatcherSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The container against Kafka's {@code MockConsumer}: no broker, the poll thread is the real one. */
class ConsumerContainerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    /** A record handed to the pipeline, with the completion the test plays the pipeline's part on. */
    record Handed(ConsumerRecord<byte[], byte[]> record, EventCompletion completion) {
        long offset() {
            return record.offset();
        }
    }

    /** Every offset committed, also of partitions no longer assigned (which MockConsumer.committed() hides). */
    private final Map<TopicPartition, Long> commits = new ConcurrentHashMap<>();
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                                             OffsetCommitCallback callback) {
            offsets.forEach((tp, o) -> commits.put(tp, o.offset()));
            super.commitAsync(offsets, callback);
        }

        @Override
        public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
            offsets.forEach((tp, o) -> commits.put(tp, o.offset()));
            super.commitSync(offsets, timeout);
        }
    };
    private final InFlightTracker tracker = new InFlightTracker();
    private final List<Handed> handed = new CopyOnWriteArrayList<>();
    private final List<TopicPartition> lookups = new CopyOnWriteArrayList<>();
    private ConsumerContainer container;

    @AfterEach
    void close() {
        if (container != null) {
            container.close(Duration.ZERO);
        }
    }

    /** Starts a container on {@code t} whose handler asks {@code functions} records per event and holds the completions. */
    private ConsumerContainer start(int maxInFlight, ToIntFunction<ConsumerRecord<byte[], byte[]>> functions,
                                    java.util.function.Consumer<Handed> onHanded, TopicPartition... assigned) {
        DispatcherSettings settings = DispatcherSettings.builder().maxInFlight(maxInFlight)
                .pollTimeout(Duration.ofMillis(5)).commitInterval(Duration.ofMillis(5)).build();
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(assigned)));
        container = new ConsumerContainer(configs -> {
            // like KafkaConsumer, the mock returns at most max.poll.records per poll
            consumer.setMaxPollRecords(((Number) configs.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)).longValue());
            return consumer;
        }, Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500), settings, tracker,
                (topic, partition, from) -> {
                    lookups.add(new TopicPartition(topic, partition));
                    return Set.of();
                },
                (record, recorded) -> new ConsumerContainer.Work() {
                    @Override
                    public int records() {
                        return functions.applyAsInt(record);
                    }

                    @Override
                    public void start(EventCompletion completion) {
                        Handed h = new Handed(record, completion);
                        handed.add(h);
                        onHanded.accept(h);
                    }
                });
        container.subscribe(Set.of("t"));
        container.start();
        return container;
    }

    private ConsumerContainer start(int maxInFlight, TopicPartition... assigned) {
        return start(maxInFlight, r -> 1, h -> { }, assigned);
    }

    /** Adds records on the poll thread, as a fetch would deliver them. */
    private void produce(TopicPartition tp, long from, int count) {
        consumer.schedulePollTask(() -> {
            for (long o = from; o < from + count; o++) {
                consumer.addRecord(new ConsumerRecord<>(tp.topic(), tp.partition(), o, null,
                        ("{\"n\":" + o + "}").getBytes(StandardCharsets.UTF_8)));
            }
        });
    }

    private long committed(TopicPartition tp) {
        return commits.getOrDefault(tp, -1L);
    }

    private Handed handed(TopicPartition tp, long offset) {
        return handed.stream().filter(h -> h.record().partition() == tp.partition() && h.offset() == offset)
                .findFirst().orElseThrow();
    }

    @Test
    void commitsOnlyTheFullyRecordedPrefixOfAPartition() {
        start(100, P0);
        produce(P0, 0, 5);
        await().atMost(WAIT).until(() -> handed.size() == 5);

        handed(P0, 0).completion().recorded();
        handed(P0, 1).completion().recorded();
        handed(P0, 3).completion().recorded();
        await().atMost(WAIT).until(() -> committed(P0) == 2);
        await().during(Duration.ofMillis(100)).atMost(WAIT).until(() -> committed(P0) == 2);

        handed(P0, 2).completion().recorded();
        await().atMost(WAIT).until(() -> committed(P0) == 4);
        handed(P0, 4).completion().recorded();
        await().atMost(WAIT).until(() -> committed(P0) == 5);
        assertThat(tracker.events()).isZero();
    }

    @Test
    void anEventIsCommittedOnlyOnceAllItsFunctionsAreRecordedAndEventsWithoutFunctionsPassThrough() {
        start(100, r -> (int) r.offset() % 3, h -> { }, P0); // offsets 0 and 3: no function; 2: two
        produce(P0, 0, 4);
        await().atMost(WAIT).until(() -> handed.size() == 2);
        assertThat(tracker.events()).isEqualTo(2);
        await().atMost(WAIT).until(() -> committed(P0) == 1);

        handed(P0, 1).completion().recorded();
        handed(P0, 2).completion().recorded();
        await().during(Duration.ofMillis(100)).atMost(WAIT).until(() -> committed(P0) == 2);
        handed(P0, 2).completion().recorded();
        await().atMost(WAIT).until(() -> committed(P0) == 4);
    }

    @Test
    void anAbandonedRunLeavesTheInFlightCountButIsNeverCommitted() {
        start(100, P0);
        produce(P0, 0, 2);
        await().atMost(WAIT).until(() -> handed.size() == 2);
        handed(P0, 0).completion().abandoned();
        handed(P0, 1).completion().recorded();
        await().atMost(WAIT).until(() -> tracker.events() == 0);
        await().during(Duration.ofMillis(100)).atMost(WAIT).until(() -> committed(P0) == -1);
    }

    @Test
    void holdsWhatExceedsTheBoundPausedAlsoPartitionsAssignedMeanwhileAndResumes() {
        start(4, P0); // a poll returns at most 4
        produce(P0, 0, 8); // two polls: MockConsumer.rebalance() drops records not yet polled
        await().atMost(WAIT).until(() -> handed.size() == 4);
        await().atMost(WAIT).until(() -> consumer.paused().contains(P0));
        await().during(Duration.ofMillis(100)).atMost(WAIT).until(() -> handed.size() == 4);
        assertThat(tracker.events()).isEqualTo(4);

        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P0, P1)));
        produce(P1, 0, 3);
        await().atMost(WAIT).until(() -> consumer.paused().containsAll(Set.of(P0, P1)));
        await().during(Duration.ofMillis(100)).atMost(WAIT).until(() -> handed.size() == 4);

        handed(P0, 0).completion().recorded();
        await().atMost(WAIT).until(() -> handed.size() == 5);
        await().during(Duration.ofMillis(100)).atMost(WAIT).until(() -> handed.size() == 5);
        assertThat(tracker.events()).isEqualTo(4);
        assertThat(consumer.paused()).as("still buffered").containsAll(Set.of(P0, P1));

        Set<Handed> done = new java.util.HashSet<>(List.of(handed(P0, 0)));
        while (done.size() < 11) {
            await().atMost(WAIT).until(() -> handed.size() > done.size());
            assertThat(tracker.events()).isLessThanOrEqualTo(4);
            for (Handed h : List.copyOf(handed)) {
                if (done.add(h)) {
                    h.completion().recorded();
                }
            }
        }
        assertThat(handed.stream().filter(h -> h.record().partition() == 0).map(Handed::offset))
                .as("in order, none twice").containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(handed.stream().filter(h -> h.record().partition() == 1).map(Handed::offset))
                .containsExactly(0L, 1L, 2L);
        await().atMost(WAIT).until(() -> consumer.paused().isEmpty());
        await().atMost(WAIT).until(() -> committed(P1) == 3);
        await().atMost(WAIT).until(() -> committed(P0) == 8);
    }

    @Test
    void neverMoreThanMaxInFlightEventsAreReadAndNotRecorded() throws Exception {
        int perPartition = 1500;
        AtomicInteger open = new AtomicInteger();
        AtomicInteger maxOpen = new AtomicInteger();
        ExecutorService pipeline = Executors.newFixedThreadPool(3);
        try {
            ConsumerContainer c = start(10, r -> (int) (r.offset() % 3), h -> {
                int now = open.incrementAndGet();
                maxOpen.accumulateAndGet(now, Math::max);
                int functions = (int) (h.offset() % 3);
                AtomicInteger left = new AtomicInteger(functions);
                for (int i = 0; i < functions; i++) {
                    pipeline.execute(() -> {
                        if (ThreadLocalRandom.current().nextInt(4) == 0) {
                            Thread.yield();
                        }
                        if (left.decrementAndGet() == 0) {
                            open.decrementAndGet(); // before the last record: the container may then read more
                        }
                        h.completion().recorded();
                    });
                }
            }, P0, P1);
            assertThat(c.pollBatch()).as("max.poll.records 500 capped at the bound").isEqualTo(10);
            produce(P0, 0, perPartition);
            produce(P1, 0, perPartition);
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(P0) == perPartition
                    && committed(P1) == perPartition);
            assertThat(maxOpen.get()).isLessThanOrEqualTo(10);
            assertThat(handed).hasSize(2 * perPartition * 2 / 3);
            assertThat(tracker.events()).isZero();
        } finally {
            pipeline.shutdownNow();
            pipeline.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void revocationCommitsTheRecordedPrefixAndFencesTheRestWhileWhatFinishesIsStillRecorded() {
        start(100, P0, P1);
        produce(P0, 0, 3);
        produce(P1, 0, 2);
        await().atMost(WAIT).until(() -> handed.size() == 5);
        handed(P0, 0).completion().recorded();

        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1))); // P0 goes to another instance
        await().atMost(WAIT).until(() -> handed(P0, 1).completion().fenced());
        assertThat(committed(P0)).as("committed at revocation").isEqualTo(1);
        assertThat(handed(P0, 2).completion().fenced()).isTrue();
        assertThat(handed(P1, 0).completion().fenced()).isFalse();
        assertThat(tracker.rebalanceReexecutions()).isEqualTo(2);
        assertThat(tracker.events()).as("fenced runs stay counted until they end").isEqualTo(4);

        handed(P0, 1).completion().recorded(); // an attempt that was running: recorded, not committed here
        handed(P0, 2).completion().abandoned();
        handed(P1, 0).completion().recorded();
        await().atMost(WAIT).until(() -> committed(P1) == 1);
        assertThat(tracker.events()).isEqualTo(1);
        assertThat(committed(P0)).isEqualTo(1);

        int lookupsBefore = (int) lookups.stream().filter(P0::equals).count();
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P0, P1))); // P0 comes back
        consumer.schedulePollTask(() -> consumer.seek(P0, 1));
        produce(P0, 1, 2);
        await().atMost(WAIT).until(() -> handed.stream().filter(h -> h.record().partition() == 0).count() == 5);
        assertThat(lookups.stream().filter(P0::equals).count()).as("recorded work looked up again")
                .isEqualTo(lookupsBefore + 1);
        List<Handed> again = new ArrayList<>(handed.subList(5, handed.size()));
        again.forEach(h -> assertThat(h.completion().fenced()).isFalse());
        again.forEach(h -> h.completion().recorded());
        await().atMost(WAIT).until(() -> committed(P0) == 3);
    }
}
