package io.faas.testkit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.faas.testkit.internal.FreePorts;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EmbeddedMongoIT {
    private static EmbeddedMongo mongo;
    private static MongoClient client;

    @BeforeAll
    static void startServer() {
        long started = System.nanoTime();
        mongo = EmbeddedMongo.builder().build().start();
        System.out.printf("EmbeddedMongo started in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        client = MongoClients.create(mongo.connectionString());
    }

    @AfterAll
    static void stopServer() {
        client.close();
        mongo.close();
    }

    @Test
    void insertsAndFinds() {
        MongoCollection<Document> functions = client.getDatabase("insert-find").getCollection("functions");
        functions.insertMany(List.of(new Document("_id", "a").append("version", 1),
                new Document("_id", "b").append("version", 2)));

        assertThat(functions.find(Filters.eq("version", 2)).first()).containsEntry("_id", "b");
        assertThat(functions.countDocuments()).isEqualTo(2);
        assertThat(mongo.connectionString()).isEqualTo("mongodb://127.0.0.1:" + mongo.port());
    }

    @Test
    void aUniqueSingleFieldIndexRefusesDuplicates() {
        MongoCollection<Document> topics = client.getDatabase("unique").getCollection("topics");
        topics.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true));
        topics.insertOne(new Document("name", "orders"));

        assertThatThrownBy(() -> topics.insertOne(new Document("name", "orders")))
                .isInstanceOfSatisfying(MongoWriteException.class, e -> {
                    assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY);
                    assertThat(e.getCode()).isEqualTo(11000);
                });
    }

    @Test
    void aCompoundUniqueIndexRefusesDuplicatePairsOnly() {
        MongoCollection<Document> ledger = client.getDatabase("compound").getCollection("ledger");
        ledger.createIndex(Indexes.ascending("event", "function"), new IndexOptions().unique(true));
        ledger.insertOne(new Document("event", "e1").append("function", "f"));
        ledger.insertOne(new Document("event", "e1").append("function", "g"));
        ledger.insertOne(new Document("event", "e2").append("function", "f"));

        assertThatThrownBy(() -> ledger.insertOne(new Document("event", "e1").append("function", "f")))
                .isInstanceOfSatisfying(MongoWriteException.class,
                        e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
        assertThat(ledger.countDocuments()).isEqualTo(3);
    }

    @Test
    void nonUniqueIndexesAreAcceptedAndQueriesStillAnswer() {
        MongoCollection<Document> ledger = client.getDatabase("secondary").getCollection("ledger");
        ledger.createIndex(Indexes.compoundIndex(Indexes.ascending("function"), Indexes.descending("queuedAt")));
        ledger.createIndex(Indexes.ascending("status"));
        ledger.insertMany(List.of(new Document("function", "f").append("queuedAt", 2).append("status", "FAILED"),
                new Document("function", "f").append("queuedAt", 1).append("status", "SUCCEEDED"),
                new Document("function", "g").append("queuedAt", 3).append("status", "FAILED")));

        List<Document> found = ledger.find(Filters.eq("function", "f"))
                .sort(Indexes.descending("queuedAt")).into(new ArrayList<>());
        assertThat(found).extracting(d -> d.getInteger("queuedAt")).containsExactly(2, 1);
        assertThat(ledger.countDocuments(Filters.eq("status", "FAILED"))).isEqualTo(2);
    }

    @Test
    void keepsDataInAnH2FileAcrossARestart(@TempDir Path dir) {
        Path file = dir.resolve("data/mongo.mv");
        try (EmbeddedMongo first = EmbeddedMongo.builder().h2File(file).build().start();
             MongoClient c = MongoClients.create(first.connectionString())) {
            c.getDatabase("kept").getCollection("functions").insertOne(new Document("_id", "f").append("version", 3));
        }
        assertThat(file).exists();

        try (EmbeddedMongo second = EmbeddedMongo.builder().h2File(file).build().start();
             MongoClient c = MongoClients.create(second.connectionString())) {
            assertThat(c.getDatabase("kept").getCollection("functions").find().first())
                    .containsEntry("_id", "f").containsEntry("version", 3);
        }
    }

    @Test
    void changeStreamsWorkWithTheOplog() {
        try (EmbeddedMongo withOplog = EmbeddedMongo.builder().oplog(true).build().start();
             MongoClient c = MongoClients.create(withOplog.connectionString())) {
            MongoCollection<Document> changes = c.getDatabase("oplog").getCollection("changes");
            try (MongoCursor<ChangeStreamDocument<Document>> stream = changes.watch().cursor()) {
                changes.insertOne(new Document("_id", "x"));
                List<ChangeStreamDocument<Document>> seen = new ArrayList<>();
                await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> {
                    ChangeStreamDocument<Document> next = stream.tryNext();
                    if (next != null) {
                        seen.add(next);
                    }
                    return !seen.isEmpty();
                });
                assertThat(seen.get(0).getDocumentKey().getString("_id").getValue()).isEqualTo("x");
            }
        }
    }

    @Test
    void closeIsIdempotentAndFreesThePort() {
        EmbeddedMongo server = EmbeddedMongo.builder().build();
        assertThat(server.isRunning()).isFalse();
        server.start();
        int port = server.port();
        assertThat(server.isRunning()).isTrue();

        server.close();
        server.close();

        assertThat(server.isRunning()).isFalse();
        assertThat(FreePorts.isFree(port)).isTrue();
        assertThatThrownBy(server::connectionString).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTakenPortFailsTheStartWithoutLeavingThreads() throws Exception {
        Set<Thread> before = nonDaemonThreads();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EmbeddedMongo server = EmbeddedMongo.builder().port(taken.getLocalPort()).build();
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
            assertThat(server.isRunning()).isFalse();
        }
        await().atMost(Duration.ofSeconds(10)).pollInSameThread()
                .untilAsserted(() -> assertThat(nonDaemonThreads()).isSubsetOf(before));
    }

    private static Set<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.isDaemon() && t.isAlive())
                .collect(Collectors.toSet());
    }
}
