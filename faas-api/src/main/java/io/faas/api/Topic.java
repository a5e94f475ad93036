package io.faas.api;

import java.util.Objects;

/**
 * A registered Kafka topic.
 *
 * @param name       Kafka topic name
 * @param partitions number of partitions, 1 to 10,000
 * @param ordering   how its events are ordered when they run
 * @since 0.1
 */
public record Topic(String name, int partitions, Ordering ordering) {

    public Topic {
        Names.requireTopicName(name);
        if (partitions < 1 || partitions > 10_000) {
            throw new IllegalArgumentException("partitions of topic '" + name + "' must be between 1 and 10000: "
                    + partitions);
        }
        Objects.requireNonNull(ordering, "ordering");
    }

    /** A topic with one partition and {@link Ordering#KEY} ordering. */
    public static Topic of(String name) {
        return new Topic(name, 1, Ordering.KEY);
    }

    /** A topic with the given partitions and {@link Ordering#KEY} ordering. */
    public static Topic of(String name, int partitions) {
        return new Topic(name, partitions, Ordering.KEY);
    }
}
