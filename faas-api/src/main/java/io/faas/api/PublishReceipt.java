package io.faas.api;

import java.util.Objects;

/**
 * Where a published event was stored.
 *
 * @param eventId   id the event carries in its {@code faas-event-id} header
 * @param topic     topic written to
 * @param partition partition written to
 * @param offset    offset within the partition
 * @since 0.1
 */
public record PublishReceipt(String eventId, String topic, int partition, long offset) {
    public PublishReceipt {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(topic, "topic");
    }
}
