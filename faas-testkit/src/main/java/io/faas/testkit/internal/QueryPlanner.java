package io.faas.testkit.internal;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Picks the index that narrows a query the most, the way MongoDB's planner does for the common
 * shapes: equality on a leading run of an index's keys, then a range on the next key, and, when
 * the rest of the index's keys match the sort, the index's order instead of a sort (so a query
 * with a limit reads only as many keys as it returns). A unique index on a field the query pins
 * to one value (or an {@code $in} list) wins over everything.
 *
 * <p>The index only chooses candidates: the collection still matches each candidate against the
 * whole query, so what a plan leaves out of the bounds ({@code $or}, {@code $ne}, exclusive ends)
 * is still applied, and a plan can only be slower than necessary, never wrong, as long as every
 * document that can match has a key within the bounds.
 */
final class QueryPlanner {

    private static final ValueComparator VALUES = ValueComparator.asc();
    private static final Set<String> PLANNED = Set.of("$eq", "$gt", "$gte", "$lt", "$lte", "$in");

    private QueryPlanner() {
    }

    /**
     * How to find the candidates of a query.
     *
     * @param positions candidate positions, each once
     * @param ordered   whether they come in the query's sort order (no sort needed)
     */
    record Plan(Stream<Object> positions, boolean ordered) {
    }

    /** What the query says of one field, as far as bounds go (values normalized). */
    private static final class Condition {
        private Object eq;
        private List<Object> in;
        private Object low;
        private Object high;
    }

    /** A plan for the query, or null when no index narrows it (the collection scans). */
    static Plan plan(Document query, Document orderBy, int limit, List<Index<Object>> indexes) {
        Map<String, Condition> conditions = new LinkedHashMap<>();
        collect(query, conditions);
        List<IndexKey> sort = sortOf(orderBy);
        Plan unique = uniquePlan(conditions, indexes);
        if (unique != null) {
            return unique;
        }
        SecondaryIndex best = null;
        int bestScore = 0;
        for (Index<Object> index : indexes) {
            if (index instanceof SecondaryIndex secondary) {
                int score = score(secondary, conditions, sort, limit);
                if (score > bestScore) {
                    best = secondary;
                    bestScore = score;
                }
            }
        }
        return best == null ? null : scan(best, conditions, sort);
    }

    // ---- conditions

    private static void collect(Document query, Map<String, Condition> conditions) {
        for (Map.Entry<String, Object> e : query.entrySet()) {
            String field = e.getKey();
            Object value = e.getValue();
            if (field.equals("$and") && value instanceof List<?> parts) {
                for (Object part : parts) {
                    if (part instanceof Document d) {
                        collect(d, conditions);
                    }
                }
            } else if (!field.startsWith("$")) {
                if (value instanceof Document operators) {
                    if (!operators.isEmpty() && PLANNED.containsAll(operators.keySet())) {
                        for (Map.Entry<String, Object> op : operators.entrySet()) {
                            apply(conditions, field, op.getKey(), op.getValue());
                        }
                    }
                } else {
                    apply(conditions, field, "$eq", value);
                }
            }
        }
    }

    private static void apply(Map<String, Condition> conditions, String field, String operator, Object value) {
        if (operator.equals("$in")) {
            if (value instanceof List<?> list && list.stream().allMatch(QueryPlanner::scalar)) {
                Condition c = conditions.computeIfAbsent(field, f -> new Condition());
                if (c.in == null) {
                    List<Object> in = new ArrayList<>();
                    list.forEach(v -> in.add(normalize(v)));
                    c.in = in;
                }
            }
            return;
        }
        if (!scalar(value)) {
            return;
        }
        Object v = normalize(value);
        Condition c = conditions.computeIfAbsent(field, f -> new Condition());
        switch (operator) {
            case "$eq" -> {
                if (c.eq == null) {
                    c.eq = v;
                }
            }
            case "$gt", "$gte" -> c.low = c.low == null || VALUES.compare(v, c.low) > 0 ? v : c.low;
            case "$lt", "$lte" -> c.high = c.high == null || VALUES.compare(v, c.high) < 0 ? v : c.high;
            default -> throw new IllegalArgumentException(operator);
        }
    }

