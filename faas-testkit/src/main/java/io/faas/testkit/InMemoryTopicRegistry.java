package io.faas.testkit;

import io.faas.api.DuplicateTopicException;
import io.faas.api.Topic;
import io.faas.api.TopicInUseException;
import io.faas.api.TopicNotFoundException;
import io.faas.api.TopicRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A {@link TopicRegistry} that keeps topics in memory and touches no Kafka: a test double for
 * host applications' unit tests.
 *
 * <p>It honours the contract's errors: {@link DuplicateTopicException} on a second create,
 * {@link TopicNotFoundException} on deleting an unknown topic, and {@link TopicInUseException}
 * while an {@link InMemoryFunctionRegistry} built on it maps functions to the topic.
 *
 * <p>Thread-safe; every operation is atomic, also with respect to the function registries built
 * on it.
 *
 * @since 0.1
 */
public final class InMemoryTopicRegistry implements TopicRegistry {
    /** Shared with the function registries built on this one, so a delete and a register never interleave. */
    final Object lock = new Object();
    private final Map<String, Topic> topics = new TreeMap<>();
    private final List<Function<String, List<String>>> users = new CopyOnWriteArrayList<>();

    /** An empty registry. */
    public InMemoryTopicRegistry() {
    }

    /** A registry holding the named topics, each with one partition. */
    public static InMemoryTopicRegistry withTopics(String... names) {
        InMemoryTopicRegistry registry = new InMemoryTopicRegistry();
        for (String name : names) {
            registry.create(Topic.of(name));
        }
        return registry;
    }

    @Override
    public Topic create(Topic topic) {
        Objects.requireNonNull(topic, "topic");
        synchronized (lock) {
            if (topics.containsKey(topic.name())) {
                throw new DuplicateTopicException(topic.name());
            }
            topics.put(topic.name(), topic);
            return topic;
        }
    }

    @Override
    public void delete(String name) {
        Objects.requireNonNull(name, "name");
        synchronized (lock) {
            if (!topics.containsKey(name)) {
                throw new TopicNotFoundException(name);
            }
            TreeSet<String> using = new TreeSet<>();
            for (Function<String, List<String>> user : users) {
                using.addAll(user.apply(name));
            }
            if (!using.isEmpty()) {
                throw new TopicInUseException(name, new ArrayList<>(using));
            }
            topics.remove(name);
        }
    }

    @Override
    public List<Topic> list() {
        synchronized (lock) {
            return List.copyOf(topics.values());
        }
    }

    @Override
    public Optional<Topic> get(String name) {
        synchronized (lock) {
            return Optional.ofNullable(topics.get(name));
        }
    }

    /** Registers a source of "functions mapped to this topic", consulted on delete under the lock. */
    void usedBy(Function<String, List<String>> functionsOnTopic) {
        users.add(functionsOnTopic);
    }

    @Override
    public String toString() {
        return "InMemoryTopicRegistry" + list().stream().map(Topic::name).toList();
    }
}
