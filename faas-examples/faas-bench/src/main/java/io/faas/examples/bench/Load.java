package io.faas.examples.bench;

import io.faas.api.Event;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Publishes many events fast: a plain asynchronous producer with the same record shape as
 * faas' publisher (JSON value, {@code faas-event-id} header), so the publishing side never
 * limits a throughput figure. Thread-safe.
 */
final class Load implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;

    Load(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "faas-bench-load",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    /** The payload of event {@code i} in every scenario: small JSON, like a typical trigger. */
    static String payload(int i) {
        return "{\"n\":" + i + ",\"user\":\"u" + (i % 97) + "\",\"amount\":" + (i % 1000) + ".5}";
    }

    /** Sends events {@code 0..count-1} with {@link #payload} values and the given keys; waits until all are acked. */
    void send(String topic, int count, IntFunction<String> key) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int i = 0; i < count; i++) {
            sendOne(topic, key == null ? null : key.apply(i), payload(i), failure);
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("could not publish to " + topic, failure.get());
        }
    }

    /** Sends one event without waiting for the ack. */
    void sendAsync(String topic, String key, String payload) {
        sendOne(topic, key, payload, new AtomicReference<>());
    }

    private void sendOne(String topic, String key, String payload, AtomicReference<Exception> failure) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Event.ID_HEADER, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(topic, null, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                payload.getBytes(StandardCharsets.UTF_8), headers), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
