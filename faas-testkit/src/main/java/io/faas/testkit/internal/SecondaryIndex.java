package io.faas.testkit.internal;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A non-unique, possibly compound and multikey index of the MongoDB-wire server's H2 backend,
 * kept in an MVStore map beside the collection's documents, so both are committed together.
 * Each document has one key per combination of its indexed values (one per element of an indexed
 * array; a missing field is null), as in MongoDB. The index serves queries through {@link QueryPlanner}; the server's own
 * planner, which knows only unique indexes, never picks it ({@link #canHandle} is false).
 *
 * <p>Not thread-safe by itself: the collection calls it under its own lock.
 */
final class SecondaryIndex extends Index<Object> {

    private static final String MULTIKEY = "multikey";

    private final MVMap<IndexEntry, Boolean> entries;
    /** Whether some document had more than one key; then the index gives no sort order. */
    private final MVMap<String, Boolean> meta;
    private final boolean[] ascending;
    /** The keys' field names when none is a path into a sub-document, else null. */
    private final String[] plainFields;
    private boolean multikey;

    SecondaryIndex(String name, List<IndexKey> keys, boolean sparse, MVMap<IndexEntry, Boolean> entries,
                   MVMap<String, Boolean> meta) {
        super(name, keys, sparse);
        this.entries = entries;
        this.meta = meta;
        this.ascending = directions(keys);
        this.plainFields = keys.stream().noneMatch(k -> k.getKey().contains("."))
                ? keys.stream().map(IndexKey::getKey).toArray(String[]::new) : null;
        this.multikey = Boolean.TRUE.equals(meta.get(MULTIKEY));
    }

    static boolean[] directions(List<IndexKey> keys) {
        boolean[] ascending = new boolean[keys.size()];
        for (int i = 0; i < ascending.length; i++) {
            ascending[i] = keys.get(i).isAscending();
        }
        return ascending;
    }

    /** The index's keys in index order, from {@code from} to {@code to}, both inclusive. */
    Iterator<IndexEntry> scan(IndexEntry from, IndexEntry to) {
        return entries.cursor(from, to, false);
    }

    /** The same keys from {@code from} back to {@code to}, both inclusive ({@code from} the higher). */
    Iterator<IndexEntry> scanBackwards(IndexEntry from, IndexEntry to) {
        return entries.cursor(from, to, true);
    }

    boolean ascending(int key) {
        return ascending[key];
    }

    boolean multikey() {
        return multikey;
    }

    @Override
    public List<String> keys() {
        return super.keys();
    }

    /**
     * The document's only key when every indexed field is a top-level scalar (no array, no
     * sub-document), as the server would compute it, or null: then {@link #getKeyValues} expands
     * arrays (and checks for parallel ones) the general, slower way.
     */
    private Object[] scalarKey(Document document) {
        if (plainFields == null) {
            return null;
        }
        Object[] values = new Object[plainFields.length];
        for (int i = 0; i < values.length; i++) {
            Object value = document.get(plainFields[i]);
            if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
                return null;
            }
            values[i] = normalized(value);
        }
        return values;
    }

    /** As the server normalizes a scalar for an index key (Utils.normalizeValue, not public). */
    private static Object normalized(Object value) {
        if (Missing.isNullOrMissing(value)) {
            return null;
        }
        if (value instanceof Long l && l != (long) l.doubleValue()) {
            return l;
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == -0.0 ? 0.0 : d;
        }
        return value;
    }

    private List<Object[]> keysOf(Document document) {
        Object[] scalar = scalarKey(document);
        if (scalar != null) {
            return isSparse() && allNull(scalar) ? List.of() : List.<Object[]>of(scalar);
        }
        Set<KeyValue> keyValues = getKeyValues(document);
        List<Object[]> keys = new ArrayList<>(keyValues.size());
        for (KeyValue keyValue : keyValues) {
            keys.add(values(keyValue));
        }
        if (keys.isEmpty()) {
            // An empty indexed array gives no combination; MongoDB still indexes the document.
            List<Object> values = new ArrayList<>();
            for (String key : keys()) {
                Object value = Utils.getSubdocumentValueCollectionAware(document, key);
                values.add(value instanceof Collection<?> c && c.isEmpty() ? Missing.getInstance() : value);
            }
            keys.add(values(new KeyValue(values).normalized()));
        }
        if (isSparse()) {
            keys.removeIf(SecondaryIndex::allNull);
        }
        return keys;
    }

    private static Object[] values(KeyValue keyValue) {
        Object[] values = new Object[keyValue.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = keyValue.get(i);
        }
        return values;
    }

    private static boolean allNull(Object[] values) {
        for (Object value : values) {
            if (!Missing.isNullOrMissing(value)) {
                return false;
            }
        }
        return true;
    }

    private static Object positionOf(Document document) {
        return Missing.ofNullable(Utils.getSubdocumentValue(document, "_id"));
    }

    @Override
    public Object getPosition(Document document) {
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        if (scalarKey(document) == null) {
            getKeyValues(document); // refuses parallel arrays before the document is stored
        }
    }

    @Override
    public void add(Document document, Object position, MongoCollection<Object> collection) {
        List<Object[]> keys = keysOf(document);
        if (keys.size() > 1 && !multikey) {
            multikey = true;
            meta.put(MULTIKEY, Boolean.TRUE);
        }
        for (Object[] key : keys) {
            entries.put(new IndexEntry(key, position), Boolean.TRUE);
        }
    }

    @Override
    public Object remove(Document document) {
        Object position = positionOf(document);
        List<Object[]> keys = keysOf(document);
        for (Object[] key : keys) {
            entries.remove(new IndexEntry(key, position));
        }
        return keys.isEmpty() ? null : position;
    }

    @Override
    public boolean isSparse() {
        return super.isSparse();
    }

    @Override
    public boolean canHandle(Document query) {
        return false;
    }

    @Override
    public Iterable<Object> getPositions(Document query) {
        throw new UnsupportedOperationException("served by the query planner");
    }

    @Override
    public long getCount() {
        return entries.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        checkAdd(newDocument, collection);
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Object position,
                              MongoCollection<Object> collection) {
        for (Object[] key : keysOf(oldDocument)) {
            entries.remove(new IndexEntry(key, position));
        }
        add(newDocument, position, collection);
    }

    @Override
    public void drop() {
        entries.clear();
        meta.clear();
    }
}
