package io.faas.core.internal.ledger;

import io.faas.core.internal.store.Documents;
import io.faas.core.internal.store.MongoErrors;
import io.faas.core.internal.store.MongoStore;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.faas.api.Invocation;
import io.faas.api.InvocationStatus;
import io.faas.api.InvocationPage;
import io.faas.api.InvocationQuery;
import io.faas.api.InvocationStore;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The invocation ledger in MongoDB's {@code invocations} collection, keyed by {@link Invocation#idOf}. */
public final class MongoInvocationStore implements InvocationStore {

    private final MongoStore store;
    private final LedgerRetention retention;

    public MongoInvocationStore(MongoStore store, LedgerRetention retention) {
        this.store = store;
        this.retention = retention;
    }

    @Override
    public Optional<Invocation> find(String id) {
        return MongoErrors.run("read invocation " + id, () -> Optional.ofNullable(
                store.invocations().find(Filters.eq("_id", id)).first()).map(Documents::toInvocation));
    }

    @Override
    public List<Invocation> forEvent(String eventId) {
        return MongoErrors.run("read invocations of event " + eventId, () -> {
            List<Invocation> list = new ArrayList<>();
            for (Document d : store.invocations().find(Filters.eq("eventId", eventId)).sort(new Document("function", 1))) {
                list.add(Documents.toInvocation(d));
            }
            return list;
        });
    }

    @Override
    public InvocationPage query(InvocationQuery q) {
        List<Bson> filters = new ArrayList<>();
        if (q.function() != null) {
            filters.add(Filters.eq("function", q.function()));
        }
        if (q.topic() != null) {
            filters.add(Filters.eq("topic", q.topic()));
        }
        if (q.status() != null) {
            filters.add(Filters.eq("status", q.status().name()));
        }
        if (q.eventId() != null) {
            // the event's own records and, when it started a chain, those of every event after it
            filters.add(Filters.or(Filters.eq("eventId", q.eventId()), Filters.eq("rootEventId", q.eventId())));
        }
        if (q.from() != null) {
            filters.add(Filters.gte("queuedAt", Date.from(q.from())));
        }
        if (q.to() != null) {
            filters.add(Filters.lt("queuedAt", Date.from(q.to())));
        }
        return page(store.invocations(), filters, q.limit(), q.cursor());
    }

    /**
     * A page of a replay's records ({@code replay_invocations}), newest first.
     *
     * @throws IllegalArgumentException if the cursor is not one this store gave
     */
    public InvocationPage replayPage(String replayId, int limit, String cursor) {
        if (limit < 1 || limit > InvocationQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + InvocationQuery.MAX_LIMIT + ": " + limit);
        }
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.eq("replayId", replayId));
        return page(store.replayInvocations(), filters, limit, cursor);
    }

    private static InvocationPage page(MongoCollection<Document> records, List<Bson> filters, int limit,
                                       String cursor) {
        if (cursor != null) {
            Cursor c = Cursor.decode(cursor);
            // The first condition is implied by the second; it bounds the index scan to the page.
            filters.add(Filters.lte("queuedAt", new Date(c.queuedAtMillis())));
            filters.add(Filters.or(Filters.lt("queuedAt", new Date(c.queuedAtMillis())),
                    Filters.and(Filters.eq("queuedAt", new Date(c.queuedAtMillis())), Filters.lt("_id", c.id()))));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        return MongoErrors.run("query invocations", () -> {
            FindIterable<Document> found = records.find(filter)
                    .sort(new Document("queuedAt", -1).append("_id", -1))
                    .limit(limit + 1);
            List<Invocation> items = new ArrayList<>();
            for (Document d : found) {
                items.add(Documents.toInvocation(d));
            }
            String next = null;
            if (items.size() > limit) {
                items = items.subList(0, limit);
                Invocation last = items.get(items.size() - 1);
                next = new Cursor(last.queuedAt().toEpochMilli(), last.id()).encode();
            }
            return new InvocationPage(items, next);
        });
    }

    /** Ids of final records for the partition at or after {@code fromOffset}: work a redelivery can skip. */
    public Set<String> finalIdsFrom(String topic, int partition, long fromOffset) {
        return finalIds(topic, partition, Filters.gte("offset", fromOffset));
    }

    /** Ledger ids of one event's final records (a share group's redelivered record). */
    public Set<String> finalIdsAt(String topic, int partition, long offset) {
        return finalIds(topic, partition, Filters.eq("offset", offset));
    }

    private Set<String> finalIds(String topic, int partition, Bson offsets) {
        return MongoErrors.run("read recorded invocations of " + topic + "-" + partition, () -> {
            Set<String> ids = new HashSet<>();
            for (Document d : store.invocations()
                    .find(Filters.and(Filters.eq("topic", topic), Filters.eq("partition", partition),
                            offsets, Filters.ne("status", "RUNNING")))
                    .projection(new Document("_id", 1))) {
                ids.add(d.getString("_id"));
            }
            return ids;
        });
    }

    /** Writes one record, replacing any record with the same id (used by redrive). */
    public void replace(Invocation invocation) {
        MongoErrors.run("store invocation " + invocation.id(), () -> store.invocations().replaceOne(
                Filters.eq("_id", invocation.id()), retention.document(invocation),
                new ReplaceOptions().upsert(true)));
    }

    /**
     * Claims a final record for a redrive: replaces it with {@code running} only if it is still
     * {@code previous} as far as a redrive cares (same status and number of redrives), an atomic
     * compare-and-set, so exactly one of concurrent redrives of one record wins.
     *
     * @return whether this call won
     */
    public boolean claimForRedrive(Invocation previous, Invocation running) {
        return MongoErrors.run("redrive invocation " + previous.id(), () -> store.invocations().replaceOne(
                Filters.and(Filters.eq("_id", previous.id()), Filters.eq("status", previous.status().name()),
                        redriveCount(previous.redrives().size())),
                retention.document(running)).getMatchedCount() == 1);
    }

    /**
     * Replaces a record that a redrive holds RUNNING ({@code redriveCount} redrives so far) with
     * {@code replacement}: its outcome, or the previous final state when the redrive is handed back.
     *
     * @return false if the record is no longer held by that redrive
     */
    public boolean replaceRunning(int redriveCount, Invocation replacement) {
        return MongoErrors.run("store invocation " + replacement.id(), () -> store.invocations().replaceOne(
                heldByRedrive(replacement.id(), redriveCount), retention.document(replacement))
                .getMatchedCount() == 1);
    }

    /** The record {@code id} while the redrive that made it the {@code redriveCount}-th holds it RUNNING. */
    static Bson heldByRedrive(String id, int redriveCount) {
        return Filters.and(Filters.eq("_id", id), Filters.eq("status", InvocationStatus.RUNNING.name()),
                redriveCount(redriveCount));
    }

    /** Records written before redrives were counted have no count: they were never redriven. */
    private static Bson redriveCount(int n) {
        return n == 0 ? Filters.or(Filters.eq("redriveCount", 0), Filters.exists("redriveCount", false))
                : Filters.eq("redriveCount", n);
    }

    /** Position in the newest-first order: the last record of a page. */
    record Cursor(long queuedAtMillis, String id) {
        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((queuedAtMillis + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text) {
            try {
                String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int bar = s.indexOf('|');
                return new Cursor(Long.parseLong(s.substring(0, bar)), s.substring(bar + 1));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("invalid cursor: " + text);
            }
        }
    }
}
