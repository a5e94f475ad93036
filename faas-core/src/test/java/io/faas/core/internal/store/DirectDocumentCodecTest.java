package io.faas.core.internal.store;

import com.mongodb.MongoClientSettings;
import io.faas.api.Attempt;
import io.faas.api.Delivery;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.Invocation;
import io.faas.api.InvocationError;
import io.faas.api.InvocationStatus;
import io.faas.api.Redrive;
import io.faas.api.Subscription;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DirectDocumentCodecTest {

    private static final Instant T = Instant.parse("2026-12-07T10:15:30.123Z");
    private static final Codec<Document> DIRECT = MongoStore.CODECS.get(Document.class);
    private static final DocumentCodec DRIVER = new DocumentCodec(MongoClientSettings.getDefaultCodecRegistry());

    @Test
    void theRegistryGivesItForDocuments() {
        assertThat(DIRECT).isInstanceOf(DirectDocumentCodec.class);
    }

    @Test
    void ledgerRecordsAreWrittenByteForByteAsTheDriverWritesThem() {
        InvocationError error = new InvocationError("ValueError", "bad", "Traceback...");
        Attempt first = new Attempt(1, 0, InvocationStatus.FAILED, error, "log", false, T, T.plusMillis(5), "local");
        Attempt again = new Attempt(1, 1, InvocationStatus.SUCCEEDED, null, "ok", false, T.plusMillis(50),
                T.plusMillis(60), "local");
        Invocation redriven = new Invocation("t:0:1:f", "f", 3, "t", 0, 1, "e", null, "{}", InvocationStatus.SUCCEEDED,
                "1", null, "ok", false, 1, false, T.plusMillis(40), T.plusMillis(50), T.plusMillis(60), "local",
                List.of(first, again), List.of(new Redrive(1, T.plusMillis(40), InvocationStatus.FAILED, error, 2)));
        Invocation failed = new Invocation("t:1:9:f", "f", 2, "t", 1, 9, "e-1", "k", "{\"a\":1}",
                InvocationStatus.FAILED, null, error, "printed", true, 3, true, T, T.plusMillis(5), T.plusMillis(30),
                "local");
        Invocation running = new Invocation("t:1:10:f", "f", 2, "t", 1, 10, "e-2", null, "[]",
                InvocationStatus.RUNNING, null, null, "", false, 0, false, T, null, null, "local");
        Invocation delivered = failed.withDestination(new Delivery("out", 2, 77L, null));

        for (Invocation record : List.of(redriven, failed, running, delivered)) {
            assertSameBytes(Documents.invocationDocument(record, Duration.ofDays(7)));
        }
    }

    @Test
    void functionDocumentsWithPatternsAreWrittenAsTheDriverWritesThem() {
        Map<String, Object> pattern = new LinkedHashMap<>();
        pattern.put("type", List.of("created"));
        pattern.put("amount", List.of(Map.of("numeric", List.of(">", 100, "<=", 2.5e3))));
        FunctionSpec spec = FunctionSpec.builder("f").topics("plain").subscribe(Subscription.of("orders", pattern))
                .build();
        assertSameBytes(Documents.functionDocument(new FunctionVersion(spec, 2, "def handler(e, c):\n    pass\n",
                "abc", T), Map.of("k", new byte[] {9, 8})));
    }

    @Test
    void everyOtherValueGoesThroughTheRegistryAndIdsComeFirst() {
        List<Object> mixed = new ArrayList<>();
        mixed.add(null);
        mixed.add(1L);
        mixed.add(new Document("x", List.of()));
        Document d = new Document("a", new ObjectId("656f1b2c3d4e5f6071829304"))
                .append("_id", "id-after-a")
                .append("bytes", new byte[] {1, 2, 3})
                .append("binary", new Binary((byte) 0x80, new byte[] {4}))
                .append("decimal", Decimal128.parse("1.5"))
                .append("date", new Date(0))
                .append("mixed", mixed)
                .append("nested", new Document("_id", 1).append("b", true).append("c", 2.5).append("d", 7));
        assertSameBytes(d);
        BsonDocument written = encode(DIRECT, d, EncoderContext.builder().isEncodingCollectibleDocument(true).build());
        assertThat(written.getFirstKey()).isEqualTo("_id");
        assertThat(written.getDocument("nested").getFirstKey()).as("a nested _id keeps its place").isEqualTo("_id");
    }

    @Test
    void itReadsBackWhatItWrote() {
        Invocation failed = new Invocation("t:1:9:f", "f", 2, "t", 1, 9, "e-1", "k", "{\"a\":1}",
                InvocationStatus.FAILED, null, new InvocationError("ValueError", "bad", null), "printed", true, 3,
                true, T, T.plusMillis(5), T.plusMillis(30), "local");
        BsonDocument written = encode(DIRECT, Documents.invocationDocument(failed), EncoderContext.builder().build());
        Document read = DIRECT.decode(new BsonBinaryReader(ByteBuffer.wrap(bytes(written))),
                DecoderContext.builder().build());
        assertThat(Documents.toInvocation(read)).isEqualTo(failed);
    }

    @Test
    void itDecodesAsTheDriversRegistryDoes() {
        Document stored = new Document("_id", "x").append("ref", new Document("$ref", "c").append("$id", 1));
        BsonDocument written = encode(DRIVER, stored, EncoderContext.builder().build());
        Codec<Document> drivers = MongoClientSettings.getDefaultCodecRegistry().get(Document.class);
        Document read = DIRECT.decode(new BsonBinaryReader(ByteBuffer.wrap(bytes(written))),
                DecoderContext.builder().build());
        assertThat(read).isEqualTo(drivers.decode(new BsonBinaryReader(ByteBuffer.wrap(bytes(written))),
                DecoderContext.builder().build()));
        assertThat(read.get("ref")).isInstanceOf(com.mongodb.DBRef.class);
    }

    private static void assertSameBytes(Document document) {
        for (boolean collectible : new boolean[] {true, false}) {
            EncoderContext context = EncoderContext.builder().isEncodingCollectibleDocument(collectible).build();
            assertThat(bytes(encode(DIRECT, document, context)))
                    .as("collectible %s: %s", collectible, document.toJson())
                    .isEqualTo(bytes(encode(DRIVER, document, context)));
        }
    }

    private static BsonDocument encode(Codec<Document> codec, Document document, EncoderContext context) {
        BasicOutputBuffer out = new BasicOutputBuffer();
        codec.encode(new BsonBinaryWriter(out), document, context);
        return new org.bson.RawBsonDocument(out.toByteArray());
    }

    private static byte[] bytes(BsonDocument document) {
        return ((org.bson.RawBsonDocument) document).getByteBuffer().array().clone();
    }
}
