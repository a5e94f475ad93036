package io.faas.core.internal.dispatch;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.faas.core.PartitionLag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The consumer group's real backlog: per partition of the given topics, whoever owns it (also a
 * dead instance's partitions before the group notices), the end offset minus the group's
 * committed offset (minus the beginning where the group never committed). So it counts what no
 * instance has read and what was read but not yet recorded. For the topics read through the share
 * group, the share group's start offset stands for the committed offset (everything before it is
 * acknowledged). Asked of Kafka's admin client at most
 * once per {@code maxAge}; the last figures stay when Kafka does not answer. Thread-safe.
 */
final class GroupLag implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupLag.class);
    static final Comparator<PartitionLag> ORDER = Comparator.comparing(PartitionLag::topic)
            .thenComparingInt(PartitionLag::partition);

    private final Supplier<Admin> adminFactory;
    private final String groupId;
    private final String shareGroupId;
    private final Supplier<Set<String>> topics;
    private final Predicate<String> shared;
    private final Duration maxAge;
    private final Duration timeout;
    private final Object refresh = new Object();
    private Admin admin;
    private boolean closed;
    private volatile List<PartitionLag> lag = List.of();
    private volatile long fetchedAt = System.nanoTime() - Long.MAX_VALUE / 2;

    /**
     * @param shared which of the topics the share group {@code shareGroupId} reads
     */
    GroupLag(Supplier<Admin> adminFactory, String groupId, String shareGroupId, Supplier<Set<String>> topics,
             Predicate<String> shared, Duration maxAge, Duration timeout) {
        this.adminFactory = adminFactory;
        this.groupId = groupId;
        this.shareGroupId = shareGroupId;
        this.topics = topics;
        this.shared = shared;
        this.maxAge = maxAge;
        this.timeout = timeout;
    }

    /** Backlog per partition, ordered by topic and partition, at most {@code maxAge} old. */
    List<PartitionLag> lag() {
        if (System.nanoTime() - fetchedAt < maxAge.toNanos()) {
            return lag;
        }
        synchronized (refresh) {
            if (closed || System.nanoTime() - fetchedAt < maxAge.toNanos()) {
                return lag;
            }
            try {
                if (admin == null) {
                    admin = adminFactory.get();
                }
                lag = fetch();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                log.debug("consumer group lag not available: {}", e.toString());
            }
            fetchedAt = System.nanoTime();
            return lag;
        }
    }

    private List<PartitionLag> fetch() throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> names = topics.get();
        if (names.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> topic : admin.describeTopics(names).topicNameValues()
                .entrySet()) {
            try {
                topic.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS).partitions().forEach(p ->
                        latest.put(new TopicPartition(topic.getKey(), p.partition()), OffsetSpec.latest()));
            } catch (ExecutionException e) {
                // a registered topic deleted meanwhile: no backlog
            }
        }
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        committed.keySet().removeIf(tp -> shared.test(tp.topic()));
        List<TopicPartition> sharedPartitions = latest.keySet().stream().filter(tp -> shared.test(tp.topic())).toList();
        if (!sharedPartitions.isEmpty()) {
            try {
                Map<TopicPartition, SharePartitionOffsetInfo> starts = admin.listShareGroupOffsets(Map.of(shareGroupId,
                                new ListShareGroupOffsetsSpec().topicPartitions(sharedPartitions)))
                        .partitionsToOffsetInfo(shareGroupId).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                starts.forEach((tp, info) -> {
                    if (info != null && info.startOffset() >= 0) {
                        committed.put(tp, new OffsetAndMetadata(info.startOffset()));
                    }
                });
            } catch (ExecutionException e) {
                // no share group yet: nothing of those topics acknowledged
            }
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (TopicPartition tp : latest.keySet()) {
            if (committed.get(tp) == null) {
                earliest.put(tp, OffsetSpec.earliest());
            }
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = earliest.isEmpty() ? Map.of()
                : admin.listOffsets(earliest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<PartitionLag> out = new ArrayList<>();
        for (TopicPartition tp : latest.keySet()) {
            OffsetAndMetadata c = committed.get(tp);
            long from = c != null ? c.offset() : starts.get(tp).offset();
            out.add(new PartitionLag(tp.topic(), tp.partition(), Math.max(0, ends.get(tp).offset() - from)));
        }
        out.sort(ORDER);
        return List.copyOf(out);
    }

    @Override
    public void close() {
        synchronized (refresh) {
            closed = true;
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
                admin = null;
            }
        }
    }
}
