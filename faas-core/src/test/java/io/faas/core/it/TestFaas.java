package io.faas.core.it;

import io.faas.api.Faas;
import io.faas.core.DispatcherSettings;
import io.faas.core.FaasClients;
import io.faas.core.FaasSettings;
import io.faas.testkit.FaasTestServers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds isolated faas instances on the shared test servers: own database, group and internal topics. */
public final class TestFaas {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private TestFaas() {
    }

    /** Settings with a fresh database, consumer group, signal topic and dead-letter topic. */
    public static FaasSettings.Builder settings(FaasTestServers servers) {
        String id = "it" + ProcessHandle.current().pid() + "x" + SEQ.incrementAndGet();
        return FaasSettings.builder()
                .kafkaBootstrapServers(servers.kafkaBootstrapServers())
                .mongoUri(servers.mongoUri())
                .mongoDatabase(id)
                .changesTopic(id + ".changes")
                .requestTimeout(Duration.ofSeconds(20))
                .dispatcher(DispatcherSettings.builder()
                        .groupId(id + "-dispatcher")
                        .deadLetterTopic(id + ".dlq")
                        .closeGracePeriod(Duration.ofSeconds(5))
                        .build());
    }

    public static Faas create(FaasSettings settings) {
        return FaasClients.create(settings);
    }

    public static Faas create(FaasSettings settings, io.faas.api.CodeValidator validator) {
        return FaasClients.create(settings, java.util.List.of(), validator);
    }

    public static Faas create(FaasSettings settings, java.util.Collection<? extends io.faas.api.spi.FunctionExecutor> executors) {
        return FaasClients.create(settings, executors);
    }

    /** Every record on a topic from the beginning, read until {@code count} arrived or the timeout. */
    public static List<ConsumerRecord<String, String>> readAll(FaasTestServers servers, String topic, int count,
                                                        Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + SEQ.incrementAndGet(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
