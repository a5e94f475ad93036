package io.faas.api;

import java.util.Map;

/**
 * A function's subscription to one topic: its events start the function, those that match the
 * filter if there is one, in the version (or versions) its alias points to.
 *
 * @param topic  name of the topic
 * @param filter content filter the events must match; {@code null} for every event
 * @param alias  the {@link Alias} whose version runs; {@link Alias#LATEST} (also for {@code null}),
 *               the function's newest version, by default (since 0.2)
 * @since 0.2
 */
public record Subscription(String topic, EventFilter filter, String alias) {

    public Subscription {
        Names.requireTopicName(topic);
        alias = alias == null ? Alias.LATEST : Names.requireAliasName(alias);
    }

    /** A subscription that runs the function's newest version. */
    public Subscription(String topic, EventFilter filter) {
        this(topic, filter, Alias.LATEST);
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

    /** This subscription, running the versions of another alias. */
    public Subscription withAlias(String alias) {
        return new Subscription(topic, filter, alias);
    }

    /** Whether it runs the function's newest version ({@link Alias#LATEST}). */
    public boolean latest() {
        return Alias.LATEST.equals(alias);
    }

    /** Whether the subscription takes every event of its topic. */
    public boolean unfiltered() {
        return filter == null;
    }
}
