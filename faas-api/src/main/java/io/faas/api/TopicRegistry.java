package io.faas.api;

import java.util.List;
import java.util.Optional;

/**
 * Creates and deletes the Kafka topics that trigger functions.
 *
 * <p>Implementations are thread-safe. Creating a topic creates it in Kafka (or adopts an
 * existing Kafka topic of that name) and records it; running dispatchers subscribe to it within
 * about a second.
 *
 * @since 0.1
 */
public interface TopicRegistry {

    /**
     * Creates the topic.
     *
     * @return the topic as created (an adopted Kafka topic keeps its partition count)
     * @throws DuplicateTopicException if it is already registered
     */
    Topic create(Topic topic);

    /**
     * Deletes the topic from the registry and from Kafka.
     *
     * @throws TopicNotFoundException if it is not registered
     * @throws TopicInUseException    while functions are mapped to it
     */
    void delete(String name);

    /** Every registered topic, by name. */
    List<Topic> list();

    /** The named topic. */
    Optional<Topic> get(String name);

    /**
     * Names of stored topics that no longer read back as a {@link Topic} (written by an older
     * version, or edited by hand): they are left out of {@link #list()} and {@link #get(String)}
     * but can be deleted.
     *
     * @since 0.2
     */
    default List<String> invalid() {
        return List.of();
    }
}
