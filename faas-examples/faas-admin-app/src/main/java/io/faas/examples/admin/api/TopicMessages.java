package io.faas.examples.admin.api;

import io.faas.api.Event;
import io.faas.api.ServiceUnavailableException;
import io.faas.core.FaasSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a topic's offsets and its latest records with a short-lived consumer that {@code assign}s
 * partitions and seeks: it has no group, so it never joins the dispatchers' group nor moves its
 * offsets. At most {@link #MAX_MESSAGES} records and {@link #MAX_BYTES} bytes of values per read;
 * a value over {@link #MAX_VALUE_CHARS} characters is cut (and says so).
 *
 * <p>Thread-safe: every read has a consumer of its own.
 */
@Component
class TopicMessages {

    static final int MAX_MESSAGES = 100;
    static final int MAX_BYTES = 1024 * 1024;
    static final int MAX_VALUE_CHARS = 16 * 1024;

    /** One partition's offsets: the first kept and the next to be written. */
    record Offsets(int partition, long earliest, long latest) {
    }

    /** One record, newest first in a list; {@code value} is text, cut at {@link #MAX_VALUE_CHARS}. */
    record Message(int partition, long offset, Instant timestamp, String key, String eventId, String value,
                   boolean truncated) {
    }

    private final FaasSettings settings;

    TopicMessages(FaasSettings settings) {
        this.settings = settings;
    }

    /** The partitions' offsets, by partition. */
    List<Offsets> offsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(MAX_BYTES)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout());
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout());
            return partitions.stream().map(tp -> new Offsets(tp.partition(), begin.getOrDefault(tp, 0L),
                    end.getOrDefault(tp, 0L))).toList();
        } catch (KafkaException e) {
            throw new ServiceUnavailableException("Kafka failed to read the offsets of topic " + topic + ": "
                    + e.getMessage(), e);
        }
    }

    /** The {@code limit} newest records over all partitions, newest first (by timestamp, then offset). */
    List<Message> latest(String topic, int limit) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(MAX_BYTES)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout());
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout());
            Map<TopicPartition, Long> remaining = new HashMap<>();
            Map<TopicPartition, Long> start = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long last = end.getOrDefault(tp, 0L);
                long from = Math.max(begin.getOrDefault(tp, 0L), last - limit);
                if (from < last) {
                    start.put(tp, from);
                    remaining.put(tp, last);
                }
            }
            if (remaining.isEmpty()) {
                return List.of();
            }
            consumer.assign(List.copyOf(remaining.keySet()));
            start.forEach(consumer::seek);
            List<Message> messages = new ArrayList<>();
            long bytes = 0;
            long deadline = System.nanoTime() + timeout().toNanos();
            while (!remaining.isEmpty() && bytes < MAX_BYTES && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    Long stop = remaining.get(tp);
                    if (stop == null || r.offset() >= stop) {
                        continue;
                    }
                    if (r.offset() + 1 >= stop) {
                        remaining.remove(tp);
                        consumer.pause(List.of(tp));
                    }
                    bytes += r.value() == null ? 0 : r.value().length;
                    messages.add(message(r));
                }
                // a partition whose last offsets are not records (transaction markers, compacted away)
                for (TopicPartition tp : List.copyOf(remaining.keySet())) {
                    if (consumer.position(tp, timeout()) >= remaining.get(tp)) {
                        remaining.remove(tp);
                    }
                }
            }
            messages.sort(Comparator.comparing(Message::timestamp).thenComparing(Message::offset).reversed());
            return List.copyOf(messages.subList(0, Math.min(limit, messages.size())));
        } catch (KafkaException e) {
            throw new ServiceUnavailableException("Kafka failed to read the latest records of topic " + topic + ": "
                    + e.getMessage(), e);
        }
    }

    private static Message message(ConsumerRecord<byte[], byte[]> r) {
        String value = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
        boolean cut = value != null && value.length() > MAX_VALUE_CHARS;
        Header id = r.headers().lastHeader(Event.ID_HEADER);
        return new Message(r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()),
                r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                id == null ? null : new String(id.value(), StandardCharsets.UTF_8),
                cut ? value.substring(0, MAX_VALUE_CHARS) : value, cut);
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout());
        List<TopicPartition> out = new ArrayList<>();
        for (PartitionInfo p : infos == null ? List.<PartitionInfo>of() : infos) {
            out.add(new TopicPartition(topic, p.partition()));
        }
        out.sort(Comparator.comparingInt(TopicPartition::partition));
        return out;
    }

    private Duration timeout() {
        return settings.requestTimeout();
    }

    private KafkaConsumer<byte[], byte[]> consumer(int maxBytes) {
        Map<String, Object> c = new HashMap<>(settings.kafkaProperties());
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "faas-admin-topic-reader");
        c.remove(ConsumerConfig.GROUP_ID_CONFIG); // no group: assign and seek only, nothing committed
        c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_MESSAGES);
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, maxBytes);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxBytes);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(c);
    }
}
