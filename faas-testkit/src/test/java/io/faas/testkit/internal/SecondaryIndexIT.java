package io.faas.testkit.internal;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The durable H2 backend's secondary indexes against the stock memory backend, which scans: the
 * same documents, indexes, queries and changes must give the same answers, and the queries an
 * index serves must read no collection scan.
 */
class SecondaryIndexIT {

    private static final String DB = "idx";
    private static final String[] FUNCTIONS = {"alpha", "beta", "gamma", "delta", "eps"};
    private static final String[] STATUSES = {"RUNNING", "SUCCEEDED", "FAILED"};
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private DurableH2Backend durable;

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private MongoCollection<Document> serve(de.bwaldvogel.mongo.MongoBackend backend) {
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        open.add(server::shutdownNow);
        MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        open.add(client);
        return client.getDatabase(DB).getCollection("invocations");
    }

    private MongoCollection<Document> durable() {
        durable = DurableH2Backend.open(dir.resolve("idx.mv").toString());
        return serve(durable);
    }

    private static void createIndexes(MongoCollection<Document> c) {
        c.createIndex(Indexes.compoundIndex(Indexes.descending("queuedAt"), Indexes.descending("_id")));
        c.createIndex(Indexes.compoundIndex(Indexes.ascending("function"), Indexes.descending("queuedAt"),
                Indexes.descending("_id")));
        c.createIndex(Indexes.compoundIndex(Indexes.ascending("function"), Indexes.ascending("status"),
                Indexes.descending("queuedAt"), Indexes.descending("_id")));
        c.createIndex(Indexes.compoundIndex(Indexes.ascending("topic"), Indexes.ascending("partition"),
                Indexes.ascending("offset")));
        c.createIndex(Indexes.ascending("tags"));
        c.createIndex(Indexes.ascending("n"));
        c.createIndex(Indexes.ascending("opt"), new IndexOptions().sparse(true));
    }

    private static List<Document> documents(Random random, int count, int offset) {
        List<Document> docs = new ArrayList<>();
        for (int i = offset; i < offset + count; i++) {
            Document d = new Document("_id", String.format("t:%d:%06d", i % 3, i))
                    .append("function", FUNCTIONS[random.nextInt(FUNCTIONS.length)])
                    .append("status", STATUSES[random.nextInt(STATUSES.length)])
                    .append("queuedAt", new Date(T0 + random.nextInt(count / 4 + 1) * 1000L))
                    .append("topic", "t")
                    .append("partition", i % 3)
                    .append("offset", (long) i);
            switch (random.nextInt(4)) {
                case 0 -> d.append("n", random.nextInt(20));
                case 1 -> d.append("n", random.nextInt(20) + 0.5);
                case 2 -> d.append("n", (long) random.nextInt(20));
                default -> d.append("n", "s" + random.nextInt(5));
            }
            switch (random.nextInt(4)) {
                case 0 -> d.append("tags", List.of("x", "y" + random.nextInt(3)));
                case 1 -> d.append("tags", List.of());
                case 2 -> d.append("tags", "x");
                default -> { }
            }
            switch (random.nextInt(3)) {
                case 0 -> d.append("opt", random.nextInt(3));
                case 1 -> d.append("opt", null);
                default -> { }
            }
            docs.add(d);
        }
        return docs;
    }

    /** Filters over every planned shape and some that no index serves. */
    private static Bson filter(Random random) {
        List<Bson> parts = new ArrayList<>();
        String function = FUNCTIONS[random.nextInt(FUNCTIONS.length)];
        switch (random.nextInt(12)) {
            case 0 -> parts.add(Filters.eq("function", function));
            case 1 -> {
                parts.add(Filters.eq("function", function));
                parts.add(Filters.eq("status", STATUSES[random.nextInt(3)]));
            }
            case 2 -> parts.add(Filters.in("function", function, FUNCTIONS[random.nextInt(FUNCTIONS.length)]));
            case 3 -> parts.add(Filters.eq("tags", random.nextBoolean() ? "x" : "y1"));
            case 4 -> parts.add(Filters.gte("n", random.nextInt(20)));
            case 5 -> parts.add(Filters.and(Filters.gt("n", 3), Filters.lte("n", 9.5)));
            case 6 -> parts.add(Filters.eq("opt", random.nextBoolean() ? null : 1));
            case 7 -> parts.add(Filters.and(Filters.eq("topic", "t"), Filters.eq("partition", random.nextInt(3)),
                    Filters.gte("offset", (long) random.nextInt(300))));
            case 8 -> parts.add(Filters.ne("status", "RUNNING"));
            case 9 -> parts.add(Filters.eq("_id", String.format("t:%d:%06d", 1, 4)));
            case 10 -> parts.add(Filters.lt("n", "s3"));
            default -> { }
        }
        if (random.nextInt(3) == 0) {
            Date at = new Date(T0 + random.nextInt(80) * 1000L);
            parts.add(random.nextBoolean() ? Filters.gte("queuedAt", at) : Filters.lt("queuedAt", at));
        }
        if (random.nextInt(4) == 0) {
            // the ledger's cursor: older than a record, or as old and a smaller id
            Date at = new Date(T0 + random.nextInt(80) * 1000L);
            parts.add(Filters.lte("queuedAt", at));
            parts.add(Filters.or(Filters.lt("queuedAt", at),
                    Filters.and(Filters.eq("queuedAt", at), Filters.lt("_id", "t:1:000150"))));
        }
        if (random.nextInt(5) == 0) {
            parts.add(Filters.ne("status", "FAILED"));
        }
        return parts.isEmpty() ? new Document() : parts.size() == 1 ? parts.get(0) : Filters.and(parts);
    }

