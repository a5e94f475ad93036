package io.faas.core.internal.ledger;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.faas.core.internal.store.MongoErrors;
import io.faas.core.internal.store.MongoStore;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the events that content filters kept from each function: in memory per event, then
 * flushed every few seconds ({@code faas-filtered}) to MongoDB as one {@code $inc} per function and
 * minute, so the counts of every instance add up and survive restarts without a write per event.
 * A flush that fails keeps its counts for the next one. Counts are at least once: an event
 * redelivered before its offset was committed is counted again.
 *
 * <p>Thread-safe: {@link #count} is called from the dispatcher's poll thread.
 */
public final class FilteredCounts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FilteredCounts.class);

    /** How close to now a window must end to include the counts not flushed yet. */
    private static final Duration RECENT = Duration.ofMinutes(1);

    private final MongoStore store;
    private final Map<String, LongAdder> pending = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final ScheduledExecutorService flusher;

    public FilteredCounts(MongoStore store, Duration flushInterval) {
        this.store = store;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "faas-filtered");
            t.setDaemon(true);
            return t;
        });
        long ms = flushInterval.toMillis();
        flusher.scheduleWithFixedDelay(this::flushQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** One event kept from {@code function} by its filter. */
    public void count(String function) {
        pending.computeIfAbsent(function, f -> new LongAdder()).increment();
        total.increment();
    }

    /** Events kept from any function by this instance since it started. */
    public long total() {
        return total.sum();
    }

    /**
     * Events kept from {@code function} in {@code [from, to)}, by minute, over every instance: what
     * was flushed, plus what this instance has not flushed yet when the window reaches the present.
     */
    public long count(String function, Instant from, Instant to) {
        long sum = 0;
        Date start = Date.from(from.truncatedTo(ChronoUnit.MINUTES));
        List<Document> minutes = MongoErrors.run("read the filtered events",
                () -> store.filteredEvents().find(Filters.and(Filters.eq("function", function),
                        Filters.gte("minute", start), Filters.lt("minute", Date.from(to)))).into(new ArrayList<>()));
        for (Document d : minutes) {
            sum += ((Number) d.get("filtered")).longValue();
        }
        LongAdder unflushed = pending.get(function);
        Instant now = Instant.now();
        // counted since the last flush, a few seconds ago at most: in a window that reaches about now
        if (unflushed != null && from.isBefore(now) && to.isAfter(now.minus(RECENT))) {
            sum += unflushed.sum();
        }
        return sum;
    }

    /** Writes what was counted since the last flush, attributed to the current minute. */
    public void flush() {
        Date minute = Date.from(Instant.now().truncatedTo(ChronoUnit.MINUTES));
        Map<String, Long> taken = new java.util.TreeMap<>();
        pending.forEach((function, adder) -> {
            long n = adder.sumThenReset();
            if (n > 0) {
                taken.put(function, n);
            }
        });
        if (taken.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        taken.forEach((function, n) -> writes.add(new UpdateOneModel<>(
                Filters.eq("_id", function + "#" + minute.getTime()),
                Updates.combine(Updates.setOnInsert("function", function), Updates.setOnInsert("minute", minute),
                        Updates.inc("filtered", n)),
                new UpdateOptions().upsert(true))));
        try {
            store.filteredEvents().bulkWrite(writes);
        } catch (MongoException | IllegalStateException e) {
            // kept for the next flush: a count is late rather than lost
            taken.forEach((function, n) -> pending.computeIfAbsent(function, f -> new LongAdder()).add(n));
            throw e;
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("could not store the counts of filtered events; trying again later: {}", e.toString());
        }
    }

    /** Stops the flusher and writes what is left once. */
    @Override
    public void close() {
        flusher.shutdownNow();
        try {
            flusher.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }
}
