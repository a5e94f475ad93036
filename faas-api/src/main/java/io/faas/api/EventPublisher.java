package io.faas.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Publishes JSON events to registered topics.
 *
 * <p>Implementations are thread-safe and meant to be shared. Each published event gets a fresh
 * event id, carried in the {@value Event#ID_HEADER} header.
 *
 * @since 0.1
 */
public interface EventPublisher {

    /**
     * Deepest nesting of arrays and objects an event payload may have. It is well under the
     * limits of the JSON readers and writers of faas and its stores, so that an event accepted
     * here can always be written back out (in a ledger page, say) with room for the wrapping.
     */
    int MAX_PAYLOAD_DEPTH = 200;

    /** Publishes {@code payload} without a key. See {@link #publish(String, String, String, Map)}. */
    default PublishReceipt publish(String topic, String payload) {
        return publish(topic, null, payload, Map.of());
    }

    /** Publishes {@code payload} with a key. See {@link #publish(String, String, String, Map)}. */
    default PublishReceipt publish(String topic, String key, String payload) {
        return publish(topic, key, payload, Map.of());
    }

    /**
     * Publishes an event and waits until Kafka has stored it.
     *
     * @param topic   a registered topic
     * @param key     record key, or {@code null}; events with the same key keep their order
     * @param payload JSON text
     * @param headers extra record headers (UTF-8); names starting with {@code faas-} are reserved
     * @throws TopicNotFoundException      if the topic is not registered
     * @throws InvalidEventException       if the payload is not JSON, is nested deeper than
     *                                     {@link #MAX_PAYLOAD_DEPTH}, or a header is reserved
     * @throws PayloadTooLargeException    if the payload is over the size limit
     * @throws ServiceUnavailableException if Kafka did not store it in time
     */
    PublishReceipt publish(String topic, String key, String payload, Map<String, String> headers);

    /**
     * Waits until every function mapped to the receipt's topic has a final ledger record for the
     * event, or until the timeout.
     *
     * @return the records found, by function name; at the deadline, whatever exists by then
     *         (possibly with fewer entries than mapped functions)
     */
    List<Invocation> await(PublishReceipt receipt, Duration timeout);

    /**
     * Publishes an event and waits for the invocations of every function that it triggered.
     *
     * @see #await(PublishReceipt, Duration)
     */
    default List<Invocation> publishAndAwait(String topic, String payload, Duration timeout) {
        return publishAndAwait(topic, null, payload, Map.of(), timeout);
    }

    /**
     * Publishes an event and waits for the invocations of every function that it triggered.
     *
     * @see #await(PublishReceipt, Duration)
     */
    default List<Invocation> publishAndAwait(String topic, String key, String payload, Map<String, String> headers,
                                             Duration timeout) {
        long start = System.nanoTime();
        PublishReceipt receipt = publish(topic, key, payload, headers);
        Duration left = timeout.minusNanos(System.nanoTime() - start);
        return await(receipt, left.isNegative() ? Duration.ZERO : left);
    }
}
