package io.faas.testkit;

import io.faas.testkit.internal.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EmbeddedKafkaIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final AtomicInteger SEQ = new AtomicInteger();

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        long started = System.nanoTime();
        kafka = EmbeddedKafka.builder().build().start();
        System.out.printf("EmbeddedKafka started in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @AfterAll
    static void stopBroker() {
        long started = System.nanoTime();
        kafka.close();
        System.out.printf("EmbeddedKafka closed in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @Test
    void createsATopicAndRoundTripsRecords() throws Exception {
        String topic = "round-trip-" + SEQ.incrementAndGet();
        try (Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            // Created at the controller; the broker's metadata cache, which listTopics reads, follows.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic));
        }
        produce(kafka, topic, 10);

        List<ConsumerRecord<String, String>> records = consume(kafka, topic, "classic", 10);

        assertThat(records).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
        assertThat(records).extracting(ConsumerRecord::partition).allMatch(p -> p >= 0 && p < 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void consumerGroupsWorkWithBothProtocols(String protocol) throws Exception {
        String topic = "group-" + protocol + "-" + SEQ.incrementAndGet();
        String group = topic + "-group";
        try (Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        produce(kafka, topic, 6);

        try (KafkaConsumer<String, String> consumer = consumer(kafka, group, protocol)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            await().atMost(DEADLINE).pollInSameThread().pollInterval(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= 6;
            });
            consumer.commitSync();
            assertThat(records).hasSize(6);
        }

        try (Admin admin = admin(kafka)) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                    .describedGroups().get(group).get(30, TimeUnit.SECONDS);
            assertThat(description.type()).isEqualTo(GroupType.parse(protocol));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(6);
        }
    }

    @Test
    void isConfiguredForASingleNode() throws Exception {
        try (Admin admin = admin(kafka)) {
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
            Config config = admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);
            assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
            assertThat(config.get("offsets.topic.replication.factor").value()).isEqualTo("1");
            assertThat(config.get("transaction.state.log.replication.factor").value()).isEqualTo("1");
            assertThat(config.get("share.coordinator.state.topic.replication.factor").value()).isEqualTo("1");
            assertThat(config.get("group.initial.rebalance.delay.ms").value()).isEqualTo("0");
        }
    }

    @Test
    void keepsRecordsAcrossARestartOnTheSameDirectory(@TempDir Path dir) throws Exception {
        Path logDir = dir.resolve("kafka");
        try (EmbeddedKafka first = EmbeddedKafka.builder().logDir(logDir).build().start()) {
            try (Admin admin = admin(first)) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            produce(first, "kept", 5);
        }
        assertThat(logDir).isDirectory();
        assertThat(logDir.resolve("meta.properties")).exists();

        try (EmbeddedKafka second = EmbeddedKafka.builder().logDir(logDir).build().start()) {
            try (Admin admin = admin(second)) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kept");
            }
            assertThat(consume(second, "kept", "classic", 5)).extracting(ConsumerRecord::value)
                    .containsExactly("v0", "v1", "v2", "v3", "v4");
        }
        assertThat(logDir).isDirectory();
    }

    @Test
    void closeIsIdempotentFreesThePortAndDeletesTheTemporaryDirectory() {
        Set<Thread> before = nonDaemonThreads();
        EmbeddedKafka broker = EmbeddedKafka.builder().build();
        assertThat(broker.isRunning()).isFalse();
        broker.start();
        int port = broker.port();
        Path logDir = broker.logDir();
        assertThat(broker.isRunning()).isTrue();
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);

        long started = System.nanoTime();
        broker.close();
        broker.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DEADLINE);

        assertThat(broker.isRunning()).isFalse();
        assertThat(FreePorts.isFree(port)).isTrue();
        assertThat(Files.exists(logDir)).isFalse();
        assertThatThrownBy(broker::bootstrapServers).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class);
        await().atMost(DEADLINE).pollInSameThread()
                .untilAsserted(() -> assertThat(nonDaemonThreads()).as("threads left by the broker").isSubsetOf(before));
    }

    @Test
    void aTakenFixedPortFailsTheStartAndLeavesNothingRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EmbeddedKafka broker = EmbeddedKafka.builder().port(taken.getLocalPort()).build();
            assertThatThrownBy(broker::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
            assertThat(broker.isRunning()).isFalse();
            broker.close();
        }
    }

    @Test
    void aBadBrokerPropertyFailsTheStartAndDeletesTheTemporaryDirectory() throws Exception {
        EmbeddedKafka broker = EmbeddedKafka.builder().brokerProperty("num.partitions", "many").build();
        try (var before = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            long kafkaDirs = before.filter(p -> p.getFileName().toString().startsWith("faas-kafka-")).count();
            assertThatThrownBy(broker::start)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("num.partitions");
            try (var after = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                assertThat(after.filter(p -> p.getFileName().toString().startsWith("faas-kafka-")).count())
                        .isLessThanOrEqualTo(kafkaDirs);
            }
        }
        assertThat(broker.isRunning()).isFalse();
    }

    @Test
    void refusesPropertiesItMustSetItself() {
        assertThatThrownBy(() -> EmbeddedKafka.builder().brokerProperty("listeners", "PLAINTEXT://:9092"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners");
    }

    private static Set<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.isDaemon() && t.isAlive())
                .collect(Collectors.toSet());
    }

    static Admin admin(EmbeddedKafka broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    static void produce(EmbeddedKafka broker, String topic, int count) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    static KafkaConsumer<String, String> consumer(EmbeddedKafka broker, String group, String protocol) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }

    static List<ConsumerRecord<String, String>> consume(EmbeddedKafka broker, String topic, String protocol, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(broker, topic + "-reader-" + SEQ.incrementAndGet(), protocol)) {
            consumer.subscribe(Set.of(topic));
            await().atMost(DEADLINE).pollInSameThread().pollInterval(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= count;
            });
        }
        return records;
    }
}
