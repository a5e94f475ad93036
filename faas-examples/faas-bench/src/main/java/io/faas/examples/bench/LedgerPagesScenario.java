package io.faas.examples.bench;

import com.mongodb.client.model.InsertManyOptions;
import io.faas.api.Invocation;
import io.faas.api.InvocationError;
import io.faas.api.InvocationQuery;
import io.faas.api.InvocationStatus;
import io.faas.core.internal.store.Documents;
import io.faas.core.FaasSettings;
import io.faas.core.internal.ledger.LedgerRetention;
import io.faas.core.internal.ledger.MongoInvocationStore;
import io.faas.core.internal.store.MongoStore;
import io.faas.testkit.EmbeddedMongo;
import org.bson.Document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The output log at scale in the embedded mode: one ledger of a million records on the admin
 * app's durable MongoDB-wire server (H2 file), with the ledger's indexes, against the same
 * records on the same server without them (what every query did before: read every document).
 * Each row is one kind of request the API and {@code ?wait=} make, through the ledger's own query
 * code; the last row is what the indexes cost the ledger writer.
 */
final class LedgerPagesScenario implements Scenario {

    private static final int FUNCTIONS = 20;
    private static final String[] TOPICS = {"orders", "payments", "clicks", "audit", "mail"};

    @Override
    public String name() {
        return "pages";
    }

    @Override
    public List<Result> run(RunOptions options) throws Exception {
        int records = options.pick(100_000, 1_000_000);
        int rounds = 3; // a scan of a million records takes seconds: the baseline makes one call a round
        Path dir = Files.createTempDirectory("faas-bench-pages-");
        try (EmbeddedMongo indexedServer = EmbeddedMongo.builder().h2File(dir.resolve("indexed.mv"))
                .closeOnExit(false).build().start();
             EmbeddedMongo scannedServer = EmbeddedMongo.builder().h2File(dir.resolve("scanned.mv"))
                     .closeOnExit(false).build().start();
             MongoStore indexed = new MongoStore(indexedServer.connectionString(), "bench", Duration.ofSeconds(30));
             MongoStore scanned = new MongoStore(scannedServer.connectionString(), "bench", Duration.ofSeconds(30))) {
            indexed.ensureIndexes();
            double withIndexes = fill(indexed, records);
            double without = fill(scanned, records);
            MongoInvocationStore ours = new MongoInvocationStore(indexed, LedgerRetention.fixed(FaasSettings.DEFAULT_LEDGER_RETENTION));
            MongoInvocationStore before = new MongoInvocationStore(scanned, LedgerRetention.fixed(FaasSettings.DEFAULT_LEDGER_RETENTION));

            String rare = function(FUNCTIONS - 1);
            String cursor = ours.query(InvocationQuery.builder().function(function(0)).limit(1000).build())
                    .nextCursor();
            String eventId = eventId(records / 2);
            List<Request> requests = List.of(
                    new Request("pages.newest-50", "the first page of 50, no filter",
                            s -> () -> s.query(InvocationQuery.all())),
                    new Request("pages.function-50", "a page of 50 of the function with half of all records",
                            s -> () -> s.query(InvocationQuery.builder().function(function(0)).build())),
                    new Request("pages.rare-function-50", "a page of 50 of a function with 0.1% of the records",
                            s -> () -> s.query(InvocationQuery.builder().function(rare).build())),
                    new Request("pages.function-failed-50", "a page of 50 of one function's FAILED records (2%)",
                            s -> () -> s.query(InvocationQuery.builder().function(function(1))
                                    .status(InvocationStatus.FAILED).build())),
                    new Request("pages.topic-window-50", "a page of 50 of one topic in a 10-minute window",
                            s -> () -> s.query(InvocationQuery.builder().topic(TOPICS[2])
                                    .from(queuedAt(records / 3)).to(queuedAt(records / 3).plusSeconds(600)).build())),
                    new Request("pages.second-page-50", "the page after the first 1,000 of a function (cursor)",
                            s -> () -> s.query(InvocationQuery.builder().function(function(0)).cursor(cursor).build())),
                    new Request("pages.event-records", "an event's records: what every ?wait= poll reads",
                            s -> () -> s.forEvent(eventId)));

            List<Result> results = new ArrayList<>();
            String baseline = "the same " + records + " records on the same server without the ledger's indexes";
            for (Request request : requests) {
                Supplier<Object> mine = request.call().apply(ours);
                Supplier<Object> theirs = request.call().apply(before);
                mine.get();
                double[] fast = new double[rounds];
                double[] slow = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    fast[r] = millis(mine, 10);
                    slow[r] = millis(theirs, 1);
                }
                results.add(Result.paired(request.name() + ".ms", "ms", fast, slow, baseline, Target.atMost(100),
                        request.what() + ", " + records + " records; ours the median of 10 calls per round"));
            }
            results.add(Result.paired("pages.insert-with-indexes", "rec/s", new double[]{withIndexes},
                    new double[]{without}, "the same inserts without the ledger's indexes", Target.none(),
                    records + " records in unordered batches of 1,000, synced writes"));
            return results;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private record Request(String name, String what,
                           java.util.function.Function<MongoInvocationStore, Supplier<Object>> call) {
    }

    private static double millis(Supplier<Object> call, int times) {
        double[] each = new double[times];
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            call.get();
            each[i] = (System.nanoTime() - start) / 1e6;
        }
        return Stats.median(each);
    }

    private static String function(int i) {
        return String.format("fn-%02d", i);
    }

    private static String eventId(int i) {
        return TOPICS[i % TOPICS.length] + "-0-" + i;
    }

    private static Instant queuedAt(int i) {
        return Instant.parse("2026-11-01T00:00:00Z").plusMillis(i * 10L);
    }

    /** Half the records to fn-00, 0.1% to the last function, the rest spread; 2% FAILED. */
    private static double fill(MongoStore store, int records) {
        Random random = new Random(42);
        long start = System.nanoTime();
        List<Document> batch = new ArrayList<>(1000);
        for (int i = 0; i < records; i++) {
            int f = random.nextInt(1000);
            String function = f < 500 ? function(0) : f == 999 ? function(FUNCTIONS - 1)
                    : function(1 + f % (FUNCTIONS - 2));
            String topic = TOPICS[i % TOPICS.length];
            boolean failed = random.nextInt(50) == 0;
            Instant queued = queuedAt(i);
            Invocation invocation = new Invocation(Invocation.idOf(topic, 0, i, function), function, 1, topic, 0, i,
                    eventId(i), "k" + (i % 100), "{\"n\":" + i + "}",
                    failed ? InvocationStatus.FAILED : InvocationStatus.SUCCEEDED, failed ? null : "{\"ok\":true}",
                    failed ? new InvocationError("ValueError", "bad input", "Traceback ...") : null, "", false, 1,
                    false, queued, queued.plusMillis(2), queued.plusMillis(5), "local");
            batch.add(Documents.invocationDocument(invocation));
            if (batch.size() == 1000) {
                store.invocations().insertMany(batch, new InsertManyOptions().ordered(false));
                batch = new ArrayList<>(1000);
            }
        }
        if (!batch.isEmpty()) {
            store.invocations().insertMany(batch, new InsertManyOptions().ordered(false));
        }
        return records / ((System.nanoTime() - start) / 1e9);
    }
}
