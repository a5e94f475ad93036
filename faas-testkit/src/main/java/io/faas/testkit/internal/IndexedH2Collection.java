package io.faas.testkit.internal;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * An H2 collection whose queries use its {@link SecondaryIndex secondary indexes}, planned by
 * {@link QueryPlanner}; what no index narrows is scanned, as the stock collection does. Every
 * read, update and delete by filter goes through {@link #queryDocuments}.
 */
final class IndexedH2Collection extends H2Collection {

    private final LongAdder scans = new LongAdder();

    IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                        MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    /** Queries answered by reading every document of the collection. */
    long scans() {
        return scans.sum();
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        List<Index<Object>> indexes = getIndexes();
        for (Index<Object> index : indexes) {
            if (index.canHandle(query)) {
                return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
        }
        QueryPlanner.Plan plan = isNaturalDescending(orderBy) ? null
                : QueryPlanner.plan(query, orderBy, limit, indexes);
        if (plan == null) {
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        Stream<Document> candidates = plan.positions().map(this::getDocument).filter(Objects::nonNull);
        return matchDocumentsFromStream(query, candidates, numberToSkip, limit, batchSize,
                plan.ordered() ? null : deriveComparator(orderBy), fieldSelector);
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        scans.increment();
        return super.matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }
}
