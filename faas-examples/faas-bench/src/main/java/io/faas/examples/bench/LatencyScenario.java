package io.faas.examples.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.faas.api.Event;
import io.faas.api.FunctionSpec;
import io.faas.api.Invocation;
import io.faas.api.InvocationStatus;
import io.faas.api.Topic;
import io.faas.core.FaasClient;
import io.faas.core.PythonSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bson.Document;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Row 4: publish to stored result, warm, one event at a time with {@code publishAndAwait} (what
 * a host app sees: Kafka's ack, the dispatcher, the function, the ledger write and the read back),
 * for a Java and a Python function. The baseline is the same round trip without faas: a producer
 * with the same settings, a consumer thread that inserts a record per event into MongoDB, and a
 * read back by {@code _id}. Samples of the three interleave.
 *
 * <p>The embedded MongoDB-wire server ignores non-unique indexes, so the look-up by event id
 * scans the ledger; the ledger is emptied between rounds so the scan stays as short as an index
 * look-up would be on a real MongoDB.
 */
final class LatencyScenario implements Scenario {

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public List<Result> run(RunOptions options) throws Exception {
        int rounds = options.pick(3, 10);
        int perRound = options.pick(100, 100);
        BenchEnv env = options.env();
        String id = BenchEnv.unique("lat");
        int samples = rounds * perRound;
        double[] java = new double[samples];
        double[] python = new double[samples];
        double[] raw = new double[samples];
        PythonSettings pythonSettings = PythonSettings.builder().minIdle(1).build();
        try (FaasClient faas = env.client(env.settings(id).python(pythonSettings).build());
             MongoClient mongo = MongoClients.create(env.mongoUri());
             RawRoundTrip baseline = new RawRoundTrip(env, mongo, id + "-raw")) {
            faas.topics().create(Topic.of(id + "-java"));
            faas.topics().create(Topic.of(id + "-python"));
            faas.functions().register(FunctionSpec.java("lat-java", id + "-java"),
                    (event, context) -> Map.of("n", ((Number) ((Map<?, ?>) event).get("n")).intValue() + 1));
            faas.functions().register(FunctionSpec.python("lat-python", id + "-python"), PoolVsProcessScenario.HANDLER);
            faas.dispatcher().start();
            MongoCollection<Document> ledger = mongo.getDatabase(id).getCollection("invocations");
            for (int i = 0; i < 200; i++) { // warm-up
                once(faas, id + "-java", i);
                once(faas, id + "-python", i);
                baseline.roundTrip(i);
            }
            ledger.deleteMany(new Document());
            int k = 0;
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < perRound; i++, k++) {
                    java[k] = once(faas, id + "-java", k);
                    python[k] = once(faas, id + "-python", k);
                    raw[k] = baseline.roundTrip(k);
                }
                ledger.deleteMany(new Document());
                baseline.clear();
            }
        }
        String label = "raw round trip: KafkaProducer send+ack, KafkaConsumer poll, insertOne, find by _id";
        String note = samples + " sequential samples per function in " + rounds + " rounds, interleaved with the "
                + "baseline; publishAndAwait; ledger emptied between rounds (the embedded server has no "
                + "secondary indexes)";
        return List.of(
                row("latency.java.p50", java, raw, 50, label, 5, note),
                row("latency.java.p99", java, raw, 99, label, 25, note),
                row("latency.python.p50", python, raw, 50, label, 5, note),
                row("latency.python.p99", python, raw, 99, label, 25, note));
    }

    private static Result row(String name, double[] ours, double[] raw, double p, String label, double target,
                              String note) {
        double figure = Stats.percentile(ours, p);
        double baseline = Stats.percentile(raw, p);
        return new Result(name, figure, "ms", baseline, label, figure / baseline, Target.atMost(target), List.of(),
                List.of(), note);
    }

    /** Milliseconds of one publishAndAwait; fails if the invocation did not succeed. */
    static double once(FaasClient faas, String topic, int i) {
        long t0 = System.nanoTime();
        List<Invocation> result = faas.publisher().publishAndAwait(topic, Load.payload(i), Duration.ofSeconds(30));
        double ms = (System.nanoTime() - t0) / 1e6;
        if (result.size() != 1 || result.get(0).status() != InvocationStatus.SUCCEEDED) {
            throw new IllegalStateException("publishAndAwait on " + topic + " gave " + result);
        }
        return ms;
    }

    /** The baseline round trip, with a consumer thread of its own. */
    static final class RawRoundTrip implements AutoCloseable {
        private final String topic;
        private final KafkaProducer<byte[], byte[]> producer;
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final MongoCollection<Document> collection;
        private final Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        RawRoundTrip(BenchEnv env, MongoClient mongo, String topic) throws Exception {
            this.topic = topic;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    env.kafkaBootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
            // The same producer settings as faas' publisher.
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.kafkaBootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 1,
                    ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.kafkaBootstrapServers(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            collection = mongo.getDatabase(topic).getCollection("invocations");
            thread = new Thread(this::consume, "faas-bench-raw-consumer");
            thread.setDaemon(true);
            thread.start();
        }

        private void consume() {
            try {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        Document doc = DispatcherScenario.document(record);
                        collection.insertOne(doc);
                        CountDownLatch latch = waiting.get(doc.getString("eventId"));
                        if (latch != null) {
                            latch.countDown();
                        }
                    }
                }
            } catch (WakeupException e) {
                // closing
            }
        }

        /** Milliseconds from send to the record read back from MongoDB. */
        double roundTrip(int i) throws Exception {
            String eventId = UUID.randomUUID().toString();
            CountDownLatch stored = new CountDownLatch(1);
            waiting.put(eventId, stored);
            RecordHeaders headers = new RecordHeaders();
            headers.add(Event.ID_HEADER, eventId.getBytes(StandardCharsets.UTF_8));
            long t0 = System.nanoTime();
            producer.send(new ProducerRecord<>(topic, null, (byte[]) null,
                    Load.payload(i).getBytes(StandardCharsets.UTF_8), headers)).get(30, TimeUnit.SECONDS);
            if (!stored.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("raw round trip: event " + eventId + " not stored within 30 s");
            }
            Document back = collection.find(Filters.eq("eventId", eventId)).first();
            double ms = (System.nanoTime() - t0) / 1e6;
            waiting.remove(eventId);
            if (back == null) {
                throw new IllegalStateException("raw round trip: event " + eventId + " not found");
            }
            return ms;
        }

        void clear() {
            collection.deleteMany(new Document());
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join(5000);
            consumer.close();
            producer.close();
        }
    }
}
