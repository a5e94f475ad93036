package io.faas.examples.admin.security;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Who changed what, in the MongoDB collection {@code audit}: one document per write through the
 * API (and per write refused for its role), newest first. Holds methods, paths, names and status
 * codes; never a request body, so never a secret or a token value.
 *
 * <p>Thread-safe.
 */
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    /**
     * One entry.
     *
     * @param id     its id, also the paging cursor
     * @param at     when the request finished
     * @param who    the token's name, {@code anonymous} when authentication is off
     * @param method HTTP method
     * @param path   request path
     * @param target the topic, function, token or invocation it was about, when known
     * @param status the answer's status code
     */
    public record Entry(String id, Instant at, String who, String method, String path, String target, int status) {
    }

    /** A page of entries and the cursor of the next (older) one, {@code null} at the end. */
    public record Page(List<Entry> items, String next) {
    }

    private final MongoCollection<Document> audit;

    public AuditLog(MongoDatabase database) {
        this.audit = database.getCollection("audit");
        audit.createIndex(Indexes.descending("at"));
    }

    /** Records an entry; a failure to record is logged, never thrown at the request that caused it. */
    public void record(String who, String method, String path, String target, int status) {
        try {
            audit.insertOne(new Document("_id", new ObjectId()).append("at", new Date()).append("who", who)
                    .append("method", method).append("path", path).append("target", target).append("status", status));
        } catch (RuntimeException e) {
            log.error("could not write the audit entry for {} {} by {} ({}): {}", method, path, who, status,
                    e.getMessage());
        }
    }

    /** Entries newest first, {@code limit} at a time, starting after the cursor of the previous page. */
    public Page page(int limit, String cursor) {
        var filter = cursor == null ? new Document() : Filters.lt("_id", cursorId(cursor));
        List<Entry> items = new ArrayList<>();
        for (Document d : audit.find(filter).sort(Sorts.descending("_id")).limit(limit + 1)) {
            items.add(new Entry(d.getObjectId("_id").toHexString(), d.getDate("at").toInstant(), d.getString("who"),
                    d.getString("method"), d.getString("path"), d.getString("target"), d.getInteger("status", 0)));
        }
        if (items.size() <= limit) {
            return new Page(items, null);
        }
        List<Entry> page = items.subList(0, limit);
        return new Page(List.copyOf(page), page.get(limit - 1).id());
    }

    private static ObjectId cursorId(String cursor) {
        if (!ObjectId.isValid(cursor)) {
            throw new IllegalArgumentException("'cursor' is not one this API returned: " + cursor.length() + " characters");
        }
        return new ObjectId(cursor);
    }
}