    private static final Bson[] SORTS = {
            Sorts.orderBy(Sorts.descending("queuedAt"), Sorts.descending("_id")),
            Sorts.orderBy(Sorts.ascending("queuedAt"), Sorts.ascending("_id")),
            Sorts.orderBy(Sorts.ascending("n"), Sorts.ascending("_id")),
            Sorts.orderBy(Sorts.ascending("partition"), Sorts.descending("offset"), Sorts.ascending("_id")),
            Sorts.ascending("_id"),
            null,
    };

    private static List<Object> run(MongoCollection<Document> c, Bson filter, Bson sort, int skip, int limit) {
        FindIterable<Document> found = c.find(filter).skip(skip).limit(limit);
        if (sort != null) {
            found = found.sort(sort);
        }
        List<Object> ids = new ArrayList<>();
        for (Document d : found) {
            ids.add(d.get("_id"));
        }
        return ids;
    }

    private static void assertSameAnswers(MongoCollection<Document> expected, MongoCollection<Document> actual,
                                          Random random, int queries) {
        for (int q = 0; q < queries; q++) {
            Bson filter = filter(random);
            Bson sort = SORTS[random.nextInt(SORTS.length)];
            int skip = random.nextInt(4) == 0 ? random.nextInt(5) : 0;
            int limit = new int[]{0, 1, 7, 50}[random.nextInt(4)];
            if (sort == null && (limit > 0 || skip > 0)) {
                sort = Sorts.ascending("_id"); // without a sort, which documents skip and limit keep is unspecified
            }
            String what = filter.toBsonDocument().toJson() + " sort " + (sort == null ? "-" : sort.toBsonDocument().toJson())
                    + " skip " + skip + " limit " + limit;
            if (sort == null) {
                assertThat(new HashSet<>(run(actual, filter, null, skip, limit))).as(what)
                        .isEqualTo(new HashSet<>(run(expected, filter, null, skip, limit)));
            } else {
                assertThat(run(actual, filter, sort, skip, limit)).as(what)
                        .isEqualTo(run(expected, filter, sort, skip, limit));
            }
            assertThat(actual.countDocuments(filter)).as(what).isEqualTo(expected.countDocuments(filter));
        }
    }

    private static void change(MongoCollection<Document> c, Random random) {
        for (int i = 0; i < 40; i++) {
            String id = String.format("t:%d:%06d", i % 3, random.nextInt(400));
            switch (random.nextInt(4)) {
                case 0 -> c.updateOne(Filters.and(Filters.eq("_id", id), Filters.ne("status", "FAILED")),
                        Updates.set("status", "FAILED"));
                case 1 -> c.updateMany(Filters.and(Filters.eq("function", FUNCTIONS[i % 5]), Filters.eq("status", "RUNNING")),
                        Updates.combine(Updates.set("status", "SUCCEEDED"), Updates.set("tags", List.of("z", "x"))));
                case 2 -> c.deleteOne(Filters.eq("_id", id));
                default -> c.replaceOne(Filters.eq("_id", id), new Document("function", "beta").append("status", "RUNNING")
                        .append("queuedAt", new Date(T0 + 5_000)).append("n", 4));
            }
        }
    }

