package io.faas.testkit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.faas.testkit.internal.Containers;
import io.faas.testkit.internal.FreePorts;
import io.faas.testkit.internal.ServerResolution.Source;
import io.faas.testkit.internal.SharedServers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

@FaasTest
class FaasExtensionIT {

    private static FaasTestServers fromBeforeAll;

    @BeforeAll
    static void keep(FaasTestServers servers) {
        fromBeforeAll = servers;
    }

    @Test
    void injectsTheSameServersIntoBeforeAllAndTests(FaasTestServers servers) {
        assertThat(servers).isSameAs(fromBeforeAll);
    }

    @Test
    void worksWithoutTestcontainersOnTheClassPath(FaasTestServers servers) {
        // failsafe leaves Testcontainers out (see the pom); the optional dependency must stay optional.
        assertThatThrownBy(() -> Class.forName("org.testcontainers.DockerClientFactory"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(Containers.modulesPresent()).isEmpty();
        assertThat(((SharedServers) servers).plan().kafka().source()).isNotEqualTo(Source.TESTCONTAINERS);
    }

    @Test
    void theKafkaBrokerAnswers(FaasTestServers servers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers.kafkaBootstrapServers()))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).isNotEmpty();
        }
    }

    @Test
    void theMongoServerAnswers(FaasTestServers servers) {
        try (MongoClient client = MongoClients.create(servers.mongoUri())) {
            Document pong = client.getDatabase(servers.uniqueName("ping")).runCommand(new Document("ping", 1));
            assertThat(pong.get("ok", Number.class).intValue()).isEqualTo(1);
        }
    }

    @Test
    void twoTestClassesShareOneSetOfServersThatIsClosedWhenTheRunEnds() {
        Seen.ALL.clear();

        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FirstUser.class), selectClass(SecondUser.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(2));

        assertThat(Seen.ALL).hasSize(2);
        Seen first = Seen.ALL.get(0);
        Seen second = Seen.ALL.get(1);
        assertThat(second.servers()).isSameAs(first.servers());
        assertThat(second.kafka()).isEqualTo(first.kafka());
        assertThat(second.mongo()).isEqualTo(first.mongo());
        assertThat(first.servers()).isNotSameAs(fromBeforeAll);

        SharedServers inner = (SharedServers) first.servers();
        assumeTrue(inner.plan().kafka().source() == Source.EMBEDDED
                && inner.plan().mongo().source() == Source.EMBEDDED, "the servers are not embedded here");
        assertThat(FreePorts.isFree(Integer.parseInt(first.kafka().substring(first.kafka().lastIndexOf(':') + 1))))
                .as("the inner run's broker port is free again").isTrue();
        assertThat(FreePorts.isFree(URI.create(first.mongo()).getPort()))
                .as("the inner run's MongoDB port is free again").isTrue();
    }

    record Seen(FaasTestServers servers, String kafka, String mongo) {
        static final List<Seen> ALL = new CopyOnWriteArrayList<>();
    }

    // Run only through EngineTestKit above: nested, so no build tool selects them on its own.
    @FaasTest
    static class FirstUser {
        @Test
        void uses(FaasTestServers servers) {
            Seen.ALL.add(new Seen(servers, servers.kafkaBootstrapServers(), servers.mongoUri()));
        }
    }

    @FaasTest
    static class SecondUser {
        @Test
        void uses(FaasTestServers servers) {
            Seen.ALL.add(new Seen(servers, servers.kafkaBootstrapServers(), servers.mongoUri()));
        }
    }
}
