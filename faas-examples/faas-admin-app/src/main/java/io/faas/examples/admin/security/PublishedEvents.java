package io.faas.examples.admin.security;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Which publisher token published which event, in the MongoDB collection {@code published}
 * keyed by event id: what lets a publisher read the invocations of its own events and no others.
 *
 * <p>Thread-safe.
 */
public class PublishedEvents {

    private final MongoCollection<Document> published;

    public PublishedEvents(MongoDatabase database) {
        this.published = database.getCollection("published");
        // A publisher's events newest first (newest), in the index's order; it replaces publisher_1.
        published.createIndex(Indexes.compoundIndex(Indexes.ascending("publisher"), Indexes.descending("at", "_id")),
                new IndexOptions().name("publisher_newest"));
        for (Document index : published.listIndexes()) {
            if ("publisher_1".equals(index.getString("name"))) {
                published.dropIndex("publisher_1");
            }
        }
    }

    public void record(String eventId, String topic, String publisher) {
        try {
            published.insertOne(new Document("_id", eventId).append("publisher", publisher).append("topic", topic)
                    .append("at", new Date()));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    /** Whether the event was published by this publisher. */
    public boolean isOwn(String eventId, String publisher) {
        return eventId != null && published.find(Filters.and(Filters.eq("_id", eventId),
                Filters.eq("publisher", publisher))).first() != null;
    }

    /** The publisher's event ids, newest first, skipping {@code skip} and at most {@code limit}. */
    public List<String> newest(String publisher, int skip, int limit) {
        List<String> ids = new ArrayList<>();
        for (Document d : published.find(Filters.eq("publisher", publisher))
                .sort(Sorts.orderBy(Sorts.descending("at"), Sorts.descending("_id"))).skip(skip).limit(limit)) {
            ids.add(d.getString("_id"));
        }
        return ids;
    }
}
