package io.faas.core.internal.store;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.faas.core.spi.Lease;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

/**
 * A {@link Lease} as one document of the {@code leases} collection, {@code _id} the lease's name,
 * with its {@code holder} and {@code expiresAt}. Taking and renewing is one conditional upsert:
 * it matches only if this instance holds the lease or it has expired; when another holds it, the
 * upsert's insert collides on {@code _id} (E11000) and changes nothing. So it is atomic on any
 * MongoDB-compatible server, with no transaction and no index but {@code _id}.
 *
 * <p>Expiry compares this host's clock with the holder's: clocks more than a few seconds apart
 * shorten or lengthen a lease by that much. Thread-safe.
 */
public final class MongoLease implements Lease {

    private final MongoCollection<Document> leases;
    private final String name;
    private final String holder;
    private final Clock clock;

    public MongoLease(MongoStore store, String name, String holder, Clock clock) {
        this.leases = store.leases();
        this.name = Objects.requireNonNull(name, "name");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String holder() {
        return holder;
    }

    @Override
    public boolean acquire(Duration ttl) {
        Instant now = clock.instant();
        try {
            leases.updateOne(
                    Filters.and(Filters.eq("_id", name),
                            Filters.or(Filters.eq("holder", holder), Filters.lt("expiresAt", Date.from(now)))),
                    Updates.combine(Updates.set("holder", holder), Updates.set("expiresAt", Date.from(now.plus(ttl))),
                            Updates.set("renewedAt", Date.from(now))),
                    new UpdateOptions().upsert(true));
            return true;
        } catch (MongoException e) {
            if (MongoErrors.isDuplicateKey(e)) {
                return false; // held by another, not expired
            }
            throw MongoErrors.unavailable("renew the lease " + name, e);
        }
    }

    /** The current holder, if the lease is held and not expired. */
    public java.util.Optional<String> currentHolder() {
        Document d = MongoErrors.run("read the lease " + name, () -> leases.find(Filters.eq("_id", name)).first());
        if (d == null || d.getDate("expiresAt").toInstant().isBefore(clock.instant())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(d.getString("holder"));
    }

    @Override
    public void release() {
        MongoErrors.run("release the lease " + name, () ->
                leases.deleteOne(Filters.and(Filters.eq("_id", name), Filters.eq("holder", holder))));
    }
}
