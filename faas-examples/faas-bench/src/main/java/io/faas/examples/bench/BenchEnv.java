package io.faas.examples.bench;

import io.faas.core.DispatcherSettings;
import io.faas.core.FaasClient;
import io.faas.core.FaasClients;
import io.faas.core.FaasSettings;
import io.faas.testkit.EmbeddedKafka;
import io.faas.testkit.EmbeddedMongo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The servers every dispatcher scenario runs on: the testkit's embedded Kafka broker and
 * MongoDB-wire server, started once on first use and closed at the end of the run. Scenarios
 * isolate themselves with their own database, consumer group and internal topics.
 * Not thread-safe (scenarios run one after the other).
 */
final class BenchEnv implements AutoCloseable {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private EmbeddedKafka kafka;
    private EmbeddedMongo mongo;

    /** Starts the servers if they are not running yet. */
    BenchEnv start() {
        if (kafka == null) {
            kafka = EmbeddedKafka.builder().build().start();
            mongo = EmbeddedMongo.builder().build().start();
        }
        return this;
    }

    String kafkaBootstrapServers() {
        return start().kafka.bootstrapServers();
    }

    String mongoUri() {
        return start().mongo.connectionString();
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