    @Test
    void answersAsAScanDoes() throws Exception {
        Random random = new Random(20261202);
        MongoCollection<Document> reference = serve(new MemoryBackend());
        MongoCollection<Document> indexed = durable();
        createIndexes(reference);
        createIndexes(indexed);
        List<Document> docs = documents(new Random(1), 400, 0);
        reference.insertMany(docs);
        indexed.insertMany(documents(new Random(1), 400, 0));

        assertSameAnswers(reference, indexed, random, 300);

        Random changes = new Random(7);
        change(reference, changes);
        change(indexed, new Random(7));
        assertSameAnswers(reference, indexed, random, 300);

        // Reopened from the file: the indexes come back with the documents.
        close();
        open.clear();
        reference = serve(new MemoryBackend());
        createIndexes(reference);
        MongoCollection<Document> reopened = durable();
        List<Document> all = reopened.find().into(new ArrayList<>());
        reference.insertMany(all);
        assertSameAnswers(reference, reopened, random, 200);
    }

    @Test
    void indexedQueriesReadNoScan() {
        MongoCollection<Document> indexed = durable();
        createIndexes(indexed);
        indexed.insertMany(documents(new Random(3), 2_000, 0));
        long before = durable.scans(DB, "invocations");

        List<Object> page = run(indexed, Filters.eq("function", "alpha"),
                Sorts.orderBy(Sorts.descending("queuedAt"), Sorts.descending("_id")), 0, 50);
        run(indexed, Filters.and(Filters.eq("function", "alpha"), Filters.eq("status", "FAILED"),
                Filters.lt("queuedAt", new Date(T0 + 100_000))), Sorts.descending("queuedAt"), 0, 50);
        run(indexed, new Document(), Sorts.orderBy(Sorts.descending("queuedAt"), Sorts.descending("_id")), 0, 50);
        run(indexed, Filters.and(Filters.eq("topic", "t"), Filters.eq("partition", 1), Filters.gte("offset", 1500L),
                Filters.ne("status", "RUNNING")), null, 0, 0);
        indexed.updateOne(Filters.and(Filters.eq("_id", "t:1:000001"), Filters.eq("status", "RUNNING")),
                Updates.set("status", "FAILED"));
        assertThat(page).hasSize(50);
        assertThat(durable.scans(DB, "invocations")).isEqualTo(before);

        run(indexed, Filters.eq("status", "FAILED"), null, 0, 0); // no index starts with status
        assertThat(durable.scans(DB, "invocations")).isEqualTo(before + 1);
    }

    @Test
    void buildsAnIndexOverExistingDocuments() {
        MongoCollection<Document> indexed = durable();
        indexed.insertMany(documents(new Random(5), 300, 0));
        indexed.createIndex(Indexes.compoundIndex(Indexes.ascending("function"), Indexes.descending("queuedAt")));
        long before = durable.scans(DB, "invocations");
        Set<Object> alpha = new HashSet<>(run(indexed, Filters.eq("function", "alpha"), null, 0, 0));
        assertThat(durable.scans(DB, "invocations")).isEqualTo(before);
        Set<Object> expected = new HashSet<>();
        for (Document d : documents(new Random(5), 300, 0)) {
            if (d.get("function").equals("alpha")) {
                expected.add(d.get("_id"));
            }
        }
        assertThat(alpha).isNotEmpty().isEqualTo(expected);
    }

    @Test
    void opensAFileTheStockBackendWrote() throws Exception {
        String file = dir.resolve("idx.mv").toString();
        MongoCollection<Document> stock = serve(new de.bwaldvogel.mongo.backend.h2.H2Backend(file));
        stock.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true).sparse(true));
        createIndexes(stock);
        stock.insertMany(documents(new Random(9), 200, 0));
        stock.insertOne(new Document("_id", "named").append("name", "only"));
        close();
        open.clear();

        MongoCollection<Document> reopened = durable();
        assertThat(reopened.countDocuments()).isEqualTo(201);
        assertThat(reopened.find(Filters.eq("_id", "t:1:000004")).first()).isNotNull();
        assertThat(reopened.find(Filters.eq("name", "only")).first()).containsEntry("_id", "named");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reopened.insertOne(new Document("_id", "t:1:000004")))
                .hasMessageContaining("duplicate key");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reopened.insertOne(
                new Document("_id", "other").append("name", "only"))).hasMessageContaining("duplicate key");
        long before = durable.scans(DB, "invocations");
        Set<Object> alpha = new HashSet<>(run(reopened, Filters.eq("function", "alpha"), null, 0, 0));
        assertThat(durable.scans(DB, "invocations")).isEqualTo(before);
        Set<Object> expected = new HashSet<>();
        for (Document d : documents(new Random(9), 200, 0)) {
            if (d.get("function").equals("alpha")) {
                expected.add(d.get("_id"));
            }
        }
        assertThat(alpha).isNotEmpty().isEqualTo(expected);
    }
}
