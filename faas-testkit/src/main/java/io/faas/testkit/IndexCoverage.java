package io.faas.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether an index serves a query the way MongoDB plans it (the ESR rule): the index's leading
 * keys are the query's equality fields in any order, then its sort fields in their order (all in
 * the index's directions or all reversed), then, for a query without a sort, one of its range
 * fields. A query whose only equality is on {@code _id} is served by the {@code _id_} index.
 *
 * <p>For tests that list each query an application makes beside the index that serves it, with
 * the keys read from {@code listIndexes} (a {@code Document} is an ordered map). The testkit's
 * embedded server keeps compound and non-unique indexes and plans by them too
 * ({@link EmbeddedMongo#collectionScans}), but MongoDB's planner is the one this rule follows.
 * Stateless and thread-safe.
 *
 * @since 0.2
 */
public final class IndexCoverage {

    private IndexCoverage() {
    }

    /**
     * The shape of one query.
     *
     * @param equality fields compared with {@code $eq} (or {@code $in} of few values)
     * @param sort     fields of the sort in order, each 1 or -1; empty for none
     * @param range    fields compared with {@code $gt}, {@code $lt} and the like
     */
    public record Shape(Set<String> equality, Map<String, Integer> sort, Set<String> range) {
        public Shape {
            equality = Set.copyOf(equality);
            sort = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sort));
            range = Set.copyOf(range);
        }
    }

    /**
     * Why the index with these keys does not serve the query, or {@code null} if it does.
     *
     * @param indexKey the index's {@code key} document: field → 1 or -1, in order
     */
    public static String whyNot(Map<String, ?> indexKey, Shape query) {
        Objects.requireNonNull(indexKey, "indexKey");
        List<String> fields = new ArrayList<>(indexKey.keySet());
        if (query.equality().contains("_id") && fields.equals(List.of("_id"))) {
            return null;
        }
        int n = query.equality().size();
        if (fields.size() < n || !Set.copyOf(fields.subList(0, n)).equals(query.equality())) {
            return "its first " + n + " keys " + fields.subList(0, Math.min(n, fields.size()))
                    + " are not the equality fields " + query.equality();
        }
        int i = n;
        Integer flip = null;
        for (Map.Entry<String, Integer> s : query.sort().entrySet()) {
            if (i >= fields.size() || !fields.get(i).equals(s.getKey())) {
                return "key " + (i + 1) + " is not the sort field " + s.getKey();
            }
            int same = ((Number) indexKey.get(s.getKey())).intValue() == s.getValue() ? 1 : -1;
            if (flip != null && flip != same) {
                return "the sort mixes the index's directions at " + s.getKey();
            }
            flip = same;
            i++;
        }
        if (query.sort().isEmpty() && !query.range().isEmpty()
                && (i >= fields.size() || !query.range().contains(fields.get(i)))) {
            return "key " + (i + 1) + " is not one of the range fields " + query.range();
        }
        return null;
    }
}
