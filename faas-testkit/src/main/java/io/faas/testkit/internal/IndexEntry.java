package io.faas.testkit.internal;

import de.bwaldvogel.mongo.backend.ValueComparator;

import java.time.Instant;
import java.util.Arrays;

/**
 * One key of a {@link SecondaryIndex}: the indexed values in the index's key order, then the
 * document's position (its {@code _id}), which makes every key unique. A field the document lacks
 * is null, as the server normalizes it. Search bounds use {@link #LOW} and {@link #HIGH}, which
 * sort before and after every value whatever the key's direction.
 *
 * @param values   indexed values, normalized as the server normalizes them
 * @param position the document's position in its collection
 */
record IndexEntry(Object[] values, Object position) {

    /** Sorts before every value. */
    static final Object LOW = new Bound("LOW");
    /** Sorts after every value. */
    static final Object HIGH = new Bound("HIGH");

    private static final ValueComparator VALUES = ValueComparator.asc();
    /** Below this magnitude every integral double is also an exact long. */
    private static final double EXACT = 0x1p53;

    /**
     * Compares two keys in index order: each value ascending or descending as its key says, then
     * the position ascending.
     */
    static int compare(IndexEntry a, IndexEntry b, boolean[] ascending) {
        for (int i = 0; i < ascending.length; i++) {
            int c = compareValues(a.values[i], b.values[i], ascending[i]);
            if (c != 0) {
                return c;
            }
        }
        return compareValues(a.position, b.position, true);
    }

    static int compareValues(Object a, Object b, boolean ascending) {
        if (a instanceof Bound || b instanceof Bound) {
            return Integer.compare(rank(a), rank(b));
        }
        int c;
        if (a instanceof String x && b instanceof String y) {
            c = x.compareTo(y); // as ValueComparator compares these, without its type checks
        } else if (a instanceof Instant x && b instanceof Instant y) {
            c = x.compareTo(y);
        } else if (a instanceof Double x && b instanceof Double y && Math.abs(x) < EXACT && Math.abs(y) < EXACT) {
            c = Double.compare(x, y); // what ValueComparator's normalized comparison comes to
        } else {
            c = VALUES.compare(a, b);
        }
        return ascending ? c : -c;
    }

    private static int rank(Object value) {
        return value == LOW ? -1 : value == HIGH ? 1 : 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexEntry other && Arrays.equals(values, other.values)
                && java.util.Objects.equals(position, other.position);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + java.util.Objects.hashCode(position);
    }

    @Override
    public String toString() {
        return Arrays.toString(values) + "@" + position;
    }

    private record Bound(String name) {
    }
}
