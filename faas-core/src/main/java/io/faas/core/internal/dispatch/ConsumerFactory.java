package io.faas.core.internal.dispatch;

import org.apache.kafka.clients.consumer.Consumer;

import java.util.Map;

/**
 * Makes the consumer a {@link ConsumerContainer} owns, from the configuration the container
 * decided on (spring-kafka's {@code ConsumerFactory}): {@code KafkaConsumer::new} in production,
 * a {@code MockConsumer} in tests.
 */
@FunctionalInterface
public interface ConsumerFactory {

    Consumer<byte[], byte[]> create(Map<String, Object> configs);
}
