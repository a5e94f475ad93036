package io.faas.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An event as the dispatcher read it from Kafka.
 *
 * @param id        event id: the {@code faas-event-id} header set by {@link EventPublisher}, else
 *                  {@code topic-partition-offset}
 * @param topic     topic it was read from
 * @param partition partition it was read from
 * @param offset    offset within the partition
 * @param key       record key as UTF-8 text, {@code null} when the record has none
 * @param payload   record value as UTF-8 text; normally JSON, but not checked here
 * @param headers   record headers as UTF-8 text (last value wins for repeated names)
 * @param timestamp record timestamp
 * @since 0.1
 */
public record Event(String id, String topic, int partition, long offset, String key, String payload,
                    Map<String, String> headers, Instant timestamp) {

    /** Header carrying the event id. */
    public static final String ID_HEADER = "faas-event-id";

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0: " + partition);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0: " + offset);
        }
        Objects.requireNonNull(payload, "payload");
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** Event id used for records published without the {@link #ID_HEADER} header. */
    public static String defaultId(String topic, int partition, long offset) {
        return topic + "-" + partition + "-" + offset;
    }
}
