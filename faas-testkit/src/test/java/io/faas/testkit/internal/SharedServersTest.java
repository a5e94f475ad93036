package io.faas.testkit.internal;

import io.faas.testkit.internal.ServerResolution.Server;
import io.faas.testkit.internal.ServerResolution.Source;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The environment path end to end, without starting anything. */
class SharedServersTest {

    @Test
    void addressesFromTheEnvironmentAreHandedOutAsTheyAre() {
        try (SharedServers servers = new SharedServers(Map.of(
                "FAAS_TEST_KAFKA_BOOTSTRAP", "kafka-1:9092,kafka-2:9092",
                "FAAS_TEST_MONGO_URI", "mongodb://user:secret@db:27017/?replicaSet=rs0"),
                EnumSet.allOf(Server.class), () -> {
                    throw new AssertionError("Docker must not be asked");
                })) {

            assertThat(servers.plan().kafka().source()).isEqualTo(Source.ENVIRONMENT);
            assertThat(servers.kafkaBootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
            assertThat(servers.mongoUri()).isEqualTo("mongodb://user:secret@db:27017/?replicaSet=rs0");
            assertThat(servers.uniqueName("t")).startsWith("t-");
            assertThat(servers.toString()).doesNotContain("secret");
        }
    }

    @Test
    void aClosedSetRefusesToHandOutAddresses() {
        SharedServers servers = new SharedServers(Map.of("FAAS_TEST_KAFKA_BOOTSTRAP", "kafka:9092"),
                EnumSet.noneOf(Server.class), () -> false);
        servers.close();
        servers.close();

        assertThatThrownBy(servers::kafkaBootstrapServers).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
