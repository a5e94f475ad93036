package io.faas.testkit.internal;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/**
 * How an MVStore map of a {@link SecondaryIndex} orders and stores its keys: in index order
 * (see {@link IndexEntry#compare}), each written as its number of values, then each value and
 * the position with a type byte.
 */
final class IndexEntryType extends BasicDataType<IndexEntry> {

    private static final byte NULL = 0;
    private static final byte MISSING = 1;
    private static final byte STRING = 2;
    private static final byte DOUBLE = 3;
    private static final byte LONG = 4;
    private static final byte INT = 5;
    private static final byte TRUE = 6;
    private static final byte FALSE = 7;
    private static final byte INSTANT = 8;
    private static final byte OBJECT_ID = 9;
    private static final byte OTHER = 10;

    private static final ObjectDataType OBJECTS = new ObjectDataType();

    private final boolean[] ascending;

    IndexEntryType(boolean[] ascending) {
        this.ascending = ascending.clone();
    }

    @Override
    public int compare(IndexEntry a, IndexEntry b) {
        return IndexEntry.compare(a, b, ascending);
    }

    @Override
    public int getMemory(IndexEntry entry) {
        int bytes = 48;
        for (Object value : entry.values()) {
            bytes += estimate(value);
        }
        return bytes + estimate(entry.position());
    }

    static int estimate(Object value) {
        return value instanceof String s ? 40 + 2 * s.length() : 24;
    }

    @Override
    public void write(WriteBuffer buffer, IndexEntry entry) {
        Object[] values = entry.values();
        buffer.putVarInt(values.length);
        for (Object value : values) {
            writeValue(buffer, value);
        }
        writeValue(buffer, entry.position());
    }

    @Override
    public IndexEntry read(ByteBuffer buffer) {
        Object[] values = new Object[DataUtils.readVarInt(buffer)];
        for (int i = 0; i < values.length; i++) {
            values[i] = readValue(buffer);
        }
        return new IndexEntry(values, readValue(buffer));
    }

    /** The values an index key holds most, compactly; anything else as the MVStore writes objects. */
    static void writeValue(WriteBuffer buffer, Object value) {
        if (value == null) {
            buffer.put(NULL);
        } else if (value instanceof Missing) {
            buffer.put(MISSING);
        } else if (value instanceof String s) {
            buffer.put(STRING).putVarInt(s.length()).putStringData(s, s.length());
        } else if (value instanceof Double d) {
            buffer.put(DOUBLE).putDouble(d);
        } else if (value instanceof Long l) {
            buffer.put(LONG).putLong(l);
        } else if (value instanceof Integer i) {
            buffer.put(INT).putInt(i);
        } else if (value instanceof Boolean b) {
            buffer.put(b ? TRUE : FALSE);
        } else if (value instanceof Instant t) {
            buffer.put(INSTANT).putLong(t.getEpochSecond()).putInt(t.getNano());
        } else if (value instanceof ObjectId id) {
            buffer.put(OBJECT_ID).put(id.toByteArray());
        } else {
            buffer.put(OTHER);
            OBJECTS.write(buffer, value);
        }
    }

    static Object readValue(ByteBuffer buffer) {
        byte type = buffer.get();
        return switch (type) {
            case NULL -> null;
            case MISSING -> Missing.getInstance();
            case STRING -> DataUtils.readString(buffer, DataUtils.readVarInt(buffer));
            case DOUBLE -> buffer.getDouble();
            case LONG -> buffer.getLong();
            case INT -> buffer.getInt();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case INSTANT -> Instant.ofEpochSecond(buffer.getLong(), buffer.getInt());
            case OBJECT_ID -> {
                byte[] bytes = new byte[12];
                buffer.get(bytes);
                yield new ObjectId(bytes);
            }
            case OTHER -> OBJECTS.read(buffer);
            default -> throw new IllegalStateException("unknown index value type " + type);
        };
    }

    @Override
    public IndexEntry[] createStorage(int size) {
        return new IndexEntry[size];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexEntryType other && Arrays.equals(ascending, other.ascending);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ascending);
    }
}
