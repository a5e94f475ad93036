package io.faas.core.it.faults;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.hamcrest.Matchers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;

/**
 * The plumbing of the fault-injection suite: a broker and a MongoDB-wire server ({@link ServerMain})
 * and a dispatcher ({@link DispatcherMain}) as three child JVMs on fixed ports
 * in one directory, a paced producer, and the checks of the ledger against what was published.
 * Each child's stdout and stderr stay in the directory. {@link #close()} kills every child.
 */
final class Rig implements AutoCloseable {

    static final String READY = "ready";
    static final String TOPIC = "faults";
    static final int PARTITIONS = 4;
    static final String GROUP = "faults-dispatcher";
    static final String JAVA_FUNCTION = "record-run";
    static final String PYTHON_FUNCTION = "py-storm";
    static final Path SUMMARY = Path.of("target", "fault-injection-summary.txt");
    /** Events per scenario: 3,000 in CI, {@code -Dfaas.faults.events=100000} for the long mode. */
    static final int EVENTS = Integer.getInteger("faas.faults.events", 3_000);
    /** How long any one wait may take: 5 min in CI, more in the long mode. */
    static final Duration DEADLINE = Duration.ofMinutes(Math.max(5, EVENTS / 5_000));

    private final Path dir;
    private final int kafkaPort = freePort();
    private final int mongoPort = freePort();
    private final Path runs;
    private final List<Child> children = new ArrayList<>();
    /** Event id to its partition and offset, filled as the producer's sends are acknowledged. */
    private final Map<String, long[]> published = new java.util.concurrent.ConcurrentHashMap<>();

    Rig(Path dir) {
        this.dir = dir;
        this.runs = dir.resolve("java-runs.txt");
    }

    /** Called by the child mains once they serve. */
    static void ready() {
        System.out.println(READY);
        System.out.flush();
    }

    Child broker() {
        return start("broker", ServerMain.class, "kafka", dir.resolve("kafka").toString(), String.valueOf(kafkaPort));
    }

    Child mongo() {
        return start("mongo", ServerMain.class, "mongo", dir.resolve("ledger.mv").toString(), String.valueOf(mongoPort));
    }

    Child dispatcher(boolean python) {
        return start("dispatcher", DispatcherMain.class, String.valueOf(kafkaPort), String.valueOf(mongoPort),
                runs.toString(), python ? "python" : "java");
    }

