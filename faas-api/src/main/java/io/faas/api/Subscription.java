package io.faas.api;

import java.util.Map;

/**
 * A function's subscription to one topic: its events start the function, those that match the
 * filter if there is one.
 *
 * @param topic  name of the topic
 * @param filter content filter the events must match; {@code null} for every event
 * @since 0.2
 */
public record Subscription(String topic, EventFilter filter) {

    public Subscription {
        Names.requireTopicName(topic);
    }

    /** Every event of the topic. */
    public static Subscription of(String topic) {
        return new Subscription(topic, null);
    }

    /**
     * The events of the topic that match an EventBridge pattern; a {@code null} or empty pattern
     * takes every event.
     *
     * @throws InvalidFilterException naming the part of the pattern that is not acceptable
     */
    public static Subscription of(String topic, Map<String, ?> pattern) {
        return new Subscription(topic, pattern == null || pattern.isEmpty() ? null : EventFilter.of(pattern));
    }

    /** Whether the subscription takes every event of its topic. */
    public boolean unfiltered() {
        return filter == null;
    }
}
