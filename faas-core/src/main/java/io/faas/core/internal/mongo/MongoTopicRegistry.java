package io.faas.core.internal.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import io.faas.api.DuplicateTopicException;
import io.faas.api.Names;
import io.faas.api.Topic;
import io.faas.api.TopicInUseException;
import io.faas.api.TopicNotFoundException;
import io.faas.api.TopicRegistry;
import io.faas.core.internal.RegistryChanges;
import io.faas.core.internal.kafka.KafkaTopicAdmin;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Topics recorded in MongoDB and created in Kafka. Kafka first, then MongoDB: a topic is
 * registered only once it exists, and a failed registration removes what it created.
 */
public final class MongoTopicRegistry implements TopicRegistry {

    private static final Logger log = LoggerFactory.getLogger(MongoTopicRegistry.class);

    private final MongoStore store;
    private final KafkaTopicAdmin admin;
    private final RegistryChanges changes;
    private final Set<String> reserved;

    public MongoTopicRegistry(MongoStore store, KafkaTopicAdmin admin, RegistryChanges changes, Set<String> reserved) {
        this.store = store;
        this.admin = admin;
        this.changes = changes;
        this.reserved = Set.copyOf(reserved);
    }

    @Override
    public Topic create(Topic topic) {
        if (reserved.contains(topic.name()) || topic.name().startsWith("__")) {
            throw new IllegalArgumentException("topic name '" + topic.name() + "' is reserved for faas or Kafka");
        }
        if (get(topic.name()).isPresent()) {
            throw new DuplicateTopicException(topic.name());
        }
        boolean created = admin.create(topic.name(), topic.partitions(), Map.of());
        Topic stored = topic;
        if (!created) {
            int partitions = admin.partitions(topic.name()).orElse(topic.partitions());
            stored = new Topic(topic.name(), partitions, topic.ordering());
            log.info("adopting existing Kafka topic {} with {} partitions", topic.name(), partitions);
        }
        try {
            store.topics().insertOne(Documents.topicDocument(stored, created, Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        } catch (MongoException e) {
            if (MongoErrors.isDuplicateKey(e)) {
                throw new DuplicateTopicException(topic.name());
            }
            if (created) {
                deleteQuietly(topic.name());
            }
            throw MongoErrors.unavailable("record topic " + topic.name(), e);
        }
        changes.changed("topic " + topic.name());
        return stored;
    }

    @Override
    public void delete(String name) {
        Names.requireTopicName(name);
        Document doc = MongoErrors.run("read topic " + name, () -> store.topics().find(Filters.eq("_id", name)).first());
        if (doc == null) {
            throw new TopicNotFoundException(name);
        }
        List<String> users = new ArrayList<>();
        MongoErrors.run("find functions of topic " + name, () -> {
            for (Document f : store.functions().find(Filters.eq("topics", name))
                    .projection(new Document("_id", 1))) {
                users.add(f.getString("_id"));
            }
            return null;
        });
        if (!users.isEmpty()) {
            throw new TopicInUseException(name, users.stream().sorted().toList());
        }
        long deleted = MongoErrors.run("delete topic " + name,
                () -> store.topics().deleteOne(Filters.eq("_id", name)).getDeletedCount());
        if (deleted == 0) {
            throw new TopicNotFoundException(name);
        }
        changes.changed("topic " + name);
        if (Boolean.TRUE.equals(doc.getBoolean("managed"))) {
            deleteQuietly(name);
        }
    }

    private void deleteQuietly(String name) {
        try {
            admin.delete(name);
        } catch (RuntimeException e) {
            log.warn("could not delete Kafka topic {}: {}", name, e.toString());
        }
    }

    @Override
    public List<Topic> list() {
        return MongoErrors.run("list topics", () -> {
            List<Topic> topics = new ArrayList<>();
            for (Document d : store.topics().find().sort(new Document("_id", 1))) {
                topics.add(Documents.toTopic(d));
            }
            return topics;
        });
    }

    @Override
    public Optional<Topic> get(String name) {
        if (!Names.isValidTopicName(name)) {
            return Optional.empty();
        }
        return MongoErrors.run("read topic " + name,
                () -> Optional.ofNullable(store.topics().find(Filters.eq("_id", name)).first()).map(Documents::toTopic));
    }
}