    private Child start(String name, Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve(name + "-stderr.log").toFile()))
                    .start();
            Child child = new Child(name, process, System.nanoTime(), dir.resolve(name + "-stdout.log"));
            children.add(child);
            child.awaitReady();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Publishes {@code events} events with ids {@code e0..}, keys spread over the partitions,
     * paced over about {@code over}, in the background: the faults strike while it still runs.
     */
    CompletableFuture<Void> publish(int events, Duration over, IntFunction<String> value) {
        return CompletableFuture.runAsync(() -> {
            Map<String, Object> config = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            long start = System.nanoTime();
            long step = over.toNanos() / events;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (int i = 0; i < events; i++) {
                    long due = start + i * step;
                    while (System.nanoTime() < due) {
                        TimeUnit.NANOSECONDS.sleep(Math.min(due - System.nanoTime(), 5_000_000));
                    }
                    String id = "e" + i;
                    ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, "k" + (i % 97), value.apply(i));
                    record.headers().add("faas-event-id", id.getBytes(StandardCharsets.UTF_8));
                    sent.add(producer.send(record, (m, e) -> {
                        if (e == null) {
                            published.put(id, new long[] {m.partition(), m.offset()});
                        }
                    }));
                }
                for (Future<RecordMetadata> f : sent) {
                    f.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (Exception e) {
                throw new IllegalStateException("publishing failed", e);
            }
        });
    }

    /** Records of the Java function (any status), or -1 while the server does not answer. */
    long records() {
        try (MongoClient client = client()) {
            return count(ledger(client), new Document("function", JAVA_FUNCTION));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * Documents matching the filter, read as ids only: the MongoDB-wire server holds a whole
     * result in memory, and a count (an aggregation there) reads every document whole, which a
     * 384 MB server cannot do for 200,000 records.
     */
    private static long count(MongoCollection<Document> ledger, Document filter) {
        long n = 0;
        for (Document ignored : ledger.find(filter).projection(new Document("_id", 1)).batchSize(10_000)) {
            n++;
        }
        return n;
    }

    /** Waits (up to {@link #DEADLINE}) until some but not all events of the Java function are recorded. */
    long awaitMidStream(int events) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> records() >= events / 4);
        return records();
    }

    /**
     * Waits until the group has committed every published offset and every mapped function has a
     * final record of every event; returns the seconds since {@code since} (a {@link System#nanoTime()}).
     */
    double awaitDrained(CompletableFuture<Void> publishing, int events, List<String> functions, long since)
            throws Exception {
        publishing.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        // The ledger is counted only once every offset is committed: on the embedded server a count
        // scans the whole collection and holds up the dispatcher's writes meanwhile.
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> {
            String behind = uncommitted();
            return behind.isEmpty() ? unfinished(events, functions) : behind;
        }, Matchers.emptyString());
        return (System.nanoTime() - since) / 1e9;
    }

    /** Partitions whose committed offset is short of the end, as text; empty when all are committed. */
    private String uncommitted() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<Integer, Long> ends = new TreeMap<>();
            published.values().forEach(po -> ends.merge((int) po[0], po[1] + 1, Math::max));
            StringBuilder behind = new StringBuilder();
            ends.forEach((partition, end) -> {
                OffsetAndMetadata c = committed.get(new TopicPartition(TOPIC, partition));
                if (c == null || c.offset() < end) {
                    behind.append(partition).append(": committed ").append(c == null ? "none" : c.offset())
                            .append(" of ").append(end).append("; ");
                }
            });
            return behind.toString();
        } catch (Exception e) {
            return "broker not reachable: " + e + "; ";
        }
    }

    private String unfinished(int events, List<String> functions) {
        try (MongoClient client = client()) {
            long finals = count(ledger(client), new Document("status", new Document("$ne", "RUNNING")));
            // At least: a duplicate is then reported by outcome(), not as a timeout here.
            return finals >= (long) events * functions.size() ? ""
                    : "final records " + finals + " of " + (long) events * functions.size();
        } catch (RuntimeException e) {
            return "ledger not reachable: " + e;
        }
    }

    /** The ledger against what was published, per mapped function. */
    Outcome outcome(int events, List<String> functions) throws IOException {
        Map<String, Integer> statuses = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        List<String> notFinal = new ArrayList<>();
        try (MongoClient client = client()) {
            for (String function : functions) {
                Map<String, Integer> perEvent = new HashMap<>();
                for (Document d : ledger(client).find(new Document("function", function))
                        .projection(new Document("status", 1).append("eventId", 1).append("partition", 1)
                                .append("offset", 1))) {
                    String status = d.getString("status");
                    statuses.merge(function + " " + status, 1, Integer::sum);
                    if ("RUNNING".equals(status)) {
                        notFinal.add(d.getString("_id"));
                    }
                    long[] po = published.get(d.getString("eventId"));
                    // A record must sit at the partition and offset the event was published to.
                    String key = po != null && po[0] == d.getInteger("partition")
                            && po[1] == ((Number) d.get("offset")).longValue() ? d.getString("eventId")
                            : "stray " + d.getString("_id");
                    perEvent.merge(key, 1, Integer::sum);
                }
                perEvent.forEach((id, n) -> {
                    if (n > 1 || id.startsWith("stray")) {
                        duplicates.add(function + " " + id + " x" + n);
                    }
                });
                for (int i = 0; i < events; i++) {
                    if (!perEvent.containsKey("e" + i)) {
                        missing.add(function + " e" + i);
                    }
                }
            }
        }
        List<String> lines = Files.exists(runs) ? Files.readAllLines(runs) : List.of();
        int reExecutions = lines.size() - new HashSet<>(lines).size();
        return new Outcome(published.size(), missing, duplicates, notFinal, reExecutions, statuses);
    }

    /** Prints the scenario's figures and appends them as one line to {@link #SUMMARY}. */
    static void report(String scenario, int events, Outcome o, double drainSeconds, String detail) {
        String line = String.format("scenario=%s events=%d missing=%d duplicates=%d notFinal=%d reExecutions=%d"
                        + " drainSeconds=%.1f %s statuses=%s", scenario, events, o.missing().size(),
                o.duplicates().size(), o.notFinal().size(), o.reExecutions(), drainSeconds, detail, o.statuses());
        System.out.println("fault injection: " + line);
        try {
            Files.createDirectories(SUMMARY.getParent());
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(SUMMARY, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND))) {
                w.println(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        children.forEach(Child::kill);
    }

    private MongoClient client() {
        return MongoClients.create("mongodb://127.0.0.1:" + mongoPort
                + "/?serverSelectionTimeoutMS=2000&connectTimeoutMS=2000&socketTimeoutMS=20000");
    }

    private static MongoCollection<Document> ledger(MongoClient client) {
        return client.getDatabase("faas").getCollection("invocations");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Outcome(int published, List<String> missing, List<String> duplicates, List<String> notFinal,
                   int reExecutions, Map<String, Integer> statuses) {
    }

    /** A child JVM; its stdout is copied to a file once it has printed {@link #READY}. */
    static final class Child {
        private final String name;
        private final Process process;
        private final long started;
        private final Path stdout;
        private long readyMillis;

        private Child(String name, Process process, long started, Path stdout) {
            this.name = name;
            this.process = process;
            this.started = started;
            this.stdout = stdout;
        }

        private void awaitReady() {
            CompletableFuture<Boolean> ready = new CompletableFuture<>();
            Thread copy = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8));
                     PrintWriter out = new PrintWriter(Files.newBufferedWriter(stdout, StandardOpenOption.CREATE,
                             StandardOpenOption.APPEND), true)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        out.println(line);
                        if (READY.equals(line)) {
                            ready.complete(true);
                        }
                    }
                } catch (IOException e) {
                    // the child is gone
                } finally {
                    ready.complete(false);
                }
            }, name + "-stdout");
            copy.setDaemon(true);
            copy.start();
            boolean ok;
            try {
                ok = ready.get(3, TimeUnit.MINUTES);
            } catch (Exception e) {
                ok = false;
            }
            if (!ok) {
                kill();
                throw new IllegalStateException("the " + name + " JVM did not get ready; see its logs in "
                        + stdout.getParent());
            }
            readyMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        }

        /** Waits (up to two minutes) until the child's log (its stdout) has a line containing {@code text}. */
        void awaitLogged(String text) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(stdout).contains(text));
        }

        long readyMillis() {
            return readyMillis;
        }

        /** SIGKILL: no shutdown hook runs, nothing is closed or flushed. */
        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** SIGTERM, then waits for the JVM to close what it has; whether it ended by itself within a minute. */
        boolean stop() throws InterruptedException {
            process.destroy();
            if (process.waitFor(1, TimeUnit.MINUTES)) {
                return true;
            }
            kill();
            return false;
        }
    }
}
