package io.faas.examples.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import io.faas.api.Event;
import io.faas.api.FunctionSpec;
import io.faas.api.Invocation;
import io.faas.api.Topic;
import io.faas.core.FaasClient;
import io.faas.core.internal.store.MongoStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Row 2: the dispatcher running a no-op Java function against the least a program must do for
 * the same job: a plain {@code KafkaConsumer} reading the same backlog and a bulk unordered
 * {@code insertMany} of equivalent records (same fields, same {@code _id}) per poll into the same
 * MongoDB server. Both drain a backlog of events published beforehand, from the first record
 * read to the last record stored; each round uses fresh topics, databases and consumer groups.
 */
final class DispatcherScenario implements Scenario {

    @Override
    public String name() {
        return "dispatcher";
    }

    @Override
    public List<Result> run(RunOptions options) throws Exception {
        int rounds = options.pick(3, 5);
        int events = options.pick(5000, 20000);
        BenchEnv env = options.env();
        double[] ours = new double[rounds];
        double[] raw = new double[rounds];
        try (Load load = new Load(env.kafkaBootstrapServers());
             MongoClient mongo = MongoClients.create(env.mongoUri());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.kafkaBootstrapServers()))) {
            // Warm-up of both paths, not counted: both speed up for several rounds of this size
            // (JIT of the clients and of the in-process servers).
            for (int w = 0; w < options.pick(2, 3); w++) {
                dispatcher(env, load, mongo, events);
                raw(env, load, mongo, admin, events);
            }
            for (int r = 0; r < rounds; r++) {
                if (r % 2 == 0) {
                    ours[r] = dispatcher(env, load, mongo, events);
                    raw[r] = raw(env, load, mongo, admin, events);
                } else {
                    raw[r] = raw(env, load, mongo, admin, events);
                    ours[r] = dispatcher(env, load, mongo, events);
                }
            }
        }
        return List.of(Result.paired("dispatcher.java-noop-throughput", "ev/s", ours, raw,
                "plain KafkaConsumer + insertMany of equivalent records per poll, same servers",
                Target.ratioAtLeast(0.8),
                rounds + " rounds; drain a backlog of " + events + " events on a 1-partition topic, from the first "
                        + "record read to the last record durable; fresh topic, database and group each round"));
    }

    /** Events per second of a fresh dispatcher draining a backlog of {@code events}. */
    private static double dispatcher(BenchEnv env, Load load, MongoClient mongo, int events) throws Exception {
        String id = BenchEnv.unique("disp");
        LedgerTracker tracker = new LedgerTracker();
        try (FaasClient faas = env.client(env.settings(id).build())) {
            faas.addInvocationListener(tracker);
            faas.topics().create(Topic.of(id + "-t", 1));
            faas.functions().register(FunctionSpec.java("noop", id + "-t"), (event, context) -> null);
            load.send(id + "-t", events, null);
            LedgerTracker.Expectation done = tracker.expect("noop", events);
            faas.dispatcher().start();
            done.await(Duration.ofMinutes(5));
            long millis = done.reachedWallMillis() - done.firstQueuedAtMillis();
            return events / (Math.max(1, millis) / 1000.0);
        } finally {
            mongo.getDatabase(id).drop();
        }
    }

    /** Events per second of a plain consumer storing equivalent records with insertMany. */
    private static double raw(BenchEnv env, Load load, MongoClient mongo, Admin admin, int events) throws Exception {
        String id = BenchEnv.unique("raw");
        String topic = id + "-t";
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        load.send(topic, events, null);
        // The ledger's indexes serve the product's queries and cost every insert: the raw
        // collection gets the same ones, so both sides store into the same kind of collection.
        try (MongoStore store = new MongoStore(env.mongoUri(), id, Duration.ofSeconds(30))) {
            store.ensureIndexes();
        }
        MongoCollection<Document> ledger = mongo.getDatabase(id).getCollection("invocations");
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, id + "-group",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long first = 0;
            int stored = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (stored < events) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("raw consumer stored " + stored + " of " + events);
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                if (first == 0) {
                    first = System.nanoTime();
                }
                List<Document> docs = new ArrayList<>(records.count());
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    docs.add(document(record));
                }
                ledger.insertMany(docs, new InsertManyOptions().ordered(false));
                consumer.commitAsync();
                stored += docs.size();
            }
            return events / ((System.nanoTime() - first) / 1e9);
        } finally {
            mongo.getDatabase(id).drop();
        }
    }

    /** A ledger record of a no-op Java function for this record: the fields the dispatcher stores. */
    static Document document(ConsumerRecord<byte[], byte[]> record) {
        Header idHeader = record.headers().lastHeader(Event.ID_HEADER);
        Date now = new Date();
        return new Document("_id", Invocation.idOf(record.topic(), record.partition(), record.offset(), "noop"))
                .append("function", "noop")
                .append("version", 1)
                .append("topic", record.topic())
                .append("partition", record.partition())
                .append("offset", record.offset())
                .append("eventId", idHeader == null ? null : new String(idHeader.value(), StandardCharsets.UTF_8))
                .append("key", null)
                .append("event", new String(record.value(), StandardCharsets.UTF_8))
                .append("status", "SUCCEEDED")
                .append("result", "null")
                .append("error", null)
                .append("logs", "")
                .append("logsTruncated", false)
                .append("attempts", 1)
                .append("coldStart", false)
                .append("queuedAt", now)
                .append("startedAt", now)
                .append("finishedAt", now)
                .append("durationMs", 0L)
                .append("executor", "java");
    }
}
