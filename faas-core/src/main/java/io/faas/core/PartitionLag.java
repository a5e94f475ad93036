package io.faas.core;

import java.util.Collection;
import java.util.Objects;

/**
 * How far a consumer group is behind on one partition: records it has not yet committed.
 *
 * @param topic     the partition's topic
 * @param partition the partition's number, from 0
 * @param lag       records behind, at least 0
 * @since 0.2
 */
public record PartitionLag(String topic, int partition, long lag) {

    public PartitionLag {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0: " + partition);
        }
        if (lag < 0) {
            throw new IllegalArgumentException("lag must be >= 0: " + lag);
        }
    }

    /** The lag of all {@code partitions} together. */
    public static long total(Collection<PartitionLag> partitions) {
        long sum = 0;
        for (PartitionLag p : partitions) {
            sum += p.lag();
        }
        return sum;
    }
}
