package io.faas.testkit.internal;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * An H2 database of the MongoDB-wire server whose non-unique and compound indexes exist (the
 * stock backend ignores them with a warning), in {@link IndexedH2Collection collections} that use
 * them, and whose unique indexes compare keys as values ({@link UniqueIndex}). Documents are
 * stored as the stock backend stores them, so a file it wrote opens here: an index this database
 * keeps differently is built from the documents when it opens.
 */
final class IndexedH2Database extends H2Database {

    /** H2Database's own prefixes of a collection's maps. */
    private static final String DATA_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";

    /** The store while the super constructor opens the database's collections and indexes. */
    private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

    private final MVStore store;

    private IndexedH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, store, cursorRegistry);
        this.store = store;
    }

    static IndexedH2Database open(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        OPENING.set(store);
        try {
            return new IndexedH2Database(databaseName, store, cursorRegistry);
        } finally {
            OPENING.remove();
        }
    }

    private MVStore store() {
        return store != null ? store : OPENING.get();
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String fullName = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> dataMap = store().openMap(DATA_PREFIX + fullName);
        MVMap<String, Object> metaMap = store().openMap(META_PREFIX + fullName);
        return new IndexedH2Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    /**
     * Unique indexes in maps of their own name and key type ({@link UniqueIndex}); a stock map
     * of the same index is removed, and the collection rebuilds the index from its documents.
     */
    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        String stock = indexMapName(collectionName, indexName);
        if (store().hasMap(stock)) {
            store().removeMap(stock);
        }
        MVMap<KeyValue, Object> map = store().openMap(uniqueMapName(collectionName, indexName),
                new MVMap.Builder<KeyValue, Object>().keyType(KeyValueType.INSTANCE));
        return new UniqueIndex(indexName, keys, sparse, map);
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                       boolean sparse) {
        String mapName = indexMapName(collectionName, indexName);
        MVMap<IndexEntry, Boolean> entries = store().openMap(mapName,
                new MVMap.Builder<IndexEntry, Boolean>().keyType(new IndexEntryType(SecondaryIndex.directions(keys))));
        MVMap<String, Boolean> meta = store().openMap(mapName + "._meta");
        return new SecondaryIndex(indexName, keys, sparse, entries, meta);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        super.dropIndex(collection, indexName);
        for (String map : List.of(indexMapName(collection.getCollectionName(), indexName) + "._meta",
                uniqueMapName(collection.getCollectionName(), indexName))) {
            if (store().hasMap(map)) {
                store().removeMap(map);
            }
        }
    }

    /** As H2Database names an index's map, so that its dropIndex removes ours too. */
    private String indexMapName(String collectionName, String indexName) {
        return getFullCollectionNamespace(collectionName) + "._index_" + indexName;
    }

    private String uniqueMapName(String collectionName, String indexName) {
        return getFullCollectionNamespace(collectionName) + "._unique_" + indexName;
    }

    /** Queries of the collection answered by reading all its documents, or 0 if it does not exist. */
    long scans(String collectionName) {
        return resolveCollection(collectionName, false) instanceof IndexedH2Collection c ? c.scans() : 0;
    }
}
