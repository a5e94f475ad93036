package io.faas.examples.bench;

import com.mongodb.ConnectionString;
import io.faas.core.DispatcherSettings;
import io.faas.core.FaasClient;
import io.faas.core.FaasClients;
import io.faas.core.FaasSettings;
import io.faas.testkit.EmbeddedKafka;
import io.faas.testkit.EmbeddedMongo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The servers every dispatcher scenario runs on: a Kafka cluster and a MongoDB server given on
 * the command line, or else the testkit's embedded Kafka broker and MongoDB-wire server, started
 * once on first use and closed at the end of the run. Scenarios isolate themselves with their own
 * database, consumer group and internal topics (on given servers they are left behind).
 * Not thread-safe (scenarios run one after the other).
 */
final class BenchEnv implements AutoCloseable {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private final String givenKafka;
    private final String givenMongo;
    private EmbeddedKafka kafka;
    private EmbeddedMongo mongo;

    /** On the embedded servers. */
    BenchEnv() {
        this(null, null);
    }

    /**
     * @param kafkaBootstrapServers a Kafka cluster to use instead of the embedded broker, or null
     * @param mongoUri              a MongoDB server to use instead of the embedded one, or null
     * @throws IllegalArgumentException if {@code mongoUri} is not a MongoDB connection string
     */
    BenchEnv(String kafkaBootstrapServers, String mongoUri) {
        if (mongoUri != null) {
            new ConnectionString(mongoUri); // refuses a malformed URI before any scenario runs
        }
        this.givenKafka = kafkaBootstrapServers;
        this.givenMongo = mongoUri;
    }

    /** Which servers the run uses, for the report: hosts only (a URI may hold a password). */
    String servers() {
        return (givenKafka == null ? "embedded Kafka" : "Kafka at " + givenKafka) + ", "
                + (givenMongo == null ? "embedded MongoDB-wire server"
                : "MongoDB at " + String.join(",", new ConnectionString(givenMongo).getHosts()));
    }

    String kafkaBootstrapServers() {
        if (givenKafka != null) {
            return givenKafka;
        }
        if (kafka == null) {
            kafka = EmbeddedKafka.builder().build().start();
        }
        return kafka.bootstrapServers();
    }

    String mongoUri() {
        if (givenMongo != null) {
            return givenMongo;
        }
        if (mongo == null) {
            mongo = EmbeddedMongo.builder().build().start();
        }
        return mongo.connectionString();
    }

    /** A name no other scenario or round of this run uses: {@code prefix-N}. */
    static String unique(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet();
    }

    /**
     * Settings of an isolated faas instance: its own database, consumer group, change signal and
     * dead-letter topic. Validation is off: its cost is measured by the validator scenario, and
     * a GraalPy validator per instance would only slow the run down.
     */
    FaasSettings.Builder settings(String id) {
        return FaasSettings.builder()
                .kafkaBootstrapServers(kafkaBootstrapServers())
                .mongoUri(mongoUri())
                .mongoDatabase(id)
                .changesTopic(id + ".changes")
                .validation(false)
                .dispatcher(DispatcherSettings.builder()
                        .groupId(id + "-dispatcher")
                        .deadLetterTopic(id + ".dlq")
                        .build());
    }

    FaasClient client(FaasSettings settings) {
        return FaasClients.create(settings);
    }

    @Override
    public void close() {
        if (mongo != null) {
            mongo.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