    /** A value whose equality and order mean the same in a query and in an index key. */
    private static boolean scalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Instant || value instanceof Date || value instanceof ObjectId
                || value instanceof UUID;
    }

    private static Object normalize(Object value) {
        return new KeyValue(value).normalized().get(0);
    }

    private static List<IndexKey> sortOf(Document orderBy) {
        if (orderBy == null || orderBy.isEmpty()) {
            return List.of();
        }
        List<IndexKey> sort = new ArrayList<>();
        for (Map.Entry<String, Object> e : orderBy.entrySet()) {
            if (!(e.getValue() instanceof Number n) || (n.intValue() != 1 && n.intValue() != -1)) {
                return null; // $natural, text scores: not something an index gives
            }
            sort.add(new IndexKey(e.getKey(), n.intValue() == 1));
        }
        return sort;
    }

    // ---- unique indexes

    private static Plan uniquePlan(Map<String, Condition> conditions, List<Index<Object>> indexes) {
        for (Index<Object> index : indexes) {
            if (!index.isUnique() || index.getKeys().size() != 1) {
                continue;
            }
            String field = index.getKeys().get(0).getKey();
            Condition c = conditions.get(field);
            if (c == null || (c.eq == null && c.in == null)) {
                continue;
            }
            Object lookup = c.eq != null ? c.eq : new Document("$in", c.in);
            Iterable<Object> positions = index.getPositions(new Document(field, lookup));
            return new Plan(StreamSupport.stream(positions.spliterator(), false).distinct(), c.eq != null);
        }
        return null;
    }

    // ---- secondary indexes

    /** Leading keys the query pins to one value. */
    private static int equalities(SecondaryIndex index, Map<String, Condition> conditions) {
        List<String> keys = index.keys();
        int k = 0;
        while (k < keys.size() && conditions.containsKey(keys.get(k)) && conditions.get(keys.get(k)).eq != null) {
            k++;
        }
        return k;
    }

    private static boolean ranged(SecondaryIndex index, Map<String, Condition> conditions, int k) {
        if (k >= index.keys().size()) {
            return false;
        }
        Condition c = conditions.get(index.keys().get(k));
        return c != null && (c.low != null || c.high != null);
    }

    /**
     * +1 if the index gives the sort order read forwards, -1 read backwards, 0 if it does not.
     * Sort keys the query pins to one value are already in order.
     */
    private static int direction(SecondaryIndex index, Map<String, Condition> conditions, List<IndexKey> sort, int k) {
        if (sort == null) {
            return 0;
        }
        List<IndexKey> rest = new ArrayList<>();
        for (IndexKey key : sort) {
            Condition c = conditions.get(key.getKey());
            if (c == null || c.eq == null) {
                rest.add(key);
            }
        }
        if (rest.isEmpty()) {
            return 1;
        }
        if (index.multikey() || rest.size() > index.keys().size() - k) {
            return 0;
        }
        int direction = 0;
        for (int i = 0; i < rest.size(); i++) {
            IndexKey key = rest.get(i);
            if (!key.getKey().equals(index.keys().get(k + i))) {
                return 0;
            }
            int d = key.isAscending() == index.ascending(k + i) ? 1 : -1;
            if (direction != 0 && d != direction) {
                return 0;
            }
            direction = d;
        }
        return direction;
    }

    private static int score(SecondaryIndex index, Map<String, Condition> conditions, List<IndexKey> sort, int limit) {
        int k = equalities(index, conditions);
        boolean ranged = ranged(index, conditions, k);
        boolean ordered = sort != null && !sort.isEmpty() && direction(index, conditions, sort, k) != 0;
        if (k == 0 && !ranged && !(ordered && limit > 0)) {
            return 0;
        }
        return 1 + 8 * k + (ranged ? 4 : 0) + (ordered ? 2 : 0);
    }

    private static Plan scan(SecondaryIndex index, Map<String, Condition> conditions, List<IndexKey> sort) {
        List<String> keys = index.keys();
        int k = equalities(index, conditions);
        Object[] from = new Object[keys.size()];
        Object[] to = new Object[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            if (i < k) {
                from[i] = conditions.get(keys.get(i)).eq;
                to[i] = from[i];
            } else if (i == k && ranged(index, conditions, k)) {
                Condition c = conditions.get(keys.get(i));
                Object first = index.ascending(i) ? c.low : c.high;
                Object last = index.ascending(i) ? c.high : c.low;
                from[i] = first == null ? IndexEntry.LOW : first;
                to[i] = last == null ? IndexEntry.HIGH : last;
            } else {
                from[i] = IndexEntry.LOW;
                to[i] = IndexEntry.HIGH;
            }
        }
        int direction = direction(index, conditions, sort, k);
        IndexEntry low = new IndexEntry(from, IndexEntry.LOW);
        IndexEntry high = new IndexEntry(to, IndexEntry.HIGH);
        Iterator<IndexEntry> entries = direction < 0 ? index.scanBackwards(high, low) : index.scan(low, high);
        Stream<Object> positions = StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(entries, Spliterator.ORDERED), false).map(IndexEntry::position);
        if (index.multikey()) {
            Set<Object> seen = new HashSet<>();
            positions = positions.filter(seen::add);
        }
        return new Plan(positions, direction != 0);
    }
}
