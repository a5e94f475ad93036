package io.faas.examples.admin.security;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.types.ObjectId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Saved test events, in the MongoDB collection {@code saved_events}: a named payload (JSON text) and
 * optional key for one function or one topic, reused from the Publish page like Lambda's test
 * events. {@code slot} ({@code kind:target:name}) is unique, so a target never has two events of one
 * name (a unique single-field index: the embedded server enforces those, not compound ones).
 *
 * <p>Thread-safe.
 */
public class SavedEvents {

    /** What a saved event is for. */
    public enum Kind { TOPIC, FUNCTION }

    /**
     * One saved event.
     *
     * @param id      its id
     * @param name    its name, unique per target
     * @param kind    whether {@code target} names a topic or a function
     * @param target  the topic or function
     * @param payload the event as JSON text
     * @param key     the Kafka key, or {@code null}
     */
    public record SavedEvent(String id, String name, Kind kind, String target, String payload, String key,
                             String savedBy, Instant createdAt, Instant updatedAt) {
    }

    /** Thrown when the target already has an event of that name. */
    public static final class DuplicateNameException extends RuntimeException {
        DuplicateNameException(String name, String target) {
            super("'" + target + "' already has a saved event named '" + name + "'", null, false, false);
        }
    }

    private final MongoCollection<Document> events;

    public SavedEvents(MongoDatabase database) {
        this.events = database.getCollection("saved_events");
        events.createIndex(Indexes.ascending("slot"), new IndexOptions().unique(true).name("slot_unique"));
        events.createIndex(Indexes.ascending("kind", "target", "name"), new IndexOptions().name("target_name"));
    }

    /** Stores a new event; {@link DuplicateNameException} when the target has one of that name. */
    public SavedEvent create(String name, Kind kind, String target, String payload, String key, String who) {
        Date now = new Date();
        Document d = new Document("_id", new ObjectId()).append("slot", slot(kind, target, name)).append("name", name)
                .append("kind", kind.name()).append("target", target).append("payload", payload).append("key", key)
                .append("savedBy", who).append("createdAt", now).append("updatedAt", now);
        try {
            events.insertOne(d);
        } catch (MongoWriteException e) {
            throw duplicate(e, name, target);
        }
        return of(d);
    }

    /** Events of one target, by name; or of every target (by kind, target and name) when {@code kind} is null. */
    public List<SavedEvent> list(Kind kind, String target, int limit) {
        var filter = kind == null ? new Document() : Filters.and(Filters.eq("kind", kind.name()),
                Filters.eq("target", target));
        List<SavedEvent> out = new ArrayList<>();
        for (Document d : events.find(filter).sort(Sorts.ascending("kind", "target", "name")).limit(limit)) {
            out.add(of(d));
        }
        return out;
    }

    /** How many events the target has. */
    public long count(Kind kind, String target) {
        return events.countDocuments(Filters.and(Filters.eq("kind", kind.name()), Filters.eq("target", target)));
    }

    public Optional<SavedEvent> find(String id) {
        if (!ObjectId.isValid(id)) {
            return Optional.empty();
        }
        return Optional.ofNullable(events.find(Filters.eq("_id", new ObjectId(id))).first()).map(SavedEvents::of);
    }

    /** Replaces name, payload and key of an event; empty when it does not exist. */
    public Optional<SavedEvent> update(SavedEvent existing, String name, String payload, String key, String who) {
        try {
            Document d = events.findOneAndUpdate(Filters.eq("_id", new ObjectId(existing.id())), Updates.combine(
                            Updates.set("name", name), Updates.set("slot", slot(existing.kind(), existing.target(), name)),
                            Updates.set("payload", payload), Updates.set("key", key), Updates.set("savedBy", who),
                            Updates.set("updatedAt", new Date())),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            return Optional.ofNullable(d).map(SavedEvents::of);
        } catch (MongoWriteException e) {
            throw duplicate(e, name, existing.target());
        }
    }

    /** Whether there was such an event to delete. */
    public boolean delete(String id) {
        return ObjectId.isValid(id) && events.deleteOne(Filters.eq("_id", new ObjectId(id))).getDeletedCount() == 1;
    }

    private static RuntimeException duplicate(MongoWriteException e, String name, String target) {
        return e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY ? new DuplicateNameException(name, target) : e;
    }

    private static String slot(Kind kind, String target, String name) {
        return kind.name() + ":" + target + ":" + name;
    }

    private static SavedEvent of(Document d) {
        return new SavedEvent(d.getObjectId("_id").toHexString(), d.getString("name"), Kind.valueOf(d.getString("kind")),
                d.getString("target"), d.getString("payload"), d.getString("key"), d.getString("savedBy"),
                d.getDate("createdAt").toInstant(), d.getDate("updatedAt").toInstant());
    }
}
