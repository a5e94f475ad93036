package io.faas.core.it;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.faas.api.DuplicateTopicException;
import io.faas.api.Faas;
import io.faas.api.FaasException;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.Topic;
import io.faas.api.TopicNotFoundException;
import io.faas.core.FaasSettings;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The registry and Kafka agree after refused, failed and concurrent changes, and a stored
 * document that no longer reads back stops nothing else.
 */
@FaasTest
class RegistryConsistencyIT {

    private static final String CODE = "def handler(event, context):\n    return event\n";

    private static FaasSettings settings;
    private static Faas faas;
    private static Admin kafka;
    private static MongoClient mongo;

    @BeforeAll
    static void start(FaasTestServers servers) {
        settings = TestFaas.settings(servers).validation(false).maxTopicPartitions(50).build();
        faas = TestFaas.create(settings);
        kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()));
        mongo = MongoClients.create(servers.mongoUri());
    }

    @AfterAll
    static void stop() {
        faas.close();
        kafka.close();
        mongo.close();
    }

    @Test
    void aNameThatCollidesInKafkaIsAConflictAndLeavesNothingBehind() throws Exception {
        faas.topics().create(Topic.of("rc.collide"));
        assertThatThrownBy(() -> faas.topics().create(Topic.of("rc_collide")))
                .isInstanceOf(DuplicateTopicException.class).hasMessageContaining("collides");
        assertThat(faas.topics().get("rc_collide")).isEmpty();
        assertThat(topics().find(Filters.eq("_id", "rc_collide")).first()).isNull();
        assertThat(kafkaTopics()).contains("rc.collide").doesNotContain("rc_collide");
    }

    @Test
    void tooManyPartitionsAreRefusedBeforeKafkaIsAsked() throws Exception {
        assertThatThrownBy(() -> faas.topics().create(Topic.of("rc-wide", 10_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 50");
        assertThat(topics().find(Filters.eq("_id", "rc-wide")).first()).isNull();
        assertThat(kafkaTopics()).doesNotContain("rc-wide");
    }

    @Test
    void registeringWhileTheTopicIsDeletedNeverLeavesAFunctionOnAMissingTopic() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            int registered = 0;
            int deleted = 0;
            for (int round = 0; round < 12; round++) {
                String topic = "rc-race-" + round;
                String function = "rc-racer-" + round;
                faas.topics().create(Topic.of(topic));
                CyclicBarrier start = new CyclicBarrier(2);
                CompletableFuture<Boolean> register = CompletableFuture.supplyAsync(() -> {
                    sync(start);
                    try {
                        faas.functions().register(FunctionSpec.python(function, topic), CODE);
                        return true;
                    } catch (TopicNotFoundException e) {
                        return false;
                    }
                }, pool);
                CompletableFuture<Boolean> delete = CompletableFuture.supplyAsync(() -> {
                    sync(start);
                    try {
                        faas.topics().delete(topic);
                        return true;
                    } catch (FaasException e) {
                        // in use, or found being changed: refused, as it should be
                        return false;
                    }
                }, pool);
                boolean isRegistered = register.get(60, TimeUnit.SECONDS);
                boolean isDeleted = delete.get(60, TimeUnit.SECONDS);
                registered += isRegistered ? 1 : 0;
                deleted += isDeleted ? 1 : 0;

                assertThat(isRegistered && isDeleted).as("round %d: both won", round).isFalse();
                var fn = faas.functions().get(function);
                if (fn.isPresent()) {
                    assertThat(faas.topics().get(topic)).as("round %d: the function's topic", round).isPresent();
                }
                assertThat(fn.isPresent()).isEqualTo(isRegistered);
                assertThat(faas.topics().get(topic).isPresent()).isEqualTo(!isDeleted);
                if (isDeleted) {
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                            assertThat(kafkaTopics()).doesNotContain(topic));
                } else {
                    assertThat(kafkaTopics()).contains(topic);
                }
                assertThat(topics().find(Filters.eq("_id", topic)).first() == null).isEqualTo(isDeleted);
            }
            assertThat(registered + deleted).as("every round one side wins or refuses").isGreaterThan(0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClaimLeftByADeadProcessIsTakenOverButALiveOneIsNot() throws Exception {
        // what a process that died between claiming the name and asking Kafka leaves behind
        topics().insertOne(new Document("_id", "rc-orphan").append("partitions", 1).append("ordering", "KEY")
                .append("managed", false).append("state", "CREATING")
                .append("since", java.util.Date.from(java.time.Instant.now().minus(Duration.ofHours(1)))));
        assertThat(faas.topics().get("rc-orphan")).isEmpty();
        assertThat(faas.topics().list()).extracting(Topic::name).doesNotContain("rc-orphan");
        assertThat(faas.topics().create(Topic.of("rc-orphan"))).isEqualTo(Topic.of("rc-orphan"));
        assertThat(topics().find(Filters.eq("_id", "rc-orphan")).first().getString("state")).isEqualTo("READY");
        assertThat(kafkaTopics()).contains("rc-orphan");

        topics().insertOne(new Document("_id", "rc-busy").append("partitions", 1).append("ordering", "KEY")
                .append("state", "DELETING").append("since", new java.util.Date()));
        assertThatThrownBy(() -> faas.topics().create(Topic.of("rc-busy")))
                .isInstanceOf(io.faas.api.ConcurrentUpdateException.class).hasMessageContaining("being deleted");
        assertThatThrownBy(() -> faas.topics().delete("rc-busy")).isInstanceOf(TopicNotFoundException.class);
        assertThatThrownBy(() -> faas.functions().register(FunctionSpec.python("rc-on-busy", "rc-busy"), CODE))
                .isInstanceOf(TopicNotFoundException.class);
        assertThat(faas.functions().get("rc-on-busy")).isEmpty();
    }

    @Test
    void concurrentCreatesOfOneNameMakeOneTopic() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CyclicBarrier start = new CyclicBarrier(4);
            List<CompletableFuture<Boolean>> creates = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                creates.add(CompletableFuture.supplyAsync(() -> {
                    sync(start);
                    try {
                        faas.topics().create(Topic.of("rc-same", 2));
                        return true;
                    } catch (FaasException e) {
                        return false;
                    }
                }, pool));
            }
            long won = 0;
            for (CompletableFuture<Boolean> c : creates) {
                won += c.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
            assertThat(faas.topics().get("rc-same")).contains(Topic.of("rc-same", 2));
            assertThat(kafkaTopics()).contains("rc-same");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDocumentThatNoLongerReadsBackIsQuarantinedAndCanBeFixedOrDeleted() {
        faas.topics().create(Topic.of("rc-q"));
        FunctionVersion good = faas.functions().register(FunctionSpec.python("rc-good", "rc-q"), CODE);
        faas.functions().register(FunctionSpec.python("rc-bad", "rc-q"), CODE);
        faas.functions().register(FunctionSpec.python("rc-gone", "rc-q"), CODE);
        // what a timeout under a millisecond used to be stored as
        functions().updateOne(Filters.eq("_id", "rc-bad"), Updates.set("timeoutMs", 0));
        functions().updateOne(Filters.eq("_id", "rc-gone"), Updates.set("runtime", "COBOL"));
        topics().insertOne(new Document("_id", "rc-broken").append("partitions", "many").append("ordering", "KEY"));

        assertThat(faas.functions().list()).contains(good).extracting(FunctionVersion::name)
                .doesNotContain("rc-bad", "rc-gone");
        assertThat(faas.functions().functionsFor("rc-q")).extracting(FunctionVersion::name).containsExactly("rc-good");
        assertThat(faas.functions().get("rc-bad")).isEmpty();
        assertThat(faas.functions().invalid()).contains("rc-bad", "rc-gone").doesNotContain("rc-good");
        assertThat(faas.topics().list()).extracting(Topic::name).contains("rc-q").doesNotContain("rc-broken");
        assertThat(faas.topics().invalid()).contains("rc-broken");

        // a second instance starts on these documents
        try (Faas second = TestFaas.create(FaasSettings.builder(settings).build())) {
            assertThat(second.functions().get("rc-good")).contains(good);
        }

        FunctionVersion fixed = faas.functions().update(FunctionSpec.python("rc-bad", "rc-q"), CODE);
        assertThat(faas.functions().get("rc-bad")).contains(fixed);
        faas.functions().delete("rc-gone");
        faas.topics().delete("rc-broken");
        assertThat(faas.functions().invalid()).doesNotContain("rc-bad", "rc-gone");
        assertThat(faas.topics().invalid()).doesNotContain("rc-broken");
    }

    private static void sync(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> kafkaTopics() throws Exception {
        return kafka.listTopics().names().get(30, TimeUnit.SECONDS);
    }

    private static MongoCollection<Document> topics() {
        return mongo.getDatabase(settings.mongoDatabase()).getCollection("topics");
    }

    private static MongoCollection<Document> functions() {
        return mongo.getDatabase(settings.mongoDatabase()).getCollection("functions");
    }
}
