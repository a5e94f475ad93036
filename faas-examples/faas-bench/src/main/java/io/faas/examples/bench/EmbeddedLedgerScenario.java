package io.faas.examples.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import io.faas.testkit.EmbeddedMongo;
import org.bson.Document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What durable writes cost the embedded mode: the admin app's MongoDB-wire server on an H2 file,
 * answering a write only once it is committed and synced to disk, against the same server
 * answering from memory (the H2 backend's own way, which a kill -9 can lose). Two shapes: the
 * ledger writer's unordered batches, and single inserts (the worst case: a sync each).
 */
final class EmbeddedLedgerScenario implements Scenario {

    @Override
    public String name() {
        return "ledger";
    }

    @Override
    public List<Result> run(RunOptions options) throws Exception {
        int rounds = options.pick(3, 5);
        int batched = options.pick(5_000, 20_000);
        int singles = options.pick(300, 1_000);
        Path dir = Files.createTempDirectory("faas-bench-ledger-");
        try {
            double[] syncedBatches = new double[rounds];
            double[] memoryBatches = new double[rounds];
            double[] syncedSingles = new double[rounds];
            double[] memorySingles = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                boolean syncedFirst = r % 2 == 0;
                for (int side = 0; side < 2; side++) {
                    boolean sync = (side == 0) == syncedFirst;
                    Path file = dir.resolve((sync ? "synced-" : "memory-") + r + ".mv");
                    try (EmbeddedMongo mongo = EmbeddedMongo.builder().h2File(file).syncWrites(sync)
                            .closeOnExit(false).build().start();
                         MongoClient client = MongoClients.create(mongo.connectionString())) {
                        MongoCollection<Document> ledger = client.getDatabase("bench").getCollection("invocations");
                        insertBatches(ledger, 500, "warm-");
                        double b = insertBatches(ledger, batched, "b-");
                        double s = insertSingles(ledger, singles);
                        (sync ? syncedBatches : memoryBatches)[r] = b;
                        (sync ? syncedSingles : memorySingles)[r] = s;
                    }
                }
            }
            String baseline = "the same server answering from memory, file written about once a second (not crash-safe)";
            return List.of(
                    Result.paired("ledger.h2-synced-batches", "rec/s", syncedBatches, memoryBatches, baseline,
                            Target.none(), rounds + " rounds of " + batched
                                    + " ledger-sized records in unordered batches of 100, one client"),
                    Result.paired("ledger.h2-synced-single", "rec/s", syncedSingles, memorySingles, baseline,
                            Target.none(), rounds + " rounds of " + singles + " insertOne calls, one client"));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double insertBatches(MongoCollection<Document> ledger, int records, String prefix) {
        long start = System.nanoTime();
        for (int i = 0; i < records; i += 100) {
            List<Document> batch = new ArrayList<>(100);
            for (int j = i; j < Math.min(records, i + 100); j++) {
                batch.add(record(prefix + j));
            }
            ledger.insertMany(batch, new InsertManyOptions().ordered(false));
        }
        return records / ((System.nanoTime() - start) / 1e9);
    }

    private static double insertSingles(MongoCollection<Document> ledger, int records) {
        long start = System.nanoTime();
        for (int i = 0; i < records; i++) {
            ledger.insertOne(record("s-" + i));
        }
        return records / ((System.nanoTime() - start) / 1e9);
    }

    /** About the size of a small invocation record. */
    private static Document record(String id) {
        return new Document("_id", id).append("function", "add").append("version", 1).append("topic", "maths")
                .append("partition", 0).append("offset", id.hashCode()).append("eventId", id)
                .append("status", "SUCCEEDED").append("result", "7").append("logs", "")
                .append("attempts", 1).append("queuedAt", System.currentTimeMillis())
                .append("durationMs", 3).append("executor", "local");
    }
}
