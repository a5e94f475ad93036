package io.faas.examples.bench;

import com.mongodb.MongoClientSettings;
import io.faas.api.Invocation;
import io.faas.api.InvocationStatus;
import io.faas.core.internal.store.Documents;
import io.faas.core.internal.store.MongoStore;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.Codec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the ledger writer spends encoding one record for MongoDB: faas's document codec against
 * the driver's {@code DocumentCodec} (which looks up a codec in the registry for every value), on
 * the same ledger records of a small successful invocation, both on the calling thread,
 * alternating per round; each round reports nanoseconds per record.
 */
final class LedgerEncodeScenario implements Scenario {

    private static final EncoderContext COLLECTIBLE = EncoderContext.builder().isEncodingCollectibleDocument(true)
            .build();

    /** Defeats dead-code elimination of the measured loops. */
    private static volatile long sink;

    @Override
    public String name() {
        return "ledger-encode";
    }

    @Override
    public List<Result> run(RunOptions options) {
        Codec<Document> ours = MongoStore.CODECS.get(Document.class);
        Codec<Document> driver = MongoClientSettings.getDefaultCodecRegistry().get(Document.class);
        List<Document> records = records(1_000);
        int rounds = options.pick(5, 15);
        int passes = options.pick(100, 400);
        encode(ours, records, passes); // warm-up, not counted
        encode(driver, records, passes);
        double[] direct = new double[rounds];
        double[] standard = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            direct[r] = encode(ours, records, passes);
            standard[r] = encode(driver, records, passes);
        }
        return List.of(Result.paired("ledger.encode-record", "ns", direct, standard,
                "the driver's DocumentCodec on the same records", Target.ratioAtMost(1.0),
                rounds + " rounds of " + passes + " passes over " + records.size()
                        + " ledger records of a small successful call; ns per record"));
    }

    /** Records as the ledger writer stores them: one attempt, a small event and result, an expiry. */
    private static List<Document> records(int count) {
        Instant t = Instant.parse("2026-12-07T10:00:00Z");
        List<Document> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant queued = t.plusMillis(i);
            Invocation record = new Invocation("orders:" + (i % 4) + ":" + i + ":f", "f", 1, "orders", i % 4, i,
                    "e-" + i, "k-" + (i % 50), "{\"n\":" + i + "}", InvocationStatus.SUCCEEDED, "{\"n\":" + (i + 1) + "}",
                    null, "", false, 1, false, queued, queued.plusMillis(1), queued.plusMillis(2), "local");
            records.add(Documents.invocationDocument(record, Duration.ofDays(7)));
        }
        return records;
    }

    private static double encode(Codec<Document> codec, List<Document> records, int passes) {
        BasicOutputBuffer out = new BasicOutputBuffer(1 << 20);
        long start = System.nanoTime();
        for (int p = 0; p < passes; p++) {
            out.truncateToPosition(0);
            BsonBinaryWriter writer = new BsonBinaryWriter(out);
            writer.writeStartDocument();
            writer.writeStartArray("documents");
            for (Document record : records) {
                codec.encode(writer, record, COLLECTIBLE);
            }
            writer.writeEndArray();
            writer.writeEndDocument();
        }
        long elapsed = System.nanoTime() - start;
        sink += out.getPosition();
        return (double) elapsed / ((long) passes * records.size());
    }
}
