package io.faas.core.internal.registry;

import io.faas.core.internal.store.Documents;
import io.faas.core.internal.store.MongoErrors;
import io.faas.core.internal.store.MongoStore;
import io.faas.core.internal.store.Quarantine;
import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.faas.api.ConcurrentUpdateException;
import io.faas.api.DuplicateTopicException;
import io.faas.api.Names;
import io.faas.api.Topic;
import io.faas.api.TopicInUseException;
import io.faas.api.TopicNotFoundException;
import io.faas.api.TopicRegistry;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Topics recorded in MongoDB and created in Kafka. Without transactions, each change moves the
 * topic's document through states by compare-and-set on its {@code _id}: a create claims the name
 * ({@code CREATING}) before Kafka is asked and becomes {@code READY} once the Kafka topic exists;
 * a delete moves {@code READY} to {@code DELETING} before it looks for functions, and removes the
 * document only after the Kafka topic. Only {@code READY} topics are listed, found or mappable, so
 * a failed create leaves nothing behind, and a function registered while its topic is being
 * deleted is refused by one side or the other (see {@link MongoFunctionRegistry}).
 */
public final class MongoTopicRegistry implements TopicRegistry {

    private static final Logger log = LoggerFactory.getLogger(MongoTopicRegistry.class);

    static final String STATE = "state";
    static final String CREATING = "CREATING";
    static final String READY = "READY";
    static final String DELETING = "DELETING";
    private static final String SINCE = "since";

    private final MongoStore store;
    private final KafkaTopicAdmin admin;
    private final RegistryChanges changes;
    private final Set<String> reserved;
    private final int maxPartitions;
    private final Duration staleAfter;
    private final Quarantine quarantine = new Quarantine("topic");

    public MongoTopicRegistry(MongoStore store, KafkaTopicAdmin admin, RegistryChanges changes, Set<String> reserved,
                              int maxPartitions, Duration requestTimeout) {
        this.store = store;
        this.admin = admin;
        this.changes = changes;
        this.reserved = Set.copyOf(reserved);
        this.maxPartitions = maxPartitions;
        // a claim older than this was left by a process that died mid-change
        this.staleAfter = requestTimeout.multipliedBy(4).plusSeconds(30);
    }

    /** Filter of the topic documents that are registered (documents from before states count as READY). */
    public static Bson ready() {
        return Filters.nin(STATE, CREATING, DELETING);
    }

    @Override
    public Topic create(Topic topic) {
        if (reserved.contains(topic.name()) || topic.name().startsWith("__")) {
            throw new IllegalArgumentException("topic name '" + topic.name() + "' is reserved for faas or Kafka");
        }
        if (topic.partitions() > maxPartitions) {
            throw new IllegalArgumentException("partitions of topic '" + topic.name() + "' must be at most "
                    + maxPartitions + " (the operator's limit): " + topic.partitions());
        }
        Instant claimedAt = now();
        claim(topic, claimedAt);
        boolean created;
        Topic stored = topic;
        try {
            created = admin.create(topic.name(), topic.partitions(), Map.of());
            if (!created) {
                int partitions = admin.partitions(topic.name()).orElse(topic.partitions());
                stored = new Topic(topic.name(), partitions, topic.ordering());
                log.info("adopting existing Kafka topic {} with {} partitions", topic.name(), partitions);
            }
        } catch (RuntimeException e) {
            release(topic.name(), claimedAt);
            throw e;
        }
        long matched;
        try {
            matched = store.topics().updateOne(claimed(topic.name(), claimedAt), Updates.combine(
                    Updates.set(STATE, READY), Updates.set("partitions", stored.partitions()),
                    Updates.set("managed", created), Updates.set(SINCE, Date.from(now())))).getMatchedCount();
        } catch (MongoException e) {
            if (created) {
                deleteQuietly(topic.name());
            }
            release(topic.name(), claimedAt);
            throw MongoErrors.unavailable("record topic " + topic.name(), e);
        }
        if (matched == 0) {
            // another process took the claim over as stale: its create wins
            if (created) {
                deleteQuietly(topic.name());
            }
            throw new DuplicateTopicException(topic.name());
        }
        changes.changed("topic " + topic.name());
        return stored;
    }

    /** Inserts the {@code CREATING} document, taking over a claim left by a process that died. */
    private void claim(Topic topic, Instant at) {
        Document doc = Documents.topicDocument(topic, false, at).append(STATE, CREATING).append(SINCE, Date.from(at));
        for (int attempt = 0; ; attempt++) {
            try {
                store.topics().insertOne(doc);
                return;
            } catch (MongoException e) {
                if (!MongoErrors.isDuplicateKey(e)) {
                    throw MongoErrors.unavailable("record topic " + topic.name(), e);
                }
            }
            Document existing = MongoErrors.run("read topic " + topic.name(),
                    () -> store.topics().find(Filters.eq("_id", topic.name())).first());
            if (attempt > 0 || existing == null || !isStale(existing)) {
                if (existing != null && DELETING.equals(existing.getString(STATE))) {
                    throw new ConcurrentUpdateException("topic '" + topic.name() + "' is being deleted; retry");
                }
                throw new DuplicateTopicException(topic.name());
            }
            log.warn("taking over topic {}: it was left {} since {}", topic.name(), existing.getString(STATE),
                    existing.getDate(SINCE));
            MongoErrors.run("clear stale topic " + topic.name(), () -> store.topics().deleteOne(Filters.and(
                    Filters.eq("_id", topic.name()), Filters.eq(STATE, existing.getString(STATE)),
                    Filters.eq(SINCE, existing.getDate(SINCE)))));
        }
    }

