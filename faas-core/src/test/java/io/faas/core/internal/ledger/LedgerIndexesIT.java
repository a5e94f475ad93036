package io.faas.core.internal.ledger;

import io.faas.core.internal.store.Documents;
import io.faas.core.internal.store.MongoStore;
import com.mongodb.client.model.InsertManyOptions;
import io.faas.api.Invocation;
import io.faas.api.InvocationError;
import io.faas.api.InvocationPage;
import io.faas.api.InvocationQuery;
import io.faas.api.InvocationStatus;
import io.faas.testkit.EmbeddedMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every query the ledger makes, on the embedded server's H2 file (whose indexes exist as on
 * MongoDB): each answers what a scan would, and none reads the whole collection.
 */
class LedgerIndexesIT {

    private static final String[] FUNCTIONS = {"add", "mul", "rare"};
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    static Path dir;

    private static EmbeddedMongo mongo;
    private static MongoStore store;
    private static MongoInvocationStore ledger;
    private static final List<Invocation> all = new ArrayList<>();

    @BeforeAll
    static void fill() {
        mongo = EmbeddedMongo.builder().h2File(dir.resolve("ledger.mv")).closeOnExit(false).build().start();
        store = new MongoStore(mongo.connectionString(), "ledger", Duration.ofSeconds(10));
        store.ensureIndexes();
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String function = i % 50 == 0 ? "rare" : FUNCTIONS[i % 2];
            String topic = i % 3 == 0 ? "orders" : "clicks";
            InvocationStatus status = i % 7 == 0 ? InvocationStatus.FAILED
                    : i % 11 == 0 ? InvocationStatus.RUNNING : InvocationStatus.SUCCEEDED;
            Instant queued = T0.plusMillis(i / 4 * 1000L); // four records per second: ties
            Invocation inv = new Invocation(Invocation.idOf(topic, i % 2, i, function), function, 1, topic, i % 2, i,
                    topic + "-" + (i % 2) + "-" + i, null, "{}", status,
                    status == InvocationStatus.SUCCEEDED ? "1" : null,
                    status == InvocationStatus.FAILED ? new InvocationError("E", "m", "") : null, "", false, 1, false,
                    queued, queued, status == InvocationStatus.RUNNING ? null : queued.plusMillis(5), "local");
            all.add(inv);
            docs.add(Documents.invocationDocument(inv));
        }
        store.invocations().insertMany(docs, new InsertManyOptions().ordered(false));
        ledger = new MongoInvocationStore(store, LedgerRetention.fixed(Duration.ofDays(30)));
    }

    @AfterAll
    static void close() {
        store.close();
        mongo.close();
    }

    private static long scans() {
        return mongo.collectionScans("ledger", "invocations");
    }

    /** What a page holds by definition: matching records, newest first, ties by id descending. */
    private static List<String> expected(Predicate<Invocation> filter) {
        return all.stream().filter(filter)
                .sorted(Comparator.comparing(Invocation::queuedAt).thenComparing(Invocation::id).reversed())
                .map(Invocation::id).toList();
    }

    /** Every page of the query, following the cursors. */
    private static List<String> pages(InvocationQuery.Builder query) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            InvocationPage page = ledger.query(query.cursor(cursor).build());
            page.items().forEach(i -> ids.add(i.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return ids;
    }

    @Test
    void everyPageQueryIsServedByAnIndex() {
        long before = scans();
        assertThat(before).isNotNegative();
        Instant from = T0.plusSeconds(20);
        Instant to = T0.plusSeconds(100);

        assertThat(pages(InvocationQuery.builder().limit(37))).isEqualTo(expected(i -> true));
        assertThat(pages(InvocationQuery.builder().function("add").limit(50)))
                .isEqualTo(expected(i -> i.function().equals("add")));
        assertThat(pages(InvocationQuery.builder().function("rare").limit(5)))
                .isEqualTo(expected(i -> i.function().equals("rare")));
        assertThat(pages(InvocationQuery.builder().topic("orders").limit(50)))
                .isEqualTo(expected(i -> i.topic().equals("orders")));
        assertThat(pages(InvocationQuery.builder().status(InvocationStatus.FAILED).limit(9)))
                .isEqualTo(expected(i -> i.status() == InvocationStatus.FAILED));
        assertThat(pages(InvocationQuery.builder().function("mul").status(InvocationStatus.RUNNING).limit(3)))
                .isEqualTo(expected(i -> i.function().equals("mul") && i.status() == InvocationStatus.RUNNING));
        assertThat(pages(InvocationQuery.builder().from(from).to(to).limit(50)))
                .isEqualTo(expected(i -> !i.queuedAt().isBefore(from) && i.queuedAt().isBefore(to)));
        assertThat(pages(InvocationQuery.builder().function("add").topic("clicks").from(from).limit(20)))
                .isEqualTo(expected(i -> i.function().equals("add") && i.topic().equals("clicks")
                        && !i.queuedAt().isBefore(from)));
        Invocation one = all.get(301);
        assertThat(pages(InvocationQuery.builder().eventId(one.eventId()))).containsExactly(one.id());

        assertThat(scans()).as("queries that read the whole ledger").isEqualTo(before);
    }

    @Test
    void eventLookupsAndRedeliveryChecksAreServedByAnIndex() {
        long before = scans();
        Invocation one = all.get(123);
        assertThat(ledger.forEvent(one.eventId())).extracting(Invocation::id).containsExactly(one.id());
        assertThat(ledger.find(one.id())).map(Invocation::id).contains(one.id());

        Set<String> finals = ledger.finalIdsFrom("clicks", 1, 400);
        assertThat(finals).isEqualTo(all.stream()
                .filter(i -> i.topic().equals("clicks") && i.partition() == 1 && i.offset() >= 400
                        && i.status() != InvocationStatus.RUNNING)
                .map(Invocation::id).collect(Collectors.toSet()));

        assertThat(scans()).as("queries that read the whole ledger").isEqualTo(before);
    }

    @Test
    void redriveCompareAndSetIsServedByAnIndex() {
        Invocation failed = all.stream().filter(i -> i.status() == InvocationStatus.FAILED && i.offset() > 500)
                .findFirst().orElseThrow();
        Invocation running = new Invocation(failed.id(), failed.function(), failed.version(), failed.topic(),
                failed.partition(), failed.offset(), failed.eventId(), failed.key(), failed.event(),
                InvocationStatus.RUNNING, null, null, "", false, 0, false, failed.queuedAt(), Instant.now(), null,
                "local", failed.history(), List.of());
        long before = scans();
        assertThat(ledger.claimForRedrive(failed, running)).isTrue();
        assertThat(ledger.claimForRedrive(failed, running)).as("a second claim of the same state").isFalse();
        assertThat(ledger.find(failed.id())).map(Invocation::status).contains(InvocationStatus.RUNNING);
        assertThat(ledger.replaceRunning(0, failed)).as("handed back").isTrue();
        assertThat(ledger.replaceRunning(0, failed)).as("no longer held").isFalse();
        assertThat(ledger.find(failed.id())).map(Invocation::status).contains(InvocationStatus.FAILED);
        assertThat(scans()).as("queries that read the whole ledger").isEqualTo(before);
    }
}
