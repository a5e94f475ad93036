package io.faas.testkit.internal;

import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import org.h2.mvstore.MVStore;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An H2 file backend that answers a command only once what it changed is committed and synced
 * to disk, so an acknowledged write survives a crash of the process (kill -9) or of the machine.
 *
 * <p>The stock backend lets the MVStore commit in the background about once a second and
 * answers before that: a crash loses up to a second of acknowledged writes. Here the MVStore's
 * background commit is off; every command (an OP_MSG, all that current drivers send but the
 * first handshake) runs under a shared lock, and a command after which the
 * store holds unsaved changes commits and syncs before it answers. Commits take the lock
 * exclusively, so each one captures whole commands only (never an insert whose document is
 * stored and whose index entry is not). Commits are grouped: a command whose changes a
 * concurrent commit already covered answers without one of its own, so N clients writing at once
 * pay for fewer than N syncs. Every 64 commits the store rewrites its sparsest chunks (the
 * MVStore's background compaction is off with its background commit), which keeps the file
 * within a small multiple of its live data.
 *
 * <p>Its non-unique and compound indexes exist and serve queries (see {@link IndexedH2Backend}).
 *
 * <p>Thread-safe: the server calls it from its I/O threads.
 */
public final class DurableH2Backend extends IndexedH2Backend {

    private static final int COMPACT_EVERY = 64;
    private static final int COMPACT_FILL_RATE = 50;
    private static final int COMPACT_WRITE_BYTES = 4 << 20;

    private final MVStore store;
    private final ReentrantReadWriteLock commands = new ReentrantReadWriteLock();
    /** Commands that finished; guarded for writes by the shared side of {@link #commands}. */
    private final AtomicLong finished = new AtomicLong();
    private final Object syncLock = new Object();
    /** Highest value of {@link #finished} whose changes are on disk; guarded by {@link #syncLock}. */
    private long durable;

    /** Commits since the last compaction; guarded by {@link #syncLock}. */
    private int commitsSinceCompaction;

    private DurableH2Backend(MVStore store) {
        super(store);
        this.store = store;
    }

    /**
     * Opens (or creates) the file, with the MVStore's background commit off. Chunks that no
     * commit needs any more are free at once (no retention time), since no reader looks at
     * old versions.
     */
    public static DurableH2Backend open(String fileName) {
        MVStore store = new MVStore.Builder().fileName(fileName).autoCommitDisabled().open();
        store.setRetentionTime(0);
        return new DurableH2Backend(store);
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        long done;
        Document answer;
        commands.readLock().lock();
        try {
            answer = super.handleMessage(message);
            done = finished.incrementAndGet();
        } finally {
            commands.readLock().unlock();
        }
        makeDurable(done);
        return answer;
    }

    /** Legacy OP_QUERY: drivers send only the handshake this way; it writes nothing. */
    @Override
    public QueryResult handleQuery(MongoQuery query) {
        commands.readLock().lock();
        try {
            return super.handleQuery(query);
        } finally {
            commands.readLock().unlock();
        }
    }

    /** Returns once every change of the commands up to the {@code done}-th is on disk. */
    private void makeDurable(long done) {
        synchronized (syncLock) {
            // Whoever committed before us also synced before releasing syncLock.
            if (durable >= done || !store.hasUnsavedChanges()) {
                return;
            }
            long covered;
            commands.writeLock().lock();
            try {
                covered = finished.get();
                if (store.hasUnsavedChanges()) {
                    store.commit();
                }
                // The background thread that would compact is off with the background commit:
                // without this, a commit per write leaves the file mostly dead pages.
                if (++commitsSinceCompaction >= COMPACT_EVERY) {
                    commitsSinceCompaction = 0;
                    if (store.compact(COMPACT_FILL_RATE, COMPACT_WRITE_BYTES)) {
                        store.commit();
                    }
                }
            } finally {
                commands.writeLock().unlock();
            }
            // Outside the exclusive lock: other commands run while the file is forced to disk.
            store.sync();
            durable = covered;
        }
    }

    @Override
    public void close() {
        commands.writeLock().lock();
        try {
            super.close();
        } finally {
            commands.writeLock().unlock();
        }
    }
}
