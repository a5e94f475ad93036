package io.faas.testkit;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the JVM that runs an {@link EmbeddedMongo} on an H2 file, while clients write:
 * every write the server acknowledged is there after the restart.
 */
class EmbeddedMongoCrashIT {

    /** Writes per client before the kill; {@code -Dfaas.crash.writes=} raises it for a long run. */
    private static final int WRITES = Integer.getInteger("faas.crash.writes", 1500);

    @TempDir
    Path dir;

    @Test
    void acknowledgedWritesSurviveKillDashNine() throws Exception {
        Path file = dir.resolve("mongo.mv");
        Server server = Server.start(file, "sync");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        try (MongoClient client = MongoClients.create(server.uri())) {
            MongoCollection<Document> ledger = client.getDatabase("crash").getCollection("ledger");
            for (int c = 0; c < 3; c++) {
                int id = c;
                Thread t = new Thread(() -> write(ledger, id, acknowledged, stop), "writer-" + c);
                clients.add(t);
                t.start();
            }
            // Kill mid-stream: once each client has written its share, with all of them still writing.
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                    .until(() -> acknowledged.size() >= 3 * WRITES || !clients.stream().allMatch(Thread::isAlive));
            assertThat(clients).allMatch(Thread::isAlive);
            server.kill();
            stop.set(true);
            for (Thread t : clients) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(3 * WRITES);

        Server restarted = Server.start(file, "sync");
        try (MongoClient client = MongoClients.create(restarted.uri())) {
            Set<String> stored = new HashSet<>();
            client.getDatabase("crash").getCollection("ledger").find()
                    .forEach(d -> stored.add(d.getString("_id")));
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(stored);
            assertThat(lost).as("acknowledged but lost after kill -9 (of %d acknowledged)", acknowledged.size())
                    .isEmpty();
        } finally {
            restarted.kill();
        }
    }

    /** Alternates single inserts and unordered batches, the ledger writer's two shapes. */
    private static void write(MongoCollection<Document> ledger, int client, Set<String> acknowledged, AtomicBoolean stop) {
        int n = 0;
        while (!stop.get()) {
            try {
                if (n % 2 == 0) {
                    String id = client + "-" + n++;
                    ledger.insertOne(new Document("_id", id).append("status", "SUCCEEDED"));
                    acknowledged.add(id);
                } else {
                    List<Document> batch = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        batch.add(new Document("_id", client + "-" + n++).append("status", "FAILED"));
                    }
                    ledger.insertMany(batch, new InsertManyOptions().ordered(false));
                    batch.forEach(d -> acknowledged.add(d.getString("_id")));
                }
            } catch (MongoException e) {
                return; // the server is gone: what was not acknowledged may or may not be there
            }
        }
    }

    private record Server(Process process, int port) {
        static Server start(Path file, String mode) throws IOException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    MongoServerProcess.class.getName(), file.toString(), mode)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("port=")) {
                    System.out.println("embedded MongoDB child: " + line);
                    return new Server(process, Integer.parseInt(line.substring(5, line.indexOf(' '))));
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("the MongoDB server process ended before it listened (exit "
                    + process.exitValue() + ")");
        }

        String uri() {
            return "mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=5000&connectTimeoutMS=2000&socketTimeoutMS=10000";
        }

        /** SIGKILL, as {@code kill -9}: no shutdown hook, no close. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
