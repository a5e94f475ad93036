package io.faas.testkit.internal;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;

/**
 * An H2 backend of the MongoDB-wire server whose non-unique and compound indexes exist and serve
 * queries ({@link IndexedH2Database}); the stock backends ignore them and read every document for
 * every query but one by a unique key. In memory ({@link #inMemory()}) or on an MVStore file
 * ({@link DurableH2Backend}).
 *
 * <p>Thread-safe as the stock backend is: each collection serves one command at a time.
 */
public class IndexedH2Backend extends H2Backend {

    protected IndexedH2Backend(MVStore store) {
        super(store);
    }

    /** A backend that keeps everything in memory, lost on close. */
    public static IndexedH2Backend inMemory() {
        return new IndexedH2Backend(MVStore.open(null));
    }

    /** Called by the super constructor too, for every database already in the store. */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return IndexedH2Database.open(databaseName, getMvStore(), getCursorRegistry());
    }

    /** Queries of a collection answered by reading all its documents, since this backend opened. */
    public long scans(String databaseName, String collectionName) {
        return ((IndexedH2Database) resolveDatabase(databaseName)).scans(collectionName);
    }
}
