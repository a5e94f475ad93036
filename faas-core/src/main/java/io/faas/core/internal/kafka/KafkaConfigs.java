package io.faas.core.internal.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Client configurations: our defaults first, then the user's properties, then the few settings
 * the code depends on (serializers, manual commits).
 */
public final class KafkaConfigs {

    private final String bootstrapServers;
    private final Map<String, String> userProperties;

    public KafkaConfigs(String bootstrapServers, Map<String, String> userProperties) {
        this.bootstrapServers = bootstrapServers;
        this.userProperties = Map.copyOf(userProperties);
    }

    public Map<String, Object> admin(String clientId) {
        Map<String, Object> c = base(clientId);
        c.putAll(userProperties);
        return c;
    }

    public Map<String, Object> producer(String clientId) {
        Map<String, Object> c = base(clientId);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        c.putAll(userProperties);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return c;
    }

    /**
     * A consumer that joins no group and commits nothing: it is assigned partitions and seeks
     * (a replay, a look at a topic's records).
     */
    public Map<String, Object> grouplessConsumer(String clientId) {
        Map<String, Object> c = base(clientId);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        c.putAll(userProperties);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.remove(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return c;
    }

    /** A consumer in the dispatcher group: manual commits, reads new topics from the start. */
    public Map<String, Object> groupConsumer(String clientId, String groupId) {
        Map<String, Object> c = base(clientId);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        // A dead instance's partitions move on within the session timeout (Kafka's default: 45 s).
        // 6 s is the broker's default group.min.session.timeout.ms; heartbeats at a quarter of it.
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1500);
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        c.putAll(userProperties);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        if ("consumer".equalsIgnoreCase(String.valueOf(c.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG)))) {
            // The broker assigns partitions in the new protocol; client-side assignors are refused.
            c.remove(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
            c.remove(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
            c.remove(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG); // broker-side: group.consumer.session.timeout.ms
        }
        return c;
    }

    /** Consumer settings a share consumer refuses (Kafka's {@code ShareConsumerConfig}): dropped from the user's. */
    private static final List<String> NOT_FOR_SHARE_GROUPS = List.of(
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG,
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
            ConsumerConfig.GROUP_PROTOCOL_CONFIG, ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG);

    /**
     * A consumer in a share group (KIP-932): explicit acknowledgement, and at most
     * {@code maxPollRecords} records (or the user's {@code max.poll.records}, if lower) acquired
     * per poll, none prefetched, so each instance takes only what it can run and the rest stays
     * available to the other instances.
     */
    public Map<String, Object> shareConsumer(String clientId, String groupId, int maxPollRecords) {
        Map<String, Object> c = base(clientId);
        c.putAll(userProperties);
        NOT_FOR_SHARE_GROUPS.forEach(c::remove);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        Object configured = c.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, configured == null ? maxPollRecords
                : Math.max(1, Math.min(maxPollRecords, Integer.parseInt(configured.toString()))));
        c.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        c.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return c;
    }

    /** A consumer without a group, for reading by assignment (the change signal). */
    public Map<String, Object> standaloneConsumer(String clientId) {
        Map<String, Object> c = base(clientId);
        c.putAll(userProperties);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.remove(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return c;
    }

    private Map<String, Object> base(String clientId) {
        Map<String, Object> c = new HashMap<>();
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return c;
    }
}
