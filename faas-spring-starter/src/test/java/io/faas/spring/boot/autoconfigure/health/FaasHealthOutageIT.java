package io.faas.spring.boot.autoconfigure.health;

import io.faas.api.FunctionSpec;
import io.faas.api.InvocationQuery;
import io.faas.api.Topic;
import io.faas.core.DispatcherSettings;
import io.faas.core.FaasClient;
import io.faas.core.FaasClients;
import io.faas.core.FaasSettings;
import io.faas.testkit.EmbeddedKafka;
import io.faas.testkit.EmbeddedMongo;
import io.faas.testkit.internal.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real outages: with its MongoDB-wire server, then its broker stopped, the health is DOWN and
 * names the server, and once the server is back it is UP again by itself, with every event
 * recorded.
 */
class FaasHealthOutageIT {

    private static final String TOPIC = "orders";

    @TempDir
    Path dir;

    private EmbeddedKafka kafka;
    private EmbeddedMongo mongo;
    private FaasClient faas;
    private FaasHealthIndicator health;
    private int kafkaPort;
    private int mongoPort;

    @AfterEach
    void close() {
        if (health != null) {
            health.close();
        }
        if (faas != null) {
            faas.close();
        }
        if (mongo != null) {
            mongo.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private EmbeddedKafka startKafka() {
        return EmbeddedKafka.builder().port(kafkaPort).logDir(dir.resolve("kafka")).closeOnExit(false).build().start();
    }

    private EmbeddedMongo startMongo() {
        return EmbeddedMongo.builder().port(mongoPort).h2File(dir.resolve("mongo.mv")).closeOnExit(false).build()
                .start();
    }

    private void startFaas() {
        kafkaPort = FreePorts.pick();
        mongoPort = FreePorts.pickOtherThan(kafkaPort);
        kafka = startKafka();
        mongo = startMongo();
        faas = FaasClients.create(FaasSettings.builder()
                .kafkaBootstrapServers(kafka.bootstrapServers())
                .mongoUri(mongo.connectionString())
                .mongoDatabase("outage")
                .changesTopic("outage.changes")
                .requestTimeout(Duration.ofSeconds(3))
                .dispatcher(DispatcherSettings.builder().groupId("outage").deadLetterTopic("outage.dlq")
                        .closeGracePeriod(Duration.ofSeconds(2)).build())
                .build());
        faas.topics().create(Topic.of(TOPIC, 1));
        faas.functions().register(FunctionSpec.java("count", TOPIC), (event, context) -> 1);
        faas.dispatcher().start();
        health = new FaasHealthIndicator(faas, true, Duration.ofSeconds(5));
    }

    private void publish(int from, int to) {
        for (int i = from; i < to; i++) {
            faas.publisher().publish(TOPIC, "{\"n\":" + i + "}");
        }
    }

    private int recorded() {
        return faas.invocations().query(InvocationQuery.builder().function("count").limit(1000).build())
                .items().size();
    }

    @SuppressWarnings("unchecked")
    private static int ledgerBacklog(Health h) {
        return (int) ((Map<String, Object>) h.getDetails().get("dispatcher")).get("ledgerBacklog");
    }

    @Test
    void downWhileMongoDbIsUnreachableAndUpWhenItIsBack() {
        startFaas();
        publish(0, 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> recorded() == 10);
        assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);

        mongo.close();
        publish(10, 30);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Health h = health.health(true);
            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) h.getDetails().get("mongo")).startsWith("DOWN: MongoDB");
            assertThat(h.getDetails().get("kafka")).isEqualTo("UP");
            assertThat(ledgerBacklog(h)).as("records waiting for the ledger").isPositive();
        });

        mongo = startMongo();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Health h = health.health(true);
            assertThat(h.getStatus()).isEqualTo(Status.UP);
            assertThat(ledgerBacklog(h)).isZero();
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> recorded() == 30);
    }

    @Test
    void downWhileKafkaIsUnreachableAndUpWhenItIsBack() {
        startFaas();
        publish(0, 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> recorded() == 10);

        kafka.close();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Health h = health.health(true);
            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) h.getDetails().get("kafka")).startsWith("DOWN: Kafka");
            assertThat(h.getDetails().get("mongo")).isEqualTo("UP");
        });

        kafka = startKafka();
        await().atMost(Duration.ofSeconds(60)).until(() -> health.health(true).getStatus().equals(Status.UP));
        publish(10, 20);
        await().atMost(Duration.ofSeconds(60)).until(() -> recorded() == 20);
    }
}
