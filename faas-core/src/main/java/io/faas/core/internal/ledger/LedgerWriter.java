package io.faas.core.internal.ledger;

import io.faas.core.internal.store.MongoStore;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import io.faas.api.Invocation;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes final invocation records in batches on one thread ({@code faas-ledger}). Whatever
 * queued while a write was running goes into the next write, so batches grow with load and a
 * lone record is written at once.
 *
 * <p>Inserts are unordered and a duplicate key counts as success: the record of that
 * (topic, partition, offset, function) is already stored, and the first record wins. A write that
 * fails otherwise is retried with backoff until it succeeds or the writer is closed, so a record
 * is never dropped while MongoDB is away; callers learn of durability through the callback.
 */
public final class LedgerWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LedgerWriter.class);

    /** A record to store; {@code heldRedrives} >= 0: a redrive's outcome, replacing the record it holds RUNNING. */
    private record Pending(Invocation invocation, Runnable onDurable, int heldRedrives) {
    }

    private final MongoCollection<Document> records;
    private final java.util.function.Function<Invocation, Document> toDocument;
    private final int batchSize;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Consumer<List<Invocation>>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean closing;
    private volatile long drainDeadline;

    public LedgerWriter(MongoStore store, LedgerRetention retention, int batchSize) {
        this(store.invocations(), retention::document, batchSize, "faas-ledger");
    }

    /**
     * A writer of records to another collection than the ledger's, such as a replay's.
     *
     * @param toDocument the document of a record, expiry included
     */
    public LedgerWriter(MongoCollection<Document> records, java.util.function.Function<Invocation, Document> toDocument,
                        int batchSize, String threadName) {
        this.records = records;
        this.toDocument = toDocument;
        this.batchSize = batchSize;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a record; {@code onDurable} runs on the writer thread once it is stored. */
    public void write(Invocation invocation, Runnable onDurable) {
        if (!running) {
            throw new IllegalStateException("the ledger writer is closed");
        }
        queue.add(new Pending(invocation, onDurable, -1));
    }

    /**
     * Queues a redrive's outcome: it replaces the record while that redrive (the record's
     * {@code redrives().size()}-th) holds it RUNNING, and is dropped, with a log line, if the
     * redrive was handed back meanwhile. {@code onDurable} and the listeners run as for
     * {@link #write}.
     */
    public void writeRedriven(Invocation invocation, Runnable onDurable) {
        if (!running) {
            throw new IllegalStateException("the ledger writer is closed");
        }
        queue.add(new Pending(invocation, onDurable, invocation.redrives().size()));
    }

    /** Called on the writer thread with every batch once stored. */
    public void addListener(Consumer<List<Invocation>> listener) {
        listeners.add(listener);
    }

    public int backlog() {
        return queue.size();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                if (store(batch)) {
                    for (Pending p : batch) {
                        runQuietly(p.onDurable());
                    }
                    List<Invocation> written = batch.stream().map(Pending::invocation).toList();
                    for (Consumer<List<Invocation>> listener : listeners) {
                        runQuietly(() -> listener.accept(written));
                    }
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stores the batch, retrying; false if the writer was closed past its deadline first. */
    private boolean store(List<Pending> batch) throws InterruptedException {
        List<Document> docs = new ArrayList<>(batch.size());
        List<Pending> redriven = new ArrayList<>();
        for (Pending p : batch) {
            if (p.heldRedrives() >= 0) {
                redriven.add(p);
            } else {
                docs.add(toDocument.apply(p.invocation()));
            }
        }
        long backoffMs = 50;
        while (true) {
            try {
                if (!docs.isEmpty()) {
                    records.insertMany(docs, new InsertManyOptions().ordered(false));
                    docs.clear(); // stored: a retry for a redriven record below must not insert them again
                }
                while (!redriven.isEmpty()) {
                    Pending p = redriven.get(0);
                    if (records.replaceOne(MongoInvocationStore.heldByRedrive(p.invocation().id(),
                            p.heldRedrives()), toDocument.apply(p.invocation())).getMatchedCount() == 0) {
                        log.warn("redrive of {} was handed back before its outcome was stored; dropped",
                                p.invocation().id());
                    }
                    redriven.remove(0);
                }
                return true;
            } catch (MongoBulkWriteException e) {
                if (e.getWriteErrors().stream().allMatch(LedgerWriter::isDuplicate) && e.getWriteConcernError() == null) {
                    docs.clear();
                    continue; // stored; the redriven records, if any, are next
                }
                log.warn("ledger write of {} records failed, retrying: {}", (docs.size() + redriven.size()), e.getMessage());
            } catch (MongoException e) {
                log.warn("ledger write of {} records failed, retrying: {}", (docs.size() + redriven.size()), e.toString());
            }
            if (closing && System.nanoTime() - drainDeadline > 0) {
                log.error("ledger writer closed with {} records not stored; their events will be redelivered",
                        (docs.size() + redriven.size()));
                return false;
            }
            Thread.sleep(backoffMs); // retry pause while MongoDB is unreachable
            backoffMs = Math.min(backoffMs * 2, 2000);
        }
    }

    private static boolean isDuplicate(BulkWriteError e) {
        return e.getCode() == 11000;
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("ledger callback failed", e);
        }
    }

    /** Stops accepting records and stores what is queued, waiting at most {@code timeout}. Idempotent. */
    public void close(Duration timeout) {
        if (!running && !thread.isAlive()) {
            return;
        }
        drainDeadline = System.nanoTime() + timeout.toNanos();
        closing = true;
        running = false;
        try {
            thread.join(Math.max(1, timeout.toMillis() + 200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