    private boolean isStale(Document d) {
        String state = d.getString(STATE);
        Date since = d.getDate(SINCE);
        return (CREATING.equals(state) || DELETING.equals(state)) && since != null
                && since.toInstant().plus(staleAfter).isBefore(Instant.now());
    }

    private static Bson claimed(String name, Instant at) {
        return Filters.and(Filters.eq("_id", name), Filters.eq(STATE, CREATING), Filters.eq(SINCE, Date.from(at)));
    }

    private void release(String name, Instant claimedAt) {
        try {
            store.topics().deleteOne(claimed(name, claimedAt));
        } catch (MongoException e) {
            log.warn("could not release the claim on topic {} (taken over after {}): {}", name, staleAfter,
                    e.getMessage());
        }
    }

    @Override
    public void delete(String name) {
        Names.requireTopicName(name);
        Document doc = MongoErrors.run("read topic " + name, () -> store.topics().find(Filters.eq("_id", name)).first());
        if (doc == null || !isReady(doc)) {
            throw new TopicNotFoundException(name);
        }
        Instant at = now();
        Bson deleting = Filters.and(Filters.eq("_id", name), Filters.eq(STATE, DELETING), Filters.eq(SINCE, Date.from(at)));
        long marked = MongoErrors.run("delete topic " + name, () -> store.topics().updateOne(
                Filters.and(Filters.eq("_id", name), ready()),
                Updates.combine(Updates.set(STATE, DELETING), Updates.set(SINCE, Date.from(at)))).getMatchedCount());
        if (marked == 0) {
            throw new TopicNotFoundException(name);
        }
        // From here no function can be mapped to it: a registration that read the topic READY
        // before the mark has already stored its function, and is found now.
        List<String> users;
        try {
            users = users(name);
        } catch (RuntimeException e) {
            restore(name, deleting);
            throw e;
        }
        if (!users.isEmpty()) {
            restore(name, deleting);
            throw new TopicInUseException(name, users);
        }
        if (Boolean.TRUE.equals(doc.getBoolean("managed"))) {
            try {
                admin.delete(name);
            } catch (RuntimeException e) {
                restore(name, deleting);
                throw e;
            }
        }
        MongoErrors.run("delete topic " + name, () -> store.topics().deleteOne(deleting));
        changes.changed("topic " + name);
    }

    private List<String> users(String name) {
        return MongoErrors.run("find functions of topic " + name, () -> {
            List<String> users = new ArrayList<>();
            for (Document f : store.functions()
                    .find(Filters.or(Filters.eq("topics", name), Filters.eq("destinationTopics", name)))
                    .projection(new Document("_id", 1))) {
                users.add(f.getString("_id"));
            }
            return users.stream().sorted().toList();
        });
    }

    private void restore(String name, Bson deleting) {
        try {
            store.topics().updateOne(deleting, Updates.combine(Updates.set(STATE, READY),
                    Updates.set(SINCE, Date.from(now()))));
        } catch (MongoException e) {
            log.warn("could not put topic {} back after a failed delete; deleting it again will finish: {}", name,
                    e.getMessage());
        }
    }

    private void deleteQuietly(String name) {
        try {
            admin.delete(name);
        } catch (RuntimeException e) {
            log.warn("could not delete Kafka topic {}: {}", name, e.toString());
        }
    }

    static boolean isReady(Document d) {
        String state = d.getString(STATE);
        return !CREATING.equals(state) && !DELETING.equals(state);
    }

    @Override
    public List<Topic> list() {
        return MongoErrors.run("list topics", () -> {
            List<Topic> topics = new ArrayList<>();
            for (Document d : store.topics().find(ready()).sort(new Document("_id", 1))) {
                quarantine.read(d, Documents::toTopic).ifPresent(topics::add);
            }
            return topics;
        });
    }

    @Override
    public Optional<Topic> get(String name) {
        if (!Names.isValidTopicName(name)) {
            return Optional.empty();
        }
        return MongoErrors.run("read topic " + name, () -> Optional.ofNullable(
                store.topics().find(Filters.and(Filters.eq("_id", name), ready())).first())
                .flatMap(d -> quarantine.read(d, Documents::toTopic)));
    }

    @Override
    public List<String> invalid() {
        return MongoErrors.run("list topics", () -> {
            List<String> ids = new ArrayList<>();
            for (Document d : store.topics().find(ready()).sort(new Document("_id", 1))) {
                if (quarantine.read(d, Documents::toTopic).isEmpty()) {
                    ids.add(String.valueOf(d.get("_id")));
                }
            }
            return ids;
        });
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
