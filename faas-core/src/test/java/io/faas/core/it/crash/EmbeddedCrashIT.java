package io.faas.core.it.crash;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the JVM that hosts the embedded broker, the MongoDB-wire server and the dispatcher,
 * mid-stream, then a restart on the same data: every event ends with exactly one final record.
 * {@code -Dfaas.crash.events=100000} for the long run.
 */
class EmbeddedCrashIT {

    private static final int EVENTS = Integer.getInteger("faas.crash.events", 6_000);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void killDashNineOfTheEmbeddedServersLosesNoRecord() throws Exception {
        int kafkaPort = freePort();
        int mongoPort = freePort();
        Child first = Child.start(dir, kafkaPort, mongoPort);
        Map<Integer, List<Long>> published = new HashMap<>();
        try {
            publish("127.0.0.1:" + kafkaPort, published);
            // Kill while the dispatcher is working through the backlog: some recorded, most not.
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> records(mongoPort) >= EVENTS / 5);
        } finally {
            first.kill();
        }
        long killedAt = System.nanoTime();

        Child second = Child.start(dir, kafkaPort, mongoPort);
        try {
            // Drained: the group has committed every published offset (and faas commits an offset
            // only once its records are durable).
            // On a timeout, Awaitility names the partitions still behind. The child's log stays in
            // the directory when the test fails.
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> uncommitted("127.0.0.1:" + kafkaPort, published), String::isEmpty);
            System.out.printf("embedded crash: %d events, first start %d ms, restart after kill -9 %d ms,"
                            + " drained %.1f s after the kill%n", EVENTS, first.startMillis(), second.startMillis(),
                    (System.nanoTime() - killedAt) / 1e9);
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + mongoPort)) {
                MongoCollection<Document> ledger = client.getDatabase("faas").getCollection("invocations");
                Map<Integer, List<Long>> recorded = new HashMap<>();
                List<String> notFinal = new ArrayList<>();
                for (Document d : ledger.find(new Document("function", EmbeddedFaasProcess.FUNCTION))) {
                    recorded.computeIfAbsent(d.getInteger("partition"), p -> new ArrayList<>())
                            .add(((Number) d.get("offset")).longValue());
                    if (!"SUCCEEDED".equals(d.getString("status"))) {
                        notFinal.add(d.getString("_id") + " " + d.getString("status"));
                    }
                }
                // One record per published (partition, offset): none missing, none twice, none extra.
                List<String> missing = new ArrayList<>();
                List<String> duplicates = new ArrayList<>();
                published.forEach((partition, offsets) -> {
                    List<Long> got = recorded.getOrDefault(partition, List.of());
                    Set<Long> seen = new HashSet<>();
                    got.stream().filter(o -> !seen.add(o)).forEach(o -> duplicates.add(partition + "@" + o));
                    offsets.stream().filter(o -> !seen.contains(o)).forEach(o -> missing.add(partition + "@" + o));
                });
                assertThat(missing).as("events without a record, of %d", EVENTS).isEmpty();
                assertThat(duplicates).as("events with two records").isEmpty();
                assertThat(recorded.values().stream().mapToInt(List::size).sum()).isEqualTo(EVENTS);
                assertThat(notFinal).isEmpty();
            }
        } finally {
            second.kill();
        }
    }

    private static void publish(String bootstrap, Map<Integer, List<Long>> published) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            List<Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                sent.add(producer.send(new ProducerRecord<>(EmbeddedFaasProcess.TOPIC, "k" + (i % 97),
                        "{\"n\":" + i + "}")));
            }
            for (var f : sent) {
                var m = f.get(1, TimeUnit.MINUTES);
                published.computeIfAbsent(m.partition(), p -> new ArrayList<>()).add(m.offset());
            }
        }
    }

    /** Partitions whose committed offset is short of the end, as text; empty when all are committed. */
    private static String uncommitted(String bootstrap, Map<Integer, List<Long>> published) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("crash-dispatcher")
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            StringBuilder behind = new StringBuilder();
            published.forEach((partition, offsets) -> {
                OffsetAndMetadata c = committed.get(new TopicPartition(EmbeddedFaasProcess.TOPIC, partition));
                long end = offsets.stream().mapToLong(Long::longValue).max().orElse(-1) + 1;
                if (c == null || c.offset() < end) {
                    behind.append(partition).append(": committed ").append(c == null ? "none" : c.offset())
                            .append(" of ").append(end).append("; ");
                }
            });
            return behind.toString();
        } catch (Exception e) {
            return "broker not reachable: " + e; // not back yet
        }
    }

    private static long records(int mongoPort) {
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + mongoPort
                + "/?serverSelectionTimeoutMS=2000")) {
            return client.getDatabase("faas").getCollection("invocations").countDocuments();
        } catch (RuntimeException e) {
            return -1; // not up yet
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private record Child(Process process, long startMillis) {
        static Child start(Path dir, int kafkaPort, int mongoPort) throws IOException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(java.toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    EmbeddedFaasProcess.class.getName(), dir.toString(), String.valueOf(kafkaPort),
                    String.valueOf(mongoPort))
                    .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child-stderr.log").toFile())).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ready startMillis=")) {
                    // Keep draining its stdout so the child never blocks on a full pipe.
                    Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "child-stdout");
                    drain.setDaemon(true);
                    drain.start();
                    return new Child(process, Long.parseLong(line.substring("ready startMillis=".length())));
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("the child JVM ended before it was ready; see " + dir.resolve("child-stderr.log"));
        }

        /** SIGKILL: no shutdown hook runs, nothing is closed or flushed. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
