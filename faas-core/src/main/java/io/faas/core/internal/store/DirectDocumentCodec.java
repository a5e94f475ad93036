package io.faas.core.internal.store;

import com.mongodb.DocumentToDBRefTransformer;
import org.bson.BsonReader;
import org.bson.BsonValue;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.bson.codecs.Codec;
import org.bson.codecs.CollectibleCodec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.DocumentCodecProvider;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.OverridableUuidRepresentationCodec;
import org.bson.codecs.configuration.CodecProvider;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The codec of {@link Document}s in faas's database: it writes the same bytes as the driver's
 * {@link DocumentCodec}, but writes the values faas stores (null, strings, numbers, booleans,
 * dates, nested documents, maps and lists of them) itself instead of looking up a codec in the registry
 * for every value, which took more than half of the ledger writer's encoding time; any other value
 * goes to the registry's codec as before. Decoding and the {@code _id} handling are the driver's.
 * Thread-safe and stateless, as codecs are.
 */
final class DirectDocumentCodec implements CollectibleCodec<Document>, OverridableUuidRepresentationCodec<Document> {

    private static final String ID = "_id";
    /** What {@link EncoderContext#encodeWithChildContext} gives a nested value: not collectible. */
    private static final EncoderContext CHILD = EncoderContext.builder().build();

    /** The driver's own, as its default registry makes it. */
    private static final CodecProvider DRIVER = new DocumentCodecProvider(new DocumentToDBRefTransformer());

    /** Gives this codec for {@link Document}, and nothing else. */
    static final CodecProvider PROVIDER = new CodecProvider() {
        @Override
        @SuppressWarnings("unchecked")
        public <T> Codec<T> get(Class<T> clazz, CodecRegistry registry) {
            return clazz == Document.class
                    ? (Codec<T>) new DirectDocumentCodec(registry, (DocumentCodec) DRIVER.get(Document.class, registry))
                    : null;
        }
    };

    private final CodecRegistry registry;
    private final DocumentCodec standard;

    private DirectDocumentCodec(CodecRegistry registry, DocumentCodec standard) {
        this.registry = registry;
        this.standard = standard;
    }

    @Override
    public void encode(BsonWriter writer, Document document, EncoderContext context) {
        writeDocument(writer, document, context.isEncodingCollectibleDocument());
    }

    /** As {@link DocumentCodec} does: a collectible document's {@code _id} first. */
    private void writeDocument(BsonWriter writer, Map<?, ?> document, boolean collectible) {
        writer.writeStartDocument();
        boolean idFirst = collectible && document.containsKey(ID);
        if (idFirst) {
            writer.writeName(ID);
            writeValue(writer, document.get(ID));
        }
        for (Map.Entry<?, ?> field : document.entrySet()) {
            String name = (String) field.getKey();
            if (idFirst && name.equals(ID)) {
                continue;
            }
            writer.writeName(name);
            writeValue(writer, field.getValue());
        }
        writer.writeEndDocument();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void writeValue(BsonWriter writer, Object value) {
        if (value == null) {
            writer.writeNull();
            return;
        }
        Class<?> type = value.getClass();
        if (type == String.class) {
            writer.writeString((String) value);
        } else if (type == Integer.class) {
            writer.writeInt32((Integer) value);
        } else if (type == Long.class) {
            writer.writeInt64((Long) value);
        } else if (type == Boolean.class) {
            writer.writeBoolean((Boolean) value);
        } else if (type == Double.class) {
            writer.writeDouble((Double) value);
        } else if (type == Date.class) {
            writer.writeDateTime(((Date) value).getTime());
        } else if (value instanceof Map<?, ?> map && (type == Document.class || !(value instanceof Bson))) {
            // as the registry's codecs of documents and maps write it
            writeDocument(writer, map, false);
        } else if (value instanceof List<?> list) { // as its codec of collections writes it
            writer.writeStartArray();
            for (Object element : list) {
                writeValue(writer, element);
            }
            writer.writeEndArray();
        } else {
            CHILD.encodeWithChildContext((Codec) registry.get(type), writer, value);
        }
    }

    @Override
    public Document decode(BsonReader reader, DecoderContext context) {
        return standard.decode(reader, context);
    }

    @Override
    public Class<Document> getEncoderClass() {
        return Document.class;
    }

    @Override
    public Document generateIdIfAbsentFromDocument(Document document) {
        return standard.generateIdIfAbsentFromDocument(document);
    }

    @Override
    public boolean documentHasId(Document document) {
        return standard.documentHasId(document);
    }

    @Override
    public BsonValue getDocumentId(Document document) {
        return standard.getDocumentId(document);
    }

    @Override
    public Codec<Document> withUuidRepresentation(UuidRepresentation representation) {
        return new DirectDocumentCodec(registry, (DocumentCodec) standard.withUuidRepresentation(representation));
    }
}
