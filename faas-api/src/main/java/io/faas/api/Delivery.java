package io.faas.api;

import java.util.Objects;

/**
 * What became of the record an invocation sent to its destination ({@link Destinations}): where it
 * was written, or why it could not be.
 *
 * @param topic     destination topic
 * @param partition partition written to; -1 if the send failed
 * @param offset    offset written at; -1 if the send failed
 * @param error     why the send failed (after the producer's retries); {@code null} if it was written
 * @since 0.2
 */
public record Delivery(String topic, int partition, long offset, String error) {

    public Delivery {
        Objects.requireNonNull(topic, "topic");
    }

    /** A record that was written. */
    public static Delivery written(String topic, int partition, long offset) {
        return new Delivery(topic, partition, offset, null);
    }

    /** A send that failed. */
    public static Delivery failed(String topic, String error) {
        return new Delivery(topic, -1, -1, Objects.requireNonNull(error, "error"));
    }

    /** Whether the record was written. */
    public boolean succeeded() {
        return error == null;
    }
}
